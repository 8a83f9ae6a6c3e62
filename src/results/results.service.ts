import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AppError } from '../app-error.ts';
import type { Database } from '../db/database.ts';
import { createDisclosurePolicy, type DisclosurePolicy } from '../disclosure/disclosure-policy.ts';
import { cellKey, type LinkedTable } from '../disclosure/linked-set.ts';
import type { AuditSummary } from '../disclosure/protect-linked-set.ts';
import { protectLinkedSet } from '../disclosure/protect-linked-set.ts';
import {
  type AnswerFingerprints,
  type EarlierRelease,
  protectAgainstEarlierReleases,
} from '../disclosure/release-differences.ts';
import { listOrganisations } from '../organisations/organisations.service.ts';
import { listAnswerOptions } from '../questionnaires/question-wording.ts';
import type { Answers, QuestionnaireVersion } from '../questionnaires/questionnaire.schema.ts';
import { listQuestionnaireVersions } from '../questionnaires/questionnaires.service.ts';
import { isComparable } from '../questionnaires/version-comparison.ts';
import { listResponseStatuses, listSubmittedAnswerRecords } from '../responses/responses.service.ts';
import { findRoundByLabel, listRoundOrganisations, listRounds, type Round } from '../rounds/rounds.service.ts';
import { fingerprintOrganisations } from './answer-fingerprints.ts';
import { findNationalExemptionsRow } from './disclosure-settings.repository.ts';
import { type FactQuestion, generateFacts } from './facts.ts';
import type { OrganisationType, PopulationMember } from './groups.ts';
import { buildLinkedTables, tableId } from './linked-tables.ts';
import { computeNis2RollUps } from './nis2-roll-up.ts';
import { protectOnce } from './protection-cache.ts';
import type { Fact, GroupFigure, QuestionChange, QuestionResult, RoundResults, TrendPoint } from './results.schema.ts';
import { computeQuestionChange, hasChangeMeasure, toTrendPoint } from './round-changes.ts';
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
  /** National exemptions from the unanimity rule; by default the round's stored disclosure settings. */
  nationalExemptions?: readonly string[];
  /** Also compare with earlier comparable rounds (loads their answers); true by default. */
  isWithChanges?: boolean;
  /** Which earlier rounds changes and trends may draw on (a release: only public ones); all by default. */
  isEarlierRoundIncluded?: (round: Round) => boolean;
  versions?: readonly QuestionnaireVersion[];
  /**
   * The round's earlier, still public release versions: the figures are then also protected against the
   * differences with each of them (a new version of a release).
   */
  earlierReleases?: readonly EarlierRelease[];
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
  /** The population with the organisations' names (public registry data). */
  members: NamedMember[];
}

/** One organisation of a round's population with its name, as releases store it and reports print it. */
export type NamedMember = PopulationMember & { name: string };

/** What a release freezes besides the figures: who they describe, and a fingerprint of the answers behind them. */
export interface ReleaseFigures {
  results: RoundResults;
  population: NamedMember[];
  /** SHA-256 of the population and every submitted answer, in a canonical order; never published. */
  answersSha256: string;
  /** Each submitted organisation's answer fingerprints, kept so that a later version can tell who changed. */
  answerFingerprints: AnswerFingerprints;
  /** The disclosure policy the figures were protected by, and the attacker's audit of the outcome. */
  disclosure: { policy: DisclosurePolicy; audit: AuditSummary };
}

/** A Fakta sentence with whether the disclosure policy keeps it out of what is published. */
export type CheckedFact = Fact & { isWithheld: boolean };

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
 * sentences, the NIS2 roll-ups, and per question the figures of every group after disclosure control, with the
 * change against the previous comparable round and the trend over all comparable rounds. This is the one
 * computation of every figure the product publishes: pages, PDFs, open data and releases render its value.
 * @throws AppError('not_found') when no round has the label.
 */
export async function computeRoundResults(
  db: Kysely<Database>,
  label: string,
  options: ResultsOptions,
): Promise<RoundResults> {
  return (await computeLoadedResults(db, label, options)).results;
}

/**
 * Computes a round's results for a release, with the population they describe and the SHA-256 of the answers
 * they were computed from.
 * @throws AppError('not_found') when no round has the label.
 */
export async function computeReleaseFigures(
  db: Kysely<Database>,
  label: string,
  options: ResultsOptions,
): Promise<ReleaseFigures> {
  const { results, current, disclosure } = await computeLoadedResults(db, label, options);
  return {
    results,
    population: current.members,
    answersSha256: fingerprintAnswers(current.data),
    answerFingerprints: disclosure.fingerprints,
    disclosure: { policy: disclosure.policy, audit: disclosure.audit },
  };
}

/**
 * Loads a round's linked table set before disclosure control (every question, type and group), with the SHA-256
 * of the answers it comes from: what the audit of a stored release and the benchmark work on.
 * @throws AppError('not_found') when no round has the label.
 */
export async function loadRoundLinkedSet(
  db: Kysely<Database>,
  label: string,
  options: { versions?: readonly QuestionnaireVersion[] } = {},
): Promise<{
  tables: LinkedTable[];
  answersSha256: string;
  answerFingerprints: AnswerFingerprints;
  data: RoundData;
  questions: RoundQuestion[];
}> {
  const versions = options.versions ?? (await listQuestionnaireVersions(db));
  const current = await loadRound(db, await findRoundOrFail(db, label), versions);
  const questions = listRoundQuestions(current.data.versions);
  const tables = buildLinkedTables(current.data, current.visibility, questions);
  return {
    tables,
    answersSha256: fingerprintAnswers(current.data),
    answerFingerprints: fingerprintOrganisations(current.data, current.visibility, questions),
    data: current.data,
    questions,
  };
}

/** SHA-256 over the population's codes and each submitted organisation's answers, keys sorted. */
function fingerprintAnswers(data: RoundData): string {
  const hash = createHash('sha256');
  const codes = data.population.map((member) => member.code).sort();
  hash.update(JSON.stringify(codes));
  for (const code of codes) {
    const answers = data.answers.get(code);
    if (answers === undefined) continue;
    const sorted = Object.keys(answers)
      .sort()
      .map((key) => [key, answers[key]]);
    hash.update(`\n${code}:${JSON.stringify(sorted)}`);
  }
  return hash.digest('hex');
}

async function computeLoadedResults(
  db: Kysely<Database>,
  label: string,
  options: ResultsOptions,
): Promise<{ results: RoundResults; current: LoadedRound; disclosure: LinkedDisclosure }> {
  computations += 1;
  const versions = options.versions ?? (await listQuestionnaireVersions(db));
  const current = await loadRound(db, await findRoundOrFail(db, label), versions);
  const questions = listRoundQuestions(current.data.versions);
  const disclosure = { minimumRespondents: options.minimumRespondents };
  const exemptions = options.nationalExemptions ?? (await findNationalExemptionsRow(db, current.round.id));
  const indicators = new Map(
    questions.flatMap(({ question }) => (question.indicator ? [[question.key, question.indicator] as const] : [])),
  );
  const policy = createDisclosurePolicy(options.minimumRespondents, exemptions);
  const linked = { ...(await protectRound(current, questions, policy, options.earlierReleases ?? [])), indicators };
  const history =
    options.isWithChanges === false
      ? undefined
      : (await listEarlierRounds(db, current.round)).filter((round) => options.isEarlierRoundIncluded?.(round) ?? true);
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
    const suppressedGroupIds = linked.suppressedGroupIds(entry.question.key);
    const groups = computeQuestionFigures(current.data, current.visibility, entry, {
      ...disclosure,
      suppressedGroupIds,
    });
    const comparison =
      history === undefined
        ? { changes: [], trend: [] }
        : await compareWithEarlierRounds(current, entry, groups, history, versions, loadEarlier, disclosure);
    results.push({
      key: entry.question.key,
      type: entry.question.type,
      number: entry.number,
      label: questionLabel,
      text,
      unit: entry.question.unit ?? null,
      options: listAnswerOptions(entry.question).map(({ code, label }) => ({ code, label })),
      groups,
      ...comparison,
    });
  }
  const compared = history ?? [];
  return {
    current,
    disclosure: linked,
    results: {
      round: {
        label: current.round.label,
        status: current.round.status,
        source: current.round.source,
        versions: current.round.versions,
      },
      suppressionThreshold: options.minimumRespondents,
      disclosure: { nationalExemptions: [...linked.policy.nationalExemptions] },
      earlierRounds: compared.map((round) => ({ label: round.label, versions: round.versions })),
      responseRates: computeResponseRates(current.data),
      facts: computeRoundFacts(results, options.minimumRespondents, indicators),
      questions: results,
      nis2: computeNis2RollUps(current.data, options.minimumRespondents),
    },
  };
}

/** The linked-set disclosure control of one round computation. */
interface LinkedDisclosure {
  policy: DisclosurePolicy;
  tables: LinkedTable[];
  suppressed: ReadonlySet<string>;
  audit: AuditSummary;
  fingerprints: AnswerFingerprints;
  /** The indicator questions' Fakta predicates by question key. */
  indicators: ReadonlyMap<string, FactQuestion['predicate']>;
  /** The groups suppressed in a question's tables, all organisation types together. */
  suppressedGroupIds: (questionKey: string) => Set<string>;
}

/** Runs disclosure control over the round's linked table set (every question, type and group at once). */
async function protectRound(
  current: LoadedRound,
  questions: readonly RoundQuestion[],
  policy: DisclosurePolicy,
  earlier: readonly EarlierRelease[],
): Promise<Omit<LinkedDisclosure, 'indicators'>> {
  const tables = buildLinkedTables(current.data, current.visibility, questions);
  const fingerprints = fingerprintOrganisations(current.data, current.visibility, questions);
  // A new version of a release is protected against its differences with every earlier (still public) version.
  // The same inputs give the same pattern: a page viewed again reuses the protection (protection-cache.ts).
  const { suppressed, audit } = await protectOnce(
    { kind: 'round', tables, rest: { policy, fingerprints, earlier } },
    () =>
      earlier.length === 0
        ? protectLinkedSet(tables, policy)
        : protectAgainstEarlierReleases(tables, policy, fingerprints, earlier),
  );
  const suppressedGroupIds = (questionKey: string): Set<string> => {
    const ids = new Set<string>();
    for (const table of tables) {
      if (table.questionKey !== questionKey) continue;
      for (const cell of table.cells) if (suppressed.has(cellKey(table.id, cell.groupId))) ids.add(cell.groupId);
    }
    return ids;
  };
  return { policy, tables, suppressed, audit, fingerprints, suppressedGroupIds };
}

let computations = 0;

/** How many round computations this process has run; lets a test prove that a page served a stored release. */
export function countRoundComputations(): number {
  return computations;
}

/**
 * Generates every Fakta sentence of a round in questionnaire order, from the figures before disclosure control,
 * each marked whether the policy withholds it (its national figure, of some type, is suppressed). Not public: for
 * the coordinator's results page and `lagesbild facts`; the published list is RoundResults.facts.
 * @throws AppError('not_found') when no round has the label.
 */
export async function generateRoundFacts(
  db: Kysely<Database>,
  label: string,
  options: { minimumRespondents: number },
): Promise<CheckedFact[]> {
  const { results, disclosure } = await computeLoadedResults(db, label, { ...options, isWithChanges: false });
  return checkFacts(results, disclosure, options.minimumRespondents);
}

/**
 * Computes a round's results for the coordinator's results page, with every Fakta sentence marked whether the
 * policy withholds it, from one computation.
 * @throws AppError('not_found') when no round has the label.
 */
export async function computeCoordinatorResults(
  db: Kysely<Database>,
  label: string,
  options: ResultsOptions,
): Promise<{ results: RoundResults; facts: CheckedFact[] }> {
  const { results, disclosure } = await computeLoadedResults(db, label, options);
  return { results, facts: checkFacts(results, disclosure, options.minimumRespondents) };
}

/** Every Fakta sentence from the figures before disclosure control, marked withheld unless it is published. */
function checkFacts(results: RoundResults, disclosure: LinkedDisclosure, minimumRespondents: number): CheckedFact[] {
  const published = new Set(results.facts.map((fact) => fact.sv));
  const facts = generateFacts(listFactQuestions(disclosure), { minimumRespondents });
  return facts.map((fact) => ({ ...fact, isWithheld: !published.has(fact.sv) }));
}

/** The indicator questions' national counts before disclosure control, in questionnaire order. */
function listFactQuestions(disclosure: LinkedDisclosure): FactQuestion[] {
  const byKey = new Map<string, FactQuestion>();
  for (const table of disclosure.tables) {
    const predicate = disclosure.indicators.get(table.questionKey);
    const national = table.cells.find((cell) => cell.isNational);
    if (predicate === undefined || national === undefined) continue;
    const type: OrganisationType = table.id === tableId(table.questionKey, 'region') ? 'region' : 'kommun';
    const question = byKey.get(table.questionKey) ?? { key: table.questionKey, predicate, counts: {} };
    question.counts[type] = {
      respondents: national.respondents,
      yes: national.counts.yes ?? 0,
      population: national.population,
    };
    byKey.set(table.questionKey, question);
  }
  return [...byKey.values()];
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
  const members: NamedMember[] = organisations
    .filter((organisation) => invitedCodes.has(organisation.code))
    .map(({ code, name, type, municipalityGroup, mainGroup, countyCode }) => ({
      code,
      name,
      type,
      municipalityGroup,
      mainGroup,
      countyCode,
    }));
  const population: PopulationMember[] = members.map(({ name: _name, ...member }) => member);
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
  return { round, data, visibility: computeVisibility(data), members };
}

/**
 * The change against the latest earlier comparable round and the trend over all comparable rounds, per type. Each
 * earlier round's national figure is computed by the same figure computation as the current round's.
 */
async function compareWithEarlierRounds(
  current: LoadedRound,
  entry: RoundQuestion,
  groups: readonly GroupFigure[],
  earlier: readonly Round[],
  versions: readonly QuestionnaireVersion[],
  loadEarlier: (round: Round) => Promise<LoadedRound>,
  disclosure: { minimumRespondents: number },
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
    const currentNational = findNationalFigure(groups, organisationType);
    for (const round of comparable) {
      const loaded = await loadEarlier(round);
      const earlierQuestion = listRoundQuestions(loaded.data.versions).find(
        (candidate) => candidate.question.key === question.key,
      );
      if (earlierQuestion === undefined) continue;
      const previousNational = findNationalFigure(
        computeQuestionFigures(
          loaded.data,
          loaded.visibility,
          { ...earlierQuestion, types: [organisationType] },
          disclosure,
        ),
        organisationType,
      );
      trend.push(toTrendPoint(round.label, organisationType, previousNational));
      if (round === comparable.at(-1)) {
        changes.push(
          computeQuestionChange({
            type: question.type,
            organisationType,
            previousLabel: round.label,
            previousNational,
            currentNational,
            previous: answersOf(loaded),
            current: answersOf(current),
            minimumRespondents: disclosure.minimumRespondents,
          }),
        );
      }
    }
    if (comparable.length > 0) trend.push(toTrendPoint(current.round.label, organisationType, currentNational));
  }
  return { changes, trend };
}

function findNationalFigure(groups: readonly GroupFigure[], type: OrganisationType): GroupFigure | undefined {
  return groups.find((group) => group.kind === 'organisation-type' && group.organisationType === type);
}
