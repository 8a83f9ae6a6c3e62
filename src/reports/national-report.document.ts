import { nis2Measures } from '../questionnaires/frameworks.ts';
import type { Nis2Point } from '../questionnaires/questionnaire.schema.ts';
import { describeChange } from '../results/change-wording.ts';
import type { Nis2RollUp, QuestionChange, TrendPoint } from '../results/results.schema.ts';
import { formatStockholm } from '../rounds/stockholm-time.ts';
import { formatInterval, formatNumber, formatPoints, formatShare, formatSignedNumber } from '../web/figure-format.ts';
import type { Language, Translate } from '../web/i18n.ts';
import type { ChoiceFigure, NationalReport, ReportQuestion, ReportSection } from './national-report.model.ts';
import {
  type ChartValue,
  findRowChartHeight,
  renderShareBarChart,
  renderShareRowChart,
  renderTrendChart,
} from './report-charts.ts';
import { type ReportBlock, type ReportDocument, suppressedMark } from './report-document.ts';

/** Builds the national report's document in one language from its model. */
export function buildNationalDocument(report: NationalReport, t: Translate, language: Language): ReportDocument {
  const orgs = t(`reports.orgs.${report.organisationType}`);
  const { invited, submitted, rate } = report.responseRate;
  const responseRate = t('reports.responseRate', {
    submitted,
    population: invited,
    orgs,
    rate: formatShare(rate, language),
  });
  const blocks: ReportBlock[] = [
    ...releaseBlocks(report, t, language),
    { kind: 'heading', level: 2, text: t('reports.summary'), id: 'summary' },
    { kind: 'heading', level: 3, text: t('reports.facts'), id: 'facts' },
    report.facts.length > 0
      ? { kind: 'list', items: report.facts.map((fact) => fact[language]), id: 'fact-list' }
      : { kind: 'paragraph', text: t('reports.noFacts') },
    { kind: 'paragraph', text: describeFactRates(report, t, language) },
  ];
  for (const section of report.sections) blocks.push(...sectionBlocks(report, section, t, language));
  blocks.push(...nis2Blocks(report, t, language, orgs));
  blocks.push(
    { kind: 'heading', level: 2, text: t('reports.method.title'), id: 'method' },
    {
      kind: 'paragraph',
      text: t('reports.method.population', {
        population: invited,
        orgs,
        version: `${report.versionTitle[language]} (${report.versionId})`,
        submitted,
        rate: formatShare(rate, language),
      }),
    },
    { kind: 'paragraph', text: t('reports.method.definitions') },
    { kind: 'paragraph', text: t('reports.method.change', { threshold: report.minimumRespondents }) },
    { kind: 'paragraph', text: t('reports.method.facts') },
    { kind: 'paragraph', text: t('reports.method.suppression', { threshold: report.minimumRespondents }) },
    {
      kind: 'paragraph',
      text:
        report.nationalExemptions.length === 0
          ? t('reports.method.noExemptions')
          : t('reports.method.exemptions', {
              questions: report.nationalExemptions.map((label) => label[language]).join('; '),
            }),
    },
    ...(report.release
      ? [{ kind: 'paragraph' as const, text: t('reports.method.release', { version: report.release.version }) }]
      : []),
    { kind: 'paragraph', text: t('reports.suppressedNote'), isNote: true },
  );
  return {
    language,
    title: t(`reports.national.title.${report.organisationType}`, { label: report.label }),
    subtitle: t('reports.national.subtitle', { version: report.versionTitle[language] }),
    titleLines: [responseRate, ...(report.release ? [describeVersion(report, t)] : [])],
    blocks,
    footer: t('reports.generatedBy'),
    layout: 'report',
  };
}

/** The response rates the Fakta rest on, one per type: the tenths form speaks of respondents. */
function describeFactRates(report: NationalReport, t: Translate, language: Language): string {
  const parts = report.factRates.map((rate) =>
    t('reports.factRate', {
      submitted: rate.submitted,
      population: rate.invited,
      orgs: t(`reports.orgs.${rate.organisationType}`),
      rate: formatShare(rate.rate, language),
    }),
  );
  return t('reports.factRates', { parts: parts.join(t('reports.and')) });
}

function describeVersion(report: NationalReport, t: Translate): string {
  const release = report.release;
  if (release === null) return '';
  return t('reports.release.version', { version: release.version, time: formatStockholm(release.publishedAt) });
}

/** The version line and, for a correction, its erratum: first in the report, as on every public page. */
function releaseBlocks(report: NationalReport, t: Translate, language: Language): ReportBlock[] {
  const release = report.release;
  if (release === null) return [];
  const blocks: ReportBlock[] = [];
  if (release.errata) {
    blocks.push({ kind: 'paragraph', text: t('reports.release.errata', { text: release.errata[language] }) });
  }
  if (release.versions.length > 1) {
    const others = release.versions
      .filter((other) => other.version !== release.version)
      .map((other) => t('reports.release.other', { version: other.version, time: formatStockholm(other.publishedAt) }));
    blocks.push({ kind: 'paragraph', text: `${describeVersion(report, t)} ${others.join(' ')}`, isNote: true });
  }
  return blocks;
}

/** A share of one answer with its interval, or null when the group is suppressed or has no such answer. */
function shareOf(group: ChoiceFigure, code: string): ChartValue['interval'] {
  if (group.suppressed) return null;
  return group.answers.find((answer) => answer.code === code) ?? null;
}

function chartValue(label: string, interval: ChartValue['interval'], t: Translate, language: Language): ChartValue {
  return { label, interval, text: interval ? formatShare(interval.share, language) : t('reports.chart.suppressed') };
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
    if ((question.kind === 'choice' && question.headlineCode === null) || question.kind === 'multiple')
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
          national.suppressed ? suppressedMark : formatNumber(national.median, language),
          national.suppressed
            ? suppressedMark
            : `${formatNumber(national.firstQuartile, language)}–${formatNumber(national.thirdQuartile, language)}`,
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

type ChoiceQuestion = Extract<ReportQuestion, { kind: 'choice' | 'multiple' }>;
type NumberQuestion = Extract<ReportQuestion, { kind: 'number' }>;

/**
 * A compact change cell: the difference between the two rounds' respondents, with * when Newcombe's interval
 * excludes zero. The paired comparison is worded beside each indicator.
 */
function formatChangeCell(change: QuestionChange | null, language: Language): string {
  if (change === null || change.national.difference === null) return '–';
  const { difference, verdict } = change.national;
  const mark = verdict === 'increase' || verdict === 'decrease' ? '*' : '';
  return `${change.measure === 'yes-share' ? formatPoints(difference) : formatSignedNumber(difference, language)}${mark}`;
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
      caption: t(question.kind === 'multiple' ? 'reports.table.multiple' : 'reports.table.caption', {
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

/** The detail of a headline indicator: by kommungrupp with intervals, over time, and its change on both bases. */
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
    const values = groups.map((group) =>
      chartValue(
        group.kind === 'organisation-type' ? t('reports.chart.national') : group.key,
        shareOf(group, 'yes'),
        t,
        language,
      ),
    );
    const caption = t('reports.chart.byGroup');
    blocks.push({
      kind: 'chart',
      svg: renderShareBarChart(values, { yAxisName: axis }),
      caption,
      alt: describeValues(caption, values),
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
    const values = question.trend.map((point) => chartValue(point.label, trendInterval(point), t, language));
    const caption = t('reports.chart.trend');
    blocks.push({
      kind: 'chart',
      svg: renderTrendChart(values, { yAxisName: axis }),
      caption,
      alt: describeValues(caption, values),
      height: 200,
    });
  }
  for (const text of describeChange(question.change, report, t, language)) blocks.push({ kind: 'paragraph', text });
  for (const note of question.comparabilityNotes)
    blocks.push({ kind: 'paragraph', text: t('reports.comparability', { note: note[language] }), isNote: true });
  return blocks;
}

/** A trend point's share and interval, or null when the round's figure is suppressed. */
export function trendInterval(point: TrendPoint): ChartValue['interval'] {
  if (point.value === null || point.lower === null || point.upper === null) return null;
  return { share: point.value, lower: point.lower, upper: point.upper };
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
    values.push(
      chartValue(
        `${question.number} ${question.label[language]}`,
        shareOf(question.national, question.headlineCode),
        t,
        language,
      ),
    );
  }
  if (values.length === 0) return [];
  const caption = t('reports.chart.section', { orgs: t(`reports.orgs.${report.organisationType}`) });
  const svg = renderShareRowChart(values, { xAxisName: t('reports.chart.axis') });
  return [
    {
      kind: 'chart',
      svg,
      caption,
      alt: describeValues(caption, values),
      height: findRowChartHeight(values.length),
    },
  ];
}

/** A chart's text alternative: its caption and every value as printed. */
export function describeValues(caption: string, values: readonly ChartValue[]): string {
  return `${caption}. ${values.map((value) => `${value.label}: ${value.text}`).join(', ')}.`;
}

function nis2Blocks(report: NationalReport, t: Translate, language: Language, orgs: string): ReportBlock[] {
  const nameOf = (rollUp: Nis2RollUp) => {
    if (rollUp.point === 'leadership') return t('reports.nis2.leadership');
    const measure = nis2Measures[rollUp.point as Nis2Point];
    return `${t('reports.nis2.point', { point: rollUp.point, actPoint: measure.cyberSecurityActPoint })} ${measure.name[language]}`;
  };
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
      rows: report.nis2.map((rollUp) => {
        const interval =
          rollUp.share === null || rollUp.lower === null || rollUp.upper === null
            ? null
            : { share: rollUp.share, lower: rollUp.lower, upper: rollUp.upper };
        return [
          nameOf(rollUp),
          rollUp.questionKeys.length === 0 ? t('reports.nis2.notMeasured') : String(rollUp.questionKeys.length),
          interval && rollUp.respondents !== null ? String(rollUp.respondents) : suppressedMark,
          interval ? formatShare(interval.share, language) : suppressedMark,
          interval ? formatInterval(interval) : suppressedMark,
        ];
      }),
      numericFrom: 1,
    },
  ];
}
