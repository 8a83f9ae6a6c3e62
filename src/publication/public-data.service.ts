import type { Kysely } from 'kysely';
import { AppError } from '../app-error.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { listQuestions } from '../questionnaires/conditions.ts';
import type { LocalisedText } from '../questionnaires/questionnaire.schema.ts';
import { findQuestionnaireVersion } from '../questionnaires/questionnaires.service.ts';
import { type TrendPoint, trendPoint } from '../reports/national-report.model.ts';
import { compareLabels, loadRoundFigures, type Reader } from '../reports/reports.service.ts';
import { findTypeFigures } from '../reports/round-figures.ts';
import type { OrganisationType } from '../results/groups.ts';
import { buildCodebook, buildDcatDataset, type openDataFiles } from './codebook.ts';
import { buildFigureRows, writeFiguresCsv, writeFiguresJson } from './open-data.ts';
import { writeFiguresXlsx } from './open-data-xlsx.ts';
import { findVisibleRound, listPublicRounds } from './publication.service.ts';

export type OpenDataFile = (typeof openDataFiles)[number]['file'] | 'dataset.jsonld';

/**
 * Produces one open data file of a round the reader may see: the figures as CSV, XLSX or JSON, the codebook, or
 * the DCAT-AP-SE metadata.
 * @throws AppError('not_found') when the round is not visible to the reader.
 */
export async function loadOpenDataFile(
  db: Kysely<Database>,
  clock: Clock,
  input: { label: string; file: OpenDataFile; reader: Reader; minimumRespondents: number; baseUrl: string },
): Promise<{ body: Buffer; mediaType: string }> {
  const round = await findVisibleRound(db, clock, input.label, input.reader);
  if (input.file === 'dataset.jsonld') {
    const years = [round.versions.kommun, round.versions.region]
      .filter((id): id is string => id !== null)
      .map((id) => findQuestionnaireVersion(id).year);
    const dataset = buildDcatDataset({
      label: round.label,
      publishedAt: round.publishedAt,
      baseUrl: input.baseUrl,
      years,
    });
    return { body: Buffer.from(`${JSON.stringify(dataset, null, 1)}\n`), mediaType: 'application/ld+json' };
  }
  const figures = await loadRoundFigures(db, round, input.minimumRespondents);
  const rows = buildFigureRows(figures);
  switch (input.file) {
    case 'figures.csv':
      return { body: writeFiguresCsv(rows), mediaType: 'text/csv; charset=utf-8' };
    case 'figures.json':
      return { body: writeFiguresJson(figures, rows), mediaType: 'application/json' };
    case 'codebook.json':
      return {
        body: Buffer.from(`${JSON.stringify(buildCodebook(figures), null, 1)}\n`),
        mediaType: 'application/json',
      };
    case 'figures.xlsx':
      return {
        body: await writeFiguresXlsx(rows, buildCodebook(figures)),
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
}

/** Lists the yes/no indicators (the Fakta questions) asked in any public round, newest wording first. */
export async function listPublicIndicators(
  db: Kysely<Database>,
  clock: Clock,
): Promise<{ key: string; label: LocalisedText }[]> {
  const found = new Map<string, LocalisedText>();
  for (const round of await listPublicRounds(db, clock)) {
    for (const versionId of [round.versions.kommun, round.versions.region]) {
      if (versionId === null) continue;
      for (const question of listQuestions(findQuestionnaireVersion(versionId))) {
        if (question.indicator && !found.has(question.key)) found.set(question.key, question.label ?? question.text);
      }
    }
  }
  return [...found].map(([key, label]) => ({ key, label }));
}

/**
 * Loads an indicator's national share of yes in every public round, oldest first, per organisation type.
 * @throws AppError('not_found') when no public round asks a yes/no question with this key.
 */
export async function loadIndicatorTrend(
  db: Kysely<Database>,
  clock: Clock,
  input: { key: string; minimumRespondents: number },
): Promise<IndicatorTrend> {
  const rounds = (await listPublicRounds(db, clock)).sort((a, b) => compareLabels(a.label, b.label));
  let wording: { label: LocalisedText; text: LocalisedText } | undefined;
  const series = new Map<OrganisationType, TrendPoint[]>();
  for (const round of rounds) {
    const figures = await loadRoundFigures(db, round, input.minimumRespondents);
    for (const type of ['kommun', 'region'] as const) {
      const typeFigures = findTypeFigures(figures, type);
      const question = typeFigures
        ? listQuestions(typeFigures.version).find((candidate) => candidate.key === input.key)
        : undefined;
      if (!question || (question.type !== 'yes_no' && question.type !== 'yes_partly_no')) continue;
      wording = { label: question.label ?? question.text, text: question.text };
      series.set(type, [...(series.get(type) ?? []), trendPoint(figures, type, input.key, 'yes')]);
    }
  }
  if (!wording) throw new AppError('not_found', `No published round asks a yes/no question "${input.key}".`);
  return {
    key: input.key,
    ...wording,
    series: [...series].map(([organisationType, points]) => ({ organisationType, points })),
  };
}
