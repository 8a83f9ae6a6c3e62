import type { Kysely } from 'kysely';
import { findUserEmails } from '../accounts/accounts.service.ts';
import { AppError } from '../app-error.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { findOrganisationByCode, type Organisation } from '../organisations/organisations.service.ts';
import {
  isQuestionTargeted,
  listConditionKeys,
  listQuestions,
  visibleQuestions,
} from '../questionnaires/conditions.ts';
import type {
  AnswerValue,
  LocalisedText,
  Question,
  QuestionnaireVersion,
} from '../questionnaires/questionnaire.schema.ts';
import { findQuestionnaireVersion } from '../questionnaires/questionnaires.service.ts';
import { findRoundWithInvitation, type Round } from '../rounds/rounds.service.ts';
import { listAnswerRows, listLastAnswerChangeRows } from './responses.repository.ts';
import { clearAnswer, findResponse, type ResponseRecord, type StoredAnswer } from './responses.service.ts';
import { type AnsweringWindow, findAnsweringWindow } from './round-rules.ts';

/** Everything a page or a save needs to know about one organisation's answering of one round. */
export type AnsweringContext = {
  round: Round;
  organisation: Organisation;
  version: QuestionnaireVersion;
  window: AnsweringWindow;
  response: ResponseRecord | undefined;
  /** The stored answers: all of them, unless the context was loaded for some questions only (`answersFor`). */
  answers: Map<string, StoredAnswer>;
};

export type AnswerProblem = { key: string; message: LocalisedText };

/** The stored answer another person saved, as shown beside a refused save. */
export type CurrentAnswer = {
  value: AnswerValue | null;
  revision: number;
  /** The e-mail address of whoever saved it, or null. */
  updatedBy: string | null;
  updatedAt: string | null;
};

/** The stored answers as a plain record, as the questionnaire functions take them. */
export function toAnswerRecord(answers: Map<string, StoredAnswer>): Record<string, AnswerValue> {
  // A loop rather than Object.fromEntries over a copied array: every save and page builds this record (twice for an
  // autosave), and the keys are question keys (keyPattern: never `__proto__`).
  const record: Record<string, AnswerValue> = {};
  for (const answer of answers.values()) record[answer.questionKey] = answer.value;
  return record;
}

/**
 * Loads a round, the invited organisation, its questionnaire version, response and answers. A round not yet opened
 * (a draft) exists only for the coordinators who prepare it: to everyone else it is unknown.
 * @throws AppError('not_found') when the round is unknown (or a draft and the viewer no coordinator) or the
 * organisation is not invited to it.
 */
export async function loadAnsweringContext(
  db: Kysely<Database>,
  clock: Clock,
  roundId: string,
  organisationCode: string,
  viewer: { isCoordinator: boolean } = { isCoordinator: false },
  options: { answersFor?: readonly string[] } = {},
): Promise<AnsweringContext> {
  // The round with the invitation in one query; then the organisation, the response, its answers and the version.
  // (A join of the response with its answers was tried: it repeats the response's columns on every answer's row and
  // cost the server about twice the CPU of the two queries.)
  const { round, invitation } = await findRoundWithInvitation(db, roundId, organisationCode);
  if (round.status === 'draft' && !viewer.isCoordinator) {
    throw new AppError('not_found', `No round has the id ${roundId}.`);
  }
  if (!invitation) {
    throw new AppError('not_found', `The organisation ${organisationCode} is not invited to this round.`);
  }
  const organisation = await findOrganisationByCode(db, organisationCode);
  const response = await findResponse(db, roundId, organisationCode);
  const versionId = response?.versionId ?? round.versions[organisation.type];
  if (!versionId) throw new AppError('not_found', `The round asks no questions of a ${organisation.type}.`);
  const version = await findQuestionnaireVersion(db, versionId);
  const answers = response ? await listAnswerRows(db, response.id, scopeOf(options, response, version)) : [];
  return {
    round,
    organisation,
    version,
    window: findAnsweringWindow(round, invitation, clock.now()),
    response,
    answers: new Map(answers.map((answer) => [answer.questionKey, answer])),
  };
}

/**
 * Which answers to read: all of them, or, for `answersFor` (the questions a save edits) of a response not yet
 * submitted, those questions' answers and the answers the conditions read or can hide (listConditionKeys). That is
 * enough to decide visibility the same way; a submitted response is read whole, since its save discards any answer
 * its new answers hide.
 */
function scopeOf(
  options: { answersFor?: readonly string[] },
  response: ResponseRecord,
  version: QuestionnaireVersion,
): string[] | undefined {
  if (options.answersFor === undefined || response.status === 'submitted') return undefined;
  return [...new Set([...options.answersFor, ...listConditionKeys(version)])];
}

/** Lists the keys of the questions the organisation sees with its stored answers, in questionnaire order. */
export function listVisibleKeys(context: AnsweringContext, answers = toAnswerRecord(context.answers)): string[] {
  return visibleQuestions(context.version, context.organisation.type, answers).map((question) => question.key);
}

/** Finds a question the organisation is asked, or undefined. */
export function findAskedQuestion(context: AnsweringContext, key: string): Question | undefined {
  const question = listQuestions(context.version).find((candidate) => candidate.key === key);
  return question && isQuestionTargeted(context.version, question, context.organisation.type) ? question : undefined;
}

/** Maps user ids to their e-mail addresses for history and conflict notices; unknown ids are left out. */
export async function describeUsers(
  db: Kysely<Database>,
  userIds: Iterable<string | null>,
): Promise<Map<string, string>> {
  const ids = [...new Set(userIds)].filter((id): id is string => id !== null);
  return findUserEmails(db, ids);
}

/** Removes stored answers to questions the conditions now hide, recorded as discards; stored answers are all valid. */
export async function discardHiddenAnswers(
  db: Kysely<Database>,
  clock: Clock,
  context: AnsweringContext,
  responseId: string,
  answers: Map<string, StoredAnswer>,
  userId: string | null,
): Promise<string[]> {
  const visible = new Set(listVisibleKeys(context, toAnswerRecord(answers)));
  const hidden = [...answers.values()].filter((answer) => !visible.has(answer.questionKey));
  for (const previous of hidden) {
    await clearAnswer(db, clock, { responseId, questionKey: previous.questionKey, previous, kind: 'discard', userId });
  }
  return hidden.map((answer) => answer.questionKey);
}

/**
 * The current revision of each of the given questions, including answers cleared since (0 for one never answered):
 * a stored answer's own revision, as the save checks it, and the history's newest for the others, read only when
 * one of them has no stored answer.
 */
export async function listRevisions(
  db: Kysely<Database>,
  context: AnsweringContext,
  questionKeys: readonly string[],
): Promise<Map<string, number>> {
  const revisions = new Map<string, number>();
  const missing = questionKeys.filter((key) => !context.answers.has(key));
  if (context.response && missing.length > 0) {
    for (const [key, last] of await listLastAnswerChangeRows(db, context.response.id, missing)) {
      revisions.set(key, last.revision);
    }
  }
  for (const key of questionKeys) {
    const answer = context.answers.get(key);
    if (answer) revisions.set(key, answer.revision);
  }
  return revisions;
}
