import { nis2Measures } from '../questionnaires/frameworks.ts';
import type { ChoiceGroupFigures } from '../results/figures.ts';
import type { Language, Translate } from '../web/i18n.ts';
import type { MeasureRollUp, NationalReport, ReportQuestion, ReportSection } from './national-report.model.ts';
import type { QuestionChange } from './question-change.ts';
import {
  type ChartValue,
  findRowChartHeight,
  renderShareBarChart,
  renderShareRowChart,
  renderTrendChart,
} from './report-charts.ts';
import {
  formatInterval,
  formatNumber,
  formatPoints,
  formatPValue,
  formatShare,
  type ReportBlock,
  type ReportDocument,
  suppressedMark,
} from './report-document.ts';

/** Builds the national report's document in one language from its model. */
export function buildNationalDocument(report: NationalReport, t: Translate, language: Language): ReportDocument {
  const orgs = t(`reports.orgs.${report.organisationType}`);
  const rate = report.population === 0 ? 0 : report.submitted / report.population;
  const responseRate = t('reports.responseRate', {
    submitted: report.submitted,
    population: report.population,
    orgs,
    rate: formatShare(rate, language),
  });
  const blocks: ReportBlock[] = [
    { kind: 'heading', level: 2, text: t('reports.summary'), id: 'summary' },
    { kind: 'heading', level: 3, text: t('reports.facts'), id: 'facts' },
    report.facts.length > 0
      ? { kind: 'list', items: report.facts.map((fact) => fact[language]), id: 'fact-list' }
      : { kind: 'paragraph', text: t('reports.noFacts') },
    { kind: 'paragraph', text: responseRate },
  ];
  for (const section of report.sections) blocks.push(...sectionBlocks(report, section, t, language));
  blocks.push(...nis2Blocks(report, t, language, orgs));
  blocks.push(
    { kind: 'heading', level: 2, text: t('reports.method.title'), id: 'method' },
    {
      kind: 'paragraph',
      text: t('reports.method.population', {
        population: report.population,
        orgs,
        version: `${report.versionTitle[language]} (${report.versionId})`,
        submitted: report.submitted,
        rate: formatShare(rate, language),
      }),
    },
    { kind: 'paragraph', text: t('reports.method.definitions') },
    { kind: 'paragraph', text: t('reports.method.change') },
    { kind: 'paragraph', text: t('reports.method.facts') },
    { kind: 'paragraph', text: t('reports.method.suppression', { threshold: report.minimumRespondents }) },
    { kind: 'paragraph', text: t('reports.suppressedNote'), isNote: true },
  );
  return {
    language,
    title: t(`reports.national.title.${report.organisationType}`, { label: report.label }),
    subtitle: t('reports.national.subtitle', { version: report.versionTitle[language] }),
    titleLines: [responseRate],
    blocks,
    footer: t('reports.generatedBy'),
    layout: 'report',
  };
}

function shareOf(group: ChoiceGroupFigures, code: string): ChartValue['interval'] {
  if (group.suppressed) return null;
  return group.answers.find((answer) => answer.code === code)?.interval ?? null;
}

function sectionBlocks(
  report: NationalReport,
  section: ReportSection,
  t: Translate,
  language: Language,
): ReportBlock[] {
  const blocks: ReportBlock[] = [
    { kind: 'heading', level: 2, text: section.title[language], id: `section-${section.key}` },
    { kind: 'paragraph', text: section.intro[language] },
    ...sectionOverview(report, section, t, language),
  ];
  const yesQuestions = section.questions.filter(
    (question): question is ChoiceQuestion => question.kind === 'choice' && question.headlineCode !== null,
  );
  if (yesQuestions.length > 0) {
    blocks.push({
      kind: 'table',
      caption: t('reports.table.caption', { label: section.title[language] }),
      header: [
        t('reports.feedback.question'),
        t('reports.table.respondents'),
        t('reports.table.shareYes'),
        t('reports.table.interval'),
        t('reports.table.change'),
      ],
      rows: yesQuestions.map((question) => {
        const interval = shareOf(question.national, 'yes');
        return [
          `${question.number} ${question.label[language]}`,
          question.national.suppressed ? suppressedMark : String(question.national.respondents),
          interval ? formatShare(interval.share, language) : suppressedMark,
          interval ? formatInterval(interval) : suppressedMark,
          formatChangeCell(question.change, language),
        ];
      }),
      numericFrom: 1,
    });
  }
  for (const question of section.questions) {
    if (question.kind === 'choice' && question.headlineCode === null)
      blocks.push(...optionBlocks(report, question, t, language));
  }
  const numberQuestions = section.questions.filter(
    (question): question is NumberQuestion => question.kind === 'number',
  );
  if (numberQuestions.length > 0) {
    blocks.push({
      kind: 'table',
      caption: t('reports.table.numbers', { label: section.title[language] }),
      header: [
        t('reports.feedback.question'),
        t('reports.table.respondents'),
        t('reports.table.median'),
        t('reports.table.quartiles'),
        t('reports.table.change'),
      ],
      rows: numberQuestions.map((question) => {
        const national = question.national;
        const unit = question.unit ? ` (${question.unit[language]})` : '';
        return [
          `${question.number} ${question.label[language]}${unit}`,
          national.suppressed ? suppressedMark : String(national.respondents),
          national.suppressed ? suppressedMark : formatNumber(national.quartiles.median, language),
          national.suppressed
            ? suppressedMark
            : `${formatNumber(national.quartiles.firstQuartile, language)}–${formatNumber(national.quartiles.thirdQuartile, language)}`,
          formatChangeCell(question.change, language),
        ];
      }),
      numericFrom: 1,
    });
  }
  if (section.questions.some((question) => question.change !== null))
    blocks.push({ kind: 'paragraph', text: t('reports.table.changeNote'), isNote: true });
  for (const question of section.questions) {
    if (question.isIndicator || question.comparabilityNotes.length === 0) continue;
    for (const note of question.comparabilityNotes) {
      blocks.push({
        kind: 'paragraph',
        text: `${question.number} ${question.label[language]}. ${t('reports.comparability', { note: note[language] })}`,
        isNote: true,
      });
    }
  }
  for (const question of yesQuestions)
    if (question.isIndicator) blocks.push(...indicatorBlocks(report, question, t, language));
  return blocks;
}

type ChoiceQuestion = Extract<ReportQuestion, { kind: 'choice' }>;
type NumberQuestion = Extract<ReportQuestion, { kind: 'number' }>;

/** A compact change cell: the difference, an arrow when significant, and the p-value. */
function formatChangeCell(change: QuestionChange | null, language: Language): string {
  if (change === null) return '–';
  const arrow = change.isSignificant ? '*' : '';
  const difference =
    change.measure === 'share-yes' ? formatPoints(change.difference) : formatNumber(change.difference, language);
  return `${difference}${arrow} (p ${change.test.pValue < 0.001 ? '' : '= '}${formatPValue(change.test.pValue, language)})`;
}

function optionBlocks(
  report: NationalReport,
  question: ChoiceQuestion,
  t: Translate,
  language: Language,
): ReportBlock[] {
  const national = question.national;
  const nationalName = t(`reports.group.all.${report.organisationType}`);
  const respondents = national.suppressed ? suppressedMark : String(national.respondents);
  return [
    {
      kind: 'table',
      caption: t('reports.table.caption', {
        label: `${question.number} ${question.label[language]} (${nationalName}, n = ${respondents})`,
      }),
      header: [t('reports.table.answer'), t('reports.table.share'), t('reports.table.interval')],
      rows: question.options.map((option) => {
        const interval = shareOf(national, option.code);
        return [
          option.label[language],
          interval ? formatShare(interval.share, language) : suppressedMark,
          interval ? formatInterval(interval) : suppressedMark,
        ];
      }),
      numericFrom: 1,
    },
  ];
}

/** The detail of a headline indicator: by kommungrupp with intervals, over time, and its change. */
function indicatorBlocks(
  report: NationalReport,
  question: ChoiceQuestion,
  t: Translate,
  language: Language,
): ReportBlock[] {
  const blocks: ReportBlock[] = [
    {
      kind: 'heading',
      level: 3,
      text: `${question.number} ${question.label[language]}`,
      id: `question-${question.key}`,
    },
    { kind: 'paragraph', text: question.text[language], isNote: true },
  ];
  const nationalName = t(`reports.group.all.${report.organisationType}`);
  const axis = t('reports.chart.axis');
  const groups = [question.national, ...question.municipalityGroups];
  if (question.municipalityGroups.length > 0) {
    const values = groups.map((group) => ({
      label: group.kind === 'organisation-type' ? t('reports.chart.national') : group.key,
      interval: shareOf(group, 'yes'),
    }));
    const caption = t('reports.chart.byGroup');
    blocks.push({
      kind: 'chart',
      svg: renderShareBarChart(values, { yAxisName: axis }),
      caption,
      alt: describeValues(caption, values, t, language),
      height: 240,
    });
    blocks.push({
      kind: 'table',
      caption: t('reports.table.byGroup', { label: question.label[language] }),
      header: [
        t('reports.table.group'),
        t('reports.table.population'),
        t('reports.table.respondents'),
        t('reports.table.shareYes'),
        t('reports.table.interval'),
      ],
      rows: groups.map((group) => {
        const interval = shareOf(group, 'yes');
        return [
          group.kind === 'organisation-type' ? nationalName : group.key,
          String(group.population),
          group.suppressed ? suppressedMark : String(group.respondents),
          interval ? formatShare(interval.share, language) : suppressedMark,
          interval ? formatInterval(interval) : suppressedMark,
        ];
      }),
      numericFrom: 1,
    });
  }
  if (question.trend.length > 1) {
    const values = question.trend.map((point) => ({ label: point.label, interval: point.interval }));
    const caption = t('reports.chart.trend');
    blocks.push({
      kind: 'chart',
      svg: renderTrendChart(values, { yAxisName: axis }),
      caption,
      alt: describeValues(caption, values, t, language),
      height: 200,
    });
  }
  blocks.push({ kind: 'paragraph', text: describeChange(question.change, t, language) });
  for (const note of question.comparabilityNotes)
    blocks.push({ kind: 'paragraph', text: t('reports.comparability', { note: note[language] }), isNote: true });
  return blocks;
}

/** Words a change since the previous round with its paired test. */
export function describeChange(change: QuestionChange | null, t: Translate, language: Language): string {
  if (change === null) return t('reports.change.none');
  const verdict = !change.isSignificant
    ? t('reports.change.notSignificant')
    : change.test.direction === 'increase'
      ? t('reports.change.improvement')
      : t('reports.change.decline');
  const common = {
    previous: change.previousLabel,
    verdict,
    p: formatPValue(change.test.pValue, language),
    pairs: change.pairs,
  };
  if (change.measure === 'share-yes') {
    return t('reports.change.share', {
      ...common,
      difference: formatPoints(change.difference),
      before: formatShare(change.before, language),
      after: formatShare(change.after, language),
    });
  }
  return t('reports.change.median', {
    ...common,
    before: formatNumber(change.before, language),
    after: formatNumber(change.after, language),
  });
}

/** One chart per section: the national share answering yes to each of its yes/no questions. */
function sectionOverview(
  report: NationalReport,
  section: ReportSection,
  t: Translate,
  language: Language,
): ReportBlock[] {
  const values: ChartValue[] = [];
  for (const question of section.questions) {
    if (question.kind !== 'choice' || question.headlineCode === null) continue;
    values.push({
      label: `${question.number} ${question.label[language]}`,
      interval: shareOf(question.national, question.headlineCode),
    });
  }
  if (values.length === 0) return [];
  const caption = t('reports.chart.section', { orgs: t(`reports.orgs.${report.organisationType}`) });
  const svg = renderShareRowChart(values, { xAxisName: t('reports.chart.axis') });
  return [
    {
      kind: 'chart',
      svg,
      caption,
      alt: describeValues(caption, values, t, language),
      height: findRowChartHeight(values.length),
    },
  ];
}

function describeValues(caption: string, values: readonly ChartValue[], t: Translate, language: Language): string {
  const parts = values.map(
    (value) =>
      `${value.label}: ${value.interval ? formatShare(value.interval.share, language) : t('reports.chart.suppressed')}`,
  );
  return `${caption}. ${parts.join(', ')}.`;
}

function nis2Blocks(report: NationalReport, t: Translate, language: Language, orgs: string): ReportBlock[] {
  const nameOf = (rollUp: MeasureRollUp) =>
    rollUp.point === 'leadership'
      ? t('reports.nis2.leadership')
      : `${t('reports.nis2.point', { point: rollUp.point, actPoint: nis2Measures[rollUp.point].cyberSecurityActPoint })} ${nis2Measures[rollUp.point].name[language]}`;
  return [
    { kind: 'heading', level: 2, text: t('reports.nis2.title'), id: 'nis2' },
    { kind: 'paragraph', text: t('reports.nis2.intro', { orgs }) },
    {
      kind: 'table',
      caption: t('reports.nis2.title'),
      header: [
        t('reports.nis2.measure'),
        t('reports.nis2.questions'),
        t('reports.table.respondents'),
        t('reports.nis2.covered'),
        t('reports.table.interval'),
      ],
      rows: report.nis2.map((rollUp) => [
        nameOf(rollUp),
        rollUp.questionKeys.length === 0 ? t('reports.nis2.notMeasured') : String(rollUp.questionKeys.length),
        rollUp.interval ? String(rollUp.respondents) : suppressedMark,
        rollUp.interval ? formatShare(rollUp.interval.share, language) : suppressedMark,
        rollUp.interval ? formatInterval(rollUp.interval) : suppressedMark,
      ]),
      numericFrom: 1,
    },
  ];
}
