import type { Kysely } from 'kysely';
import { AppError } from '../app-error.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { listQuestions } from '../questionnaires/conditions.ts';
import type { LocalisedText, QuestionnaireVersion } from '../questionnaires/questionnaire.schema.ts';
import { findQuestionnaireVersion } from '../questionnaires/questionnaires.service.ts';
import { findRelease, listPublishedRounds, loadRoundFigures, type Reader } from '../releases/releases.service.ts';
import { compareLabels } from '../reports/reports.service.ts';
import type { OrganisationType } from '../results/groups.ts';
import type { TrendPoint } from '../results/results.schema.ts';
import { toTrendPoint } from '../results/round-changes.ts';
import { buildCodebook, buildDcatDataset, type openDataFiles } from './codebook.ts';
import { buildFigureRows, type OpenDataRelease, writeFiguresCsv, writeFiguresJson } from './open-data.ts';
import { writeFiguresXlsx } from './open-data-xlsx.ts';

export type OpenDataFile = (typeof openDataFiles)[number]['file'] | 'dataset.jsonld';

/**
 * Produces one open data file of a round the reader may see, from its release (the current one, or an earlier
 * version by number): the figures as CSV, XLSX or JSON, the codebook, or the DCAT-AP-SE metadata. A coordinator's
 * preview of an unpublished round is computed live and marked as version 0.
 * @throws AppError('not_found') when the round is not visible to the reader or has no such version.
 */
export async function loadOpenDataFile(
  db: Kysely<Database>,
  clock: Clock,
  input: {
    label: string;
    version?: number;
    file: OpenDataFile;
    reader: Reader;
    minimumRespondents: number;
    baseUrl: string;
  },
): Promise<{ body: Buffer; mediaType: string }> {
  const view = await loadRoundFigures(db, clock, input);
  const { results } = view;
  const versions: Partial<Record<OrganisationType, QuestionnaireVersion>> = {};
  for (const type of ['kommun', 'region'] as const) {
    const id = results.round.versions[type];
    if (id !== null) versions[type] = await findQuestionnaireVersion(db, id);
  }
  const release: OpenDataRelease = {
    version: view.release?.version ?? 0,
    publishedAt: view.release?.publishedAt ?? clock.now().toISOString(),
    errata: view.release?.errata ?? null,
  };
  if (input.file === 'dataset.jsonld') {
    const dataset = buildDcatDataset({
      label: results.round.label,
      publishedAt: view.release?.publishedAt ?? null,
      baseUrl: input.baseUrl,
      years: Object.values(versions).map((version) => version.year),
    });
    return { body: Buffer.from(`${JSON.stringify(dataset, null, 1)}\n`), mediaType: 'application/ld+json' };
  }
  const rows = buildFigureRows(results, release.version);
  switch (input.file) {
    case 'figures.csv':
      return { body: writeFiguresCsv(rows), mediaType: 'text/csv; charset=utf-8' };
    case 'figures.json':
      return { body: writeFiguresJson(results, release, rows), mediaType: 'application/json' };
    case 'codebook.json':
      return {
        body: Buffer.from(`${JSON.stringify(buildCodebook(results, release, versions), null, 1)}\n`),
        mediaType: 'application/json',
      };
    case 'figures.xlsx':
      return {
        body: await writeFiguresXlsx(rows, buildCodebook(results, release, versions)),
        mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      };
  }
}

/** One published indicator across every public round, per organisation type. */
export interface IndicatorTrend {
  key: string;
  label: LocalisedText;
  text: LocalisedText;
  series: { organisationType: OrganisationType; points: TrendPoint[] }[];
  /** Rounds in the trend whose current release is a correction, with its erratum. */
  corrections: { label: string; version: number; errata: LocalisedText }[];
}

/** Lists the yes/no indicators (the Fakta questions) asked in any public round, newest wording first. */
export async function listPublicIndicators(
  db: Kysely<Database>,
  clock: Clock,
): Promise<{ key: string; label: LocalisedText }[]> {
  const found = new Map<string, LocalisedText>();
  for (const { current } of await listPublishedRounds(db, clock)) {
    for (const versionId of [current.questionnaireVersions.kommun, current.questionnaireVersions.region]) {
      if (versionId === null) continue;
      for (const question of listQuestions(await findQuestionnaireVersion(db, versionId))) {
        if (question.indicator && !found.has(question.key)) found.set(question.key, question.label ?? question.text);
      }
    }
  }
  return [...found].map(([key, label]) => ({ key, label }));
}

/**
 * Reads an indicator's published national share of yes from the current release of every public round, oldest
 * first, per organisation type: the same figure each round's report shows.
 * @throws AppError('not_found') when no public round asks a yes/no question with this key.
 */
export async function loadIndicatorTrend(
  db: Kysely<Database>,
  clock: Clock,
  input: { key: string },
): Promise<IndicatorTrend> {
  const published = (await listPublishedRounds(db, clock)).sort((a, b) => compareLabels(a.round.label, b.round.label));
  let wording: { label: LocalisedText; text: LocalisedText } | undefined;
  const series = new Map<OrganisationType, TrendPoint[]>();
  const corrections: IndicatorTrend['corrections'] = [];
  for (const { round, current } of published) {
    const { release } = await findRelease(db, clock, { label: round.label, reader: { isCoordinator: false } });
    const question = release.results.questions.find((candidate) => candidate.key === input.key);
    if (!question || (question.type !== 'yes_no' && question.type !== 'yes_partly_no')) continue;
    wording = { label: question.label, text: question.text };
    if (current.errata) corrections.push({ label: round.label, version: current.version, errata: current.errata });
    for (const type of ['kommun', 'region'] as const) {
      const national = question.groups.find(
        (group) => group.kind === 'organisation-type' && group.organisationType === type,
      );
      if (national === undefined) continue;
      series.set(type, [...(series.get(type) ?? []), toTrendPoint(round.label, type, national)]);
    }
  }
  if (!wording) throw new AppError('not_found', `No published round asks a yes/no question "${input.key}".`);
  return {
    key: input.key,
    ...wording,
    series: [...series].map(([organisationType, points]) => ({ organisationType, points })),
    corrections,
  };
}
