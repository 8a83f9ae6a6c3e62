import type { Kysely } from 'kysely';
import { AppError } from '../app-error.ts';
import type { Database } from '../db/database.ts';
import { listOrganisations } from '../organisations/organisations.service.ts';
import { listAnswerOptions } from '../questionnaires/question-wording.ts';
import type { Answers, QuestionnaireVersion } from '../questionnaires/questionnaire.schema.ts';
import { listQuestionnaireVersions } from '../questionnaires/questionnaires.service.ts';
import { isComparable } from '../questionnaires/version-comparison.ts';
import { listResponseStatuses, listSubmittedAnswerRecords } from '../responses/responses.service.ts';
import { findRoundByLabel, listRoundOrganisations, listRounds, type Round } from '../rounds/rounds.service.ts';
import type { Fact } from './facts.ts';
import type { OrganisationType, PopulationMember } from './groups.ts';
import type { QuestionChange, QuestionResult, RoundResults, TrendPoint } from './results.schema.ts';
import { computeQuestionChange, computeTrendPoint, hasChangeMeasure } from './round-changes.ts';
import {
  collectAnswers,
  computeQuestionFigures,
  computeResponseRates,
  computeRoundFacts,
  computeVisibility,
  describeQuestion,
  listRoundQuestions,
  type RoundData,
  type RoundQuestion,
  type Visibility,
} from './round-figures.ts';

export type { RoundResults };

/** Options of a results computation; `versions` defaults to the shipped questionnaires (tests and the benchmark pass their own). */
export interface ResultsOptions {
  minimumRespondents: number;
  /** Also compare with earlier comparable rounds (loads their answers); true by default. */
  isWithChanges?: boolean;
  versions?: readonly QuestionnaireVersion[];
}

/** A round as listed on the results overview. */
export interface ResultRound {
  label: string;
  status: Round['status'];
  source: Round['source'];
  invited: number;
  submitted: number;
}

interface LoadedRound {
  round: Round;
  data: RoundData;
  visibility: Visibility;
}

const organisationTypes: readonly OrganisationType[] = ['kommun', 'region'];
const compareLabels = (a: string, b: string): number => a.localeCompare(b, 'sv', { numeric: true });

/** Lists every round with its number of invited and submitting organisations, newest first. */
export async function listResultRounds(db: Kysely<Database>): Promise<ResultRound[]> {
  const rounds = await listRounds(db);
  const listed: ResultRound[] = [];
  for (const round of rounds.sort((a, b) => compareLabels(b.label, a.label))) {
    const [invited, statuses] = await Promise.all([
      listRoundOrganisations(db, round.id),
      listResponseStatuses(db, round.id),
    ]);
    const submitted = [...statuses.values()].filter((status) => status.status === 'submitted').length;
    listed.push({ label: round.label, status: round.status, source: round.source, invited: invited.length, submitted });
  }
  return listed;
}

/**
 * Computes a round's complete results as they may leave the coordinator's view: response rates, the Fakta
 * sentences, and per question the figures of every group after disclosure control, with the change against the
 * previous comparable round and the trend over all comparable rounds. One query fetches the round's answers.
 * @throws AppError('not_found') when no round has the label.
 */
export async function computeRoundResults(
  db: Kysely<Database>,
  label: string,
  options: ResultsOptions,
): Promise<RoundResults> {
  const versions = options.versions ?? listQuestionnaireVersions();
  const current = await loadRound(db, await findRoundOrFail(db, label), versions);
  const questions = listRoundQuestions(current.data.versions);
  const disclosure = { minimumRespondents: options.minimumRespondents };
  const history = options.isWithChanges === false ? undefined : await listEarlierRounds(db, current.round);
  const loaded = new Map<string, Promise<LoadedRound>>();
  const loadEarlier = (round: Round): Promise<LoadedRound> => {
    let promise = loaded.get(round.id);
    if (promise === undefined) {
      promise = loadRound(db, round, versions);
      loaded.set(round.id, promise);
    }
    return promise;
  };
  const results: QuestionResult[] = [];
  for (const entry of questions) {
    const { label: questionLabel, text } = describeQuestion(entry);
    const comparison =
      history === undefined
        ? { changes: [], trend: [] }
        : await compareWithEarlierRounds(current, entry, history, versions, loadEarlier, options.minimumRespondents);
    results.push({
      key: entry.question.key,
      type: entry.question.type,
      number: entry.number,
      label: questionLabel,
      text,
      unit: entry.question.unit ?? null,
      options: listAnswerOptions(entry.question).map(({ code, label }) => ({ code, label })),
      groups: computeQuestionFigures(current.data, current.visibility, entry, disclosure),
      ...comparison,
    });
  }
  return {
    round: {
      label: current.round.label,
      status: current.round.status,
      source: current.round.source,
      versions: current.round.versions,
    },
    suppressionThreshold: options.minimumRespondents,
    responseRates: computeResponseRates(current.data),
    facts: computeRoundFacts(current.data, current.visibility, questions, options.minimumRespondents),
    questions: results,
  };
}

/**
 * Generates a round's Fakta sentences in questionnaire order, without computing the rest of its results.
 * @throws AppError('not_found') when no round has the label.
 */
export async function generateRoundFacts(
  db: Kysely<Database>,
  label: string,
  options: { minimumRespondents: number },
): Promise<Fact[]> {
  const versions = listQuestionnaireVersions();
  const current = await loadRound(db, await findRoundOrFail(db, label), versions);
  const questions = listRoundQuestions(current.data.versions);
  return computeRoundFacts(current.data, current.visibility, questions, options.minimumRespondents);
}

async function findRoundOrFail(db: Kysely<Database>, label: string): Promise<Round> {
  const round = await findRoundByLabel(db, label);
  if (round === undefined) throw new AppError('not_found', `No round has the label ${label}.`);
  return round;
}

/** Rounds before this one (by label, numerically), oldest first. */
async function listEarlierRounds(db: Kysely<Database>, round: Round): Promise<Round[]> {
  const rounds = await listRounds(db);
  return rounds
    .filter((candidate) => compareLabels(candidate.label, round.label) < 0)
    .sort((a, b) => compareLabels(a.label, b.label));
}

/** Loads a round's population, versions and submitted answers (one query for the answers) and its visibility. */
async function loadRound(
  db: Kysely<Database>,
  round: Round,
  versions: readonly QuestionnaireVersion[],
): Promise<LoadedRound> {
  const [invited, organisations, statuses, answers] = await Promise.all([
    listRoundOrganisations(db, round.id),
    listOrganisations(db, {}),
    listResponseStatuses(db, round.id),
    listSubmittedAnswerRecords(db, round.id),
  ]);
  const invitedCodes = new Set(invited.map((organisation) => organisation.organisationCode));
  const population: PopulationMember[] = organisations
    .filter((organisation) => invitedCodes.has(organisation.code))
    .map(({ code, type, municipalityGroup, mainGroup, countyCode }) => ({
      code,
      type,
      municipalityGroup,
      mainGroup,
      countyCode,
    }));
  const submitted = new Map<string, Answers>();
  for (const [code, status] of statuses) {
    if (status.status === 'submitted' && invitedCodes.has(code)) submitted.set(code, answers.get(code) ?? {});
  }
  const findVersion = (id: string | null): QuestionnaireVersion | null => {
    if (id === null) return null;
    const version = versions.find((candidate) => candidate.id === id);
    if (version === undefined)
      throw new AppError('internal', `Round ${round.label} uses an unknown questionnaire ${id}.`);
    return version;
  };
  const data: RoundData = {
    population,
    versions: { kommun: findVersion(round.versions.kommun), region: findVersion(round.versions.region) },
    answers: submitted,
  };
  return { round, data, visibility: computeVisibility(data) };
}

/** The change against the latest earlier comparable round and the trend over all comparable rounds, per type. */
async function compareWithEarlierRounds(
  current: LoadedRound,
  entry: RoundQuestion,
  earlier: readonly Round[],
  versions: readonly QuestionnaireVersion[],
  loadEarlier: (round: Round) => Promise<LoadedRound>,
  minimumRespondents: number,
): Promise<{ changes: QuestionChange[]; trend: TrendPoint[] }> {
  const changes: QuestionChange[] = [];
  const trend: TrendPoint[] = [];
  const { question } = entry;
  if (!hasChangeMeasure(question.type)) return { changes, trend };
  for (const organisationType of organisationTypes) {
    const currentVersion = current.round.versions[organisationType];
    if (currentVersion === null || !entry.types.includes(organisationType)) continue;
    const comparable = earlier.filter((round) => {
      const version = round.versions[organisationType];
      return version !== null && isComparable(question.key, version, currentVersion, versions);
    });
    const answersOf = (loaded: LoadedRound) =>
      collectAnswers(loaded.data, loaded.visibility, question.key, [organisationType]).answers;
    const currentAnswers = answersOf(current);
    for (const round of comparable) {
      const loaded = await loadEarlier(round);
      const answers = answersOf(loaded);
      trend.push(
        computeTrendPoint({ type: question.type, organisationType, label: round.label, answers, minimumRespondents }),
      );
      if (round === comparable.at(-1)) {
        changes.push(
          computeQuestionChange({
            type: question.type,
            organisationType,
            previousLabel: round.label,
            previous: answers,
            current: currentAnswers,
            minimumRespondents,
          }),
        );
      }
    }
    if (comparable.length > 0) {
      trend.push(
        computeTrendPoint({
          type: question.type,
          organisationType,
          label: current.round.label,
          answers: currentAnswers,
          minimumRespondents,
        }),
      );
    }
  }
  return { changes, trend };
}
