/**
 * Answering a round, one question at a time: the rules for who may write when, optimistic concurrency per
 * question (a save names the revision it was based on), and the history of every change.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { findUserEmails } from '../accounts/accounts.service.ts';
import { AppError } from '../app-error.ts';
import { type Actor, recordAuditEvent } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { findOrganisationByCode, type Organisation } from '../organisations/organisations.service.ts';
import { validateAnswers } from '../questionnaires/answer-validation.ts';
import {
  isQuestionTargeted,
  isQuestionVisible,
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
import { findRoundById, findRoundOrganisation, type Round } from '../rounds/rounds.service.ts';
import { translate } from '../web/i18n.ts';
import {
  deleteAnswerRowIfUnchanged,
  deletePrefillMarkRows,
  findAnswerRow,
  findChangeValueAtRevision,
  findLastAnswerChangeRow,
  insertAnswerChangeRow,
  insertResponseRowIfMissing,
  listAnswerRows,
  listLatestRevisionRows,
  updateResponseRow,
  writeAnswerRowIfUnchanged,
} from './responses.repository.ts';
import { clearAnswer, findResponse, type ResponseRecord, type StoredAnswer } from './responses.service.ts';
import { type AnsweringWindow, findAnsweringWindow } from './round-rules.ts';

/** Everything a page or a save needs to know about one organisation's answering of one round. */
export type AnsweringContext = {
  round: Round;
  organisation: Organisation;
  version: QuestionnaireVersion;
  window: AnsweringWindow;
  response: ResponseRecord | undefined;
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

export type SaveAnswerResult =
  | { kind: 'saved'; revision: number; savedAt: string; visibleKeys: string[]; isChanged: boolean }
  | { kind: 'unchanged' }
  | { kind: 'conflict'; current: CurrentAnswer }
  | { kind: 'invalid'; errors: AnswerProblem[] }
  | { kind: 'closed' };

export type SaveAnswerInput = {
  roundId: string;
  organisationCode: string;
  questionKey: string;
  /** The raw answer (JSON or form text); null, '' or [] clears it. */
  value: unknown;
  /** The revision the writer last saw, 0 when none. */
  baseRevision: number;
  actor: Actor;
  /**
   * Form posts send every field of a section: a field left as it was at `baseRevision`, or one that the
   * conditions hide, is then skipped instead of being saved or reported as a conflict.
   */
  isWholeFormPost?: boolean;
};

function isSameValue(a: AnswerValue | null, b: AnswerValue | null): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The stored answers as a plain record, as the questionnaire functions take them. */
export function toAnswerRecord(answers: Map<string, StoredAnswer>): Record<string, AnswerValue> {
  return Object.fromEntries([...answers.values()].map((answer) => [answer.questionKey, answer.value]));
}

function problem(key: string, messageKey: 'responses.error.hidden' | 'responses.error.requiredAfterSubmit') {
  return { key, message: { sv: translate('sv', messageKey), en: translate('en', messageKey) } };
}

/**
 * Loads a round, the invited organisation, its questionnaire version, response and answers.
 * @throws AppError('not_found') when the round is unknown or the organisation is not invited to it.
 */
export async function loadAnsweringContext(
  db: Kysely<Database>,
  clock: Clock,
  roundId: string,
  organisationCode: string,
): Promise<AnsweringContext> {
  const round = await findRoundById(db, roundId);
  const invited = await findRoundOrganisation(db, roundId, organisationCode);
  if (!invited) throw new AppError('not_found', `The organisation ${organisationCode} is not invited to this round.`);
  const organisation = await findOrganisationByCode(db, organisationCode);
  const response = await findResponse(db, roundId, organisationCode);
  const versionId = response?.versionId ?? round.versions[organisation.type];
  if (!versionId) throw new AppError('not_found', `The round asks no questions of a ${organisation.type}.`);
  const answers = response ? await listAnswerRows(db, response.id) : [];
  return {
    round,
    organisation,
    version: await findQuestionnaireVersion(db, versionId),
    window: findAnsweringWindow(round, invited, clock.now()),
    response,
    answers: new Map(answers.map((answer) => [answer.questionKey, answer])),
  };
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

/**
 * The current answer of one question with its revision. Reads the one answer row (or, for a cleared answer, the
 * newest change of that question), never the whole history, so a save costs the same on its thousandth time.
 * `known` is the answer already read in this transaction, when there is one.
 */
async function findCurrentAnswer(
  db: Kysely<Database>,
  responseId: string | undefined,
  questionKey: string,
  known?: StoredAnswer,
): Promise<CurrentAnswer> {
  if (!responseId) return { value: null, revision: 0, updatedBy: null, updatedAt: null };
  const stored = known ?? (await findAnswerRow(db, responseId, questionKey));
  if (stored) {
    return { value: stored.value, revision: stored.revision, updatedBy: stored.updatedBy, updatedAt: stored.updatedAt };
  }
  const last = await findLastAnswerChangeRow(db, responseId, questionKey);
  return {
    value: null,
    revision: last?.revision ?? 0,
    updatedBy: last?.changedBy ?? null,
    updatedAt: last?.changedAt ?? null,
  };
}

/** Turns the saver's user id into the e-mail address shown beside a conflict; only conflicts pay for it. */
async function describeConflict(db: Kysely<Database>, current: CurrentAnswer): Promise<SaveAnswerResult> {
  const labels = await describeUsers(db, [current.updatedBy]);
  const updatedBy = current.updatedBy === null ? null : (labels.get(current.updatedBy) ?? null);
  return { kind: 'conflict', current: { ...current, updatedBy } };
}

type Normalised =
  | { kind: 'value'; value: AnswerValue | null }
  | { kind: 'invalid'; errors: AnswerProblem[] }
  | { kind: 'hidden' };

function normaliseForSave(context: AnsweringContext, question: Question, raw: unknown): Normalised {
  const stored = toAnswerRecord(context.answers);
  // Visibility depends only on earlier questions, so the stored answers decide it.
  if (!isQuestionVisible(context.version, context.organisation.type, question.key, stored)) return { kind: 'hidden' };
  const { [question.key]: _previous, ...others } = stored;
  const validation = validateAnswers(
    context.version,
    context.organisation.type,
    { ...others, [question.key]: raw },
    {
      mode: 'draft',
    },
  );
  const errors = validation.errors.filter((error) => error.key === question.key);
  if (errors.length > 0) return { kind: 'invalid', errors: errors.map(({ key, message }) => ({ key, message })) };
  return { kind: 'value', value: validation.answers[question.key] ?? null };
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
 * Saves, changes or clears one answer if nobody changed it since `baseRevision`; creates the response on the first
 * save. Every change is kept in the history and audited.
 * @throws AppError('not_found') for an unknown round, an organisation not invited or a question not asked.
 */
export async function saveAnswer(
  db: Kysely<Database>,
  clock: Clock,
  input: SaveAnswerInput,
): Promise<SaveAnswerResult> {
  return db.transaction().execute(async (trx) => {
    const context = await loadAnsweringContext(trx, clock, input.roundId, input.organisationCode);
    if (!context.window.isOpen) return { kind: 'closed' };
    const question = findAskedQuestion(context, input.questionKey);
    if (!question) throw new AppError('not_found', `No question ${input.questionKey} is asked here.`);
    const normalised = normaliseForSave(context, question, input.value);
    if (normalised.kind === 'hidden') {
      return input.isWholeFormPost
        ? { kind: 'unchanged' }
        : { kind: 'invalid', errors: [problem(question.key, 'responses.error.hidden')] };
    }
    if (normalised.kind === 'invalid') return normalised;
    const newValue = normalised.value;
    // The answers were read moments ago in this same transaction; only a cleared answer needs another look.
    const current = await findCurrentAnswer(trx, context.response?.id, question.key, context.answers.get(question.key));
    if (isSameValue(newValue, current.value)) {
      return input.isWholeFormPost
        ? { kind: 'unchanged' }
        : {
            kind: 'saved',
            revision: current.revision,
            savedAt: current.updatedAt ?? clock.now().toISOString(),
            visibleKeys: listVisibleKeys(context),
            isChanged: false,
          };
    }
    if (input.baseRevision !== current.revision) {
      if (input.isWholeFormPost && context.response) {
        const seen = await findChangeValueAtRevision(trx, context.response.id, question.key, input.baseRevision);
        // The field still shows what the page was rendered with: this person did not change it.
        if (isSameValue(newValue, seen)) return { kind: 'unchanged' };
      }
      return describeConflict(trx, current);
    }
    if (newValue === null && context.response?.status === 'submitted' && question.required) {
      return { kind: 'invalid', errors: [problem(question.key, 'responses.error.requiredAfterSubmit')] };
    }
    return writeAnswer(trx, clock, context, question, { ...input, value: newValue, current });
  });
}

async function writeAnswer(
  db: Kysely<Database>,
  clock: Clock,
  context: AnsweringContext,
  question: Question,
  input: SaveAnswerInput & { value: AnswerValue | null; current: CurrentAnswer },
): Promise<SaveAnswerResult> {
  const now = clock.now().toISOString();
  const response =
    context.response ??
    (await insertResponseRowIfMissing(db, {
      id: randomUUID(),
      roundId: context.round.id,
      organisationCode: context.organisation.code,
      versionId: context.version.id,
      status: 'in_progress',
      createdAt: now,
      updatedAt: now,
      submittedAt: null,
      submittedBy: null,
    }));
  const revision = input.current.revision + 1;
  const isStored = context.answers.has(question.key);
  const isWritten =
    input.value === null
      ? await deleteAnswerRowIfUnchanged(db, response.id, question.key, input.baseRevision)
      : await writeAnswerRowIfUnchanged(db, response.id, input.baseRevision, isStored, {
          questionKey: question.key,
          value: input.value,
          revision,
          updatedAt: now,
          updatedBy: input.actor.userId,
        });
  if (!isWritten) {
    // Another writer committed between our read and our write; if they wrote the same answer, nothing is lost.
    const current = await findCurrentAnswer(db, response.id, question.key);
    if (!isSameValue(current.value, input.value)) return describeConflict(db, current);
    const visibleKeys = listVisibleKeys(context);
    return {
      kind: 'saved',
      revision: current.revision,
      savedAt: current.updatedAt ?? now,
      visibleKeys,
      isChanged: false,
    };
  }
  await insertAnswerChangeRow(db, randomUUID(), response.id, {
    questionKey: question.key,
    value: input.value,
    previousValue: input.current.value,
    revision,
    kind: 'save',
    changedAt: now,
    changedBy: input.actor.userId,
  });
  await updateResponseRow(db, response.id, { updatedAt: now });
  // A changed answer is no longer the one copied from the previous round.
  await deletePrefillMarkRows(db, response.id, [question.key]);
  const answers = new Map(context.answers);
  if (input.value === null) answers.delete(question.key);
  else
    answers.set(question.key, {
      questionKey: question.key,
      value: input.value,
      revision,
      updatedAt: now,
      updatedBy: input.actor.userId,
    });
  // A submitted response must not keep answers that its current answers hide, since results read it as it is.
  const discarded =
    response.status === 'submitted'
      ? await discardHiddenAnswers(db, clock, context, response.id, answers, input.actor.userId)
      : [];
  for (const key of discarded) answers.delete(key);
  await recordAuditEvent(db, clock, {
    actor: input.actor,
    action: input.value === null ? 'response.answer_cleared' : 'response.answer_saved',
    subjectType: 'response',
    subjectId: response.id,
    details: { organisationCode: context.organisation.code, questionKey: question.key, revision, discarded },
  });
  return {
    kind: 'saved',
    revision,
    savedAt: now,
    visibleKeys: listVisibleKeys(context, toAnswerRecord(answers)),
    isChanged: true,
  };
}

/** The current revision of every question that was ever answered, including answers cleared since. */
export async function listRevisions(db: Kysely<Database>, context: AnsweringContext): Promise<Map<string, number>> {
  if (!context.response) return new Map();
  const revisions = await listLatestRevisionRows(db, context.response.id);
  for (const answer of context.answers.values()) {
    revisions.set(answer.questionKey, Math.max(revisions.get(answer.questionKey) ?? 0, answer.revision));
  }
  return revisions;
}
