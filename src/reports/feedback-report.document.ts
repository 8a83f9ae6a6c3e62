import { leadershipTrainingProvision, msbStepNames, nis2Measures } from '../questionnaires/frameworks.ts';
import type { MeasureCoverage } from '../results/nis2-coverage.ts';
import { formatNumber, formatShare } from '../web/figure-format.ts';
import type { Language, Translate } from '../web/i18n.ts';
import type { ComparisonCell, FeedbackReport, ShownAnswer } from './feedback-report.model.ts';
import { type ReportBlock, type ReportDocument, suppressedMark } from './report-document.ts';

function showAnswer(answer: ShownAnswer, t: Translate, language: Language): string {
  if (answer === null) return t('reports.feedback.noAnswer');
  switch (answer.kind) {
    case 'option':
      return answer.label[language];
    case 'options':
      return answer.labels.map((label) => label[language]).join('; ');
    case 'number':
      return formatNumber(answer.value, language);
  }
}

function showCell(cell: ComparisonCell, t: Translate, language: Language): string {
  switch (cell.kind) {
    case 'share':
      return cell.code === 'yes'
        ? t('reports.feedback.cell.yes', { share: formatShare(cell.share, language) })
        : t('reports.feedback.cell.same', { share: formatShare(cell.share, language) });
    case 'median':
      return t('reports.feedback.cell.median', { value: formatNumber(cell.value, language) });
    case 'suppressed':
      return suppressedMark;
    case 'none':
      return '–';
  }
}

function coverageRow(
  name: string,
  coverage: Omit<MeasureCoverage, 'point'>,
  t: Translate,
  language: Language,
): string[] {
  return [
    name,
    t(`reports.feedback.status.${coverage.status}`),
    coverage.openQuestions.map((item) => (item.question.label ?? item.question.text)[language]).join('; ') || '–',
    coverage.nextStep ? msbStepNames[coverage.nextStep][language] : '–',
  ];
}

/** Builds an organisation's feedback report document in one language from its model. */
export function buildFeedbackDocument(report: FeedbackReport, t: Translate, language: Language): ReportDocument {
  const { organisation } = report;
  const orgs = t(`reports.orgs.${organisation.type}`);
  const { comparison } = report;
  const title = t('reports.feedback.title', { label: report.label, name: organisation.name });
  const lead = t('reports.feedback.lead', {
    name: organisation.name,
    label: report.label,
    comparison:
      comparison.kind === 'municipality-group'
        ? t('reports.feedback.groupComparison', { group: comparison.key })
        : comparison.kind === 'main-group'
          ? t('reports.feedback.mainGroupComparison', { group: comparison.key })
          : t('reports.feedback.noGroup'),
    orgs,
  });
  const blocks: ReportBlock[] = [{ kind: 'paragraph', text: t('reports.feedback.confidential'), isNote: true }];
  if (report.release?.errata) {
    blocks.push({ kind: 'paragraph', text: t('reports.release.errata', { text: report.release.errata[language] }) });
  }
  if (comparison.kind === 'main-group') {
    blocks.push({
      kind: 'paragraph',
      text: t('reports.feedback.mainGroupFallback', {
        group: comparison.instead,
        mainGroup: comparison.key,
        threshold: report.minimumRespondents,
      }),
    });
  }
  if (!report.hasSubmitted) {
    blocks.push({
      kind: 'paragraph',
      text: t('reports.feedback.notSubmitted', { name: organisation.name, label: report.label }),
    });
  }
  blocks.push({ kind: 'heading', level: 2, text: t('reports.feedback.answers'), id: 'answers' });
  const groupHeader =
    comparison.kind === 'municipality-group'
      ? t('reports.feedback.groupColumn', { group: comparison.key })
      : comparison.kind === 'main-group'
        ? t('reports.feedback.mainGroupColumn', { group: comparison.key })
        : null;
  for (const section of report.sections) {
    blocks.push({
      kind: 'table',
      caption: section.title[language],
      header: [
        t('reports.feedback.question'),
        t('reports.feedback.own'),
        ...(groupHeader ? [groupHeader] : []),
        t(`reports.group.all.${organisation.type}`),
      ],
      rows: section.rows.map((row) => [
        `${row.number} ${row.label[language]}`,
        showAnswer(row.own, t, language),
        ...(groupHeader ? [showCell(row.group, t, language)] : []),
        showCell(row.national, t, language),
      ]),
      numericFrom: 2,
    });
  }
  blocks.push({ kind: 'paragraph', text: t('reports.suppressedNote'), isNote: true });
  blocks.push({ kind: 'heading', level: 2, text: t('reports.feedback.trend'), id: 'trend' });
  const rounds = [...new Set(report.trend.flatMap((row) => row.answers.map((answer) => answer.label)))].sort((a, b) =>
    a.localeCompare(b, 'sv', { numeric: true }),
  );
  if (report.trend.length === 0) {
    blocks.push({ kind: 'paragraph', text: t('reports.feedback.noTrend') });
  } else {
    blocks.push({ kind: 'paragraph', text: t('reports.feedback.trendIntro') });
    blocks.push({
      kind: 'table',
      caption: t('reports.feedback.trend'),
      header: [t('reports.feedback.question'), ...rounds],
      rows: report.trend.map((row) => [
        `${row.number} ${row.label[language]}`,
        ...rounds.map((label) => {
          const found = row.answers.find((answer) => answer.label === label);
          return found ? showAnswer(found.answer, t, language) : '–';
        }),
      ]),
      numericFrom: 1,
    });
  }
  blocks.push(
    { kind: 'heading', level: 2, text: t('reports.feedback.nis2'), id: 'nis2' },
    { kind: 'paragraph', text: t('reports.feedback.nis2Intro') },
    {
      kind: 'table',
      caption: t('reports.feedback.nis2'),
      header: [
        t('reports.nis2.measure'),
        t('reports.feedback.status'),
        t('reports.feedback.workOn'),
        t('reports.feedback.nextStep'),
      ],
      rows: [
        ...report.nis2.map((coverage) => {
          const measure = nis2Measures[coverage.point];
          const name = `${t('reports.feedback.lawPoint', { point: measure.cyberSecurityActPoint, letter: coverage.point })}: ${measure.name[language]}`;
          return coverageRow(name, coverage, t, language);
        }),
        coverageRow(
          `${leadershipTrainingProvision.reference[language]}: ${leadershipTrainingProvision.name[language]}`,
          report.leadership,
          t,
          language,
        ),
      ],
      numericFrom: 99,
    },
  );
  return { language, title, subtitle: lead, titleLines: [], blocks, footer: t('reports.generatedBy'), layout: 'brief' };
}
