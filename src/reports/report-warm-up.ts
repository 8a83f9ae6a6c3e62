/**
 * The first report PDF of a process costs about twice a later one, and more since the chart and PDF libraries load
 * on first use: the libraries load, the fonts' layout tables are parsed and the chart, SVG and layout code is
 * compiled. The server renders this small report, with every kind of block and the questionnaires' own wording, in
 * the background after it has answered the first coordinator (the readers of national reports), so no reader pays
 * for that and a server busy only with respondents never loads those libraries at all.
 */
import type { FastifyInstance } from 'fastify';
import { isCoordinator } from '../http/policy.ts';
import { listQuestions } from '../questionnaires/conditions.ts';
import { loadShippedQuestionnaires } from '../questionnaires/questionnaire-file.ts';
import { formatInterval, formatShare } from '../web/figure-format.ts';
import { type Language, languages, translatorFor } from '../web/i18n.ts';
import {
  type ChartValue,
  findRowChartHeight,
  renderShareBarChart,
  renderShareRowChart,
  renderTrendChart,
} from './report-charts.ts';
import type { ReportDocument } from './report-document.ts';
import { renderReportDocumentPdf } from './reports.service.ts';

const sampleGroups = ['A1', 'A2', 'A3', 'B4', 'B5', 'B6', 'C7', 'C8', 'C9'];

/** Builds a report with headings, paragraphs, a list, a table of every question and each kind of chart. */
export function buildWarmUpDocument(language: Language): ReportDocument {
  const t = translatorFor(language);
  const values: ChartValue[] = sampleGroups.map((label, index) => {
    const share = 0.4 + index / 20;
    return { label, interval: { share, lower: share - 0.1, upper: share + 0.1 }, text: formatShare(share, language) };
  });
  // Any realistic version will do for warming up: the shipped files, without a database.
  const latest = loadShippedQuestionnaires().at(-1);
  const questions = latest ? listQuestions(latest) : [];
  return {
    language,
    title: t('reports.national.title.kommun', { label: '2023' }),
    subtitle: t('reports.national.subtitle', { version: latest?.title[language] ?? '' }),
    titleLines: [
      t('reports.responseRate', {
        submitted: 250,
        population: 290,
        orgs: t('reports.orgs.kommun'),
        rate: formatShare(0.86, language),
      }),
    ],
    blocks: [
      { kind: 'heading', level: 2, text: t('reports.summary'), id: 'summary' },
      { kind: 'heading', level: 3, text: t('reports.facts'), id: 'facts' },
      { kind: 'list', items: [t('reports.noFacts'), t('reports.method.change')] },
      { kind: 'paragraph', text: t('reports.method.definitions') },
      {
        kind: 'chart',
        svg: renderShareRowChart(values, { xAxisName: t('reports.chart.axis') }),
        caption: t('reports.chart.section', { orgs: t('reports.orgs.kommun') }),
        alt: t('reports.chart.section', { orgs: t('reports.orgs.kommun') }),
        height: findRowChartHeight(values.length),
      },
      {
        kind: 'table',
        caption: t('reports.table.caption', { label: latest?.title[language] ?? '' }),
        header: [t('reports.feedback.question'), t('reports.table.respondents'), t('reports.table.interval')],
        rows: questions.map((question, index) => [
          (question.label ?? question.text)[language],
          String(index),
          formatInterval({ lower: index / 200, upper: index / 100 }),
        ]),
        numericFrom: 1,
      },
      { kind: 'paragraph', text: t('reports.table.changeNote'), isNote: true },
      {
        kind: 'chart',
        svg: renderShareBarChart(values, { yAxisName: t('reports.chart.axis') }),
        caption: t('reports.chart.byGroup'),
        alt: t('reports.chart.byGroup'),
        height: 240,
      },
      {
        kind: 'chart',
        svg: renderTrendChart(values.slice(0, 3), { yAxisName: t('reports.chart.axis') }),
        caption: t('reports.chart.trend'),
        alt: t('reports.chart.trend'),
        height: 200,
      },
    ],
    footer: t('reports.generatedBy'),
    layout: 'report',
  };
}

/**
 * Renders the warm-up report once in each language, yielding to the event loop between them, and returns the time
 * it took in milliseconds. Safe to call at any time; it reads no data and changes none.
 */
export async function warmUpReportRendering(): Promise<number> {
  const started = performance.now();
  for (const language of languages) {
    await new Promise((resolve) => setImmediate(resolve));
    await renderReportDocumentPdf(buildWarmUpDocument(language));
  }
  return performance.now() - started;
}

// Once per process: what it warms (loaded modules, parsed fonts, compiled code) is per process too.
let startedWarmUp: Promise<number> | undefined;

/** The warm-up this process started, if it started one. */
export function findStartedReportWarmUp(): Promise<number> | undefined {
  return startedWarmUp;
}

/**
 * After the response to the first request of a coordinator, starts the warm-up in the background and logs its
 * time; a failure costs only the first PDF's speed, so it is logged, not thrown.
 */
export function registerReportWarmUp(app: FastifyInstance): void {
  app.addHook('onResponse', async (request) => {
    if (startedWarmUp !== undefined || !isCoordinator(request.user)) return;
    startedWarmUp = warmUpReportRendering();
    startedWarmUp.then(
      (milliseconds) => request.log.info({ milliseconds: Math.round(milliseconds) }, 'report rendering warmed up'),
      (error: unknown) => request.log.warn({ err: error }, 'warming up report rendering failed'),
    );
  });
}
