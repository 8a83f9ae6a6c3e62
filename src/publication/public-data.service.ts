import type { Kysely } from 'kysely';
import { AppError } from '../app-error.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { listQuestions } from '../questionnaires/conditions.ts';
import type { LocalisedText } from '../questionnaires/questionnaire.schema.ts';
import { findQuestionnaireVersion } from '../questionnaires/questionnaires.service.ts';
import { findRelease, listPublishedRounds } from '../releases/releases.service.ts';
import { compareLabels } from '../reports/reports.service.ts';
import type { OrganisationType } from '../results/groups.ts';
import type { TrendPoint } from '../results/results.schema.ts';
import { toTrendPoint } from '../results/round-changes.ts';

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
