/**
 * Saving answers: one question (the autosave) or several of one response (a section's form post, the JSON batch) in
 * one transaction. The answering context is loaded once, the fields are decided in questionnaire order over the new
 * state (an answer saved earlier in the same request reveals or hides the questions after it), each with optimistic
 * concurrency (a save names the revision it was based on), and every change is written with its history row and
 * its audit event; the audit chain's head is claimed once per save, however many answers it changes.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AppError } from '../app-error.ts';
import { type Actor, type NewAuditEvent, recordAuditEvents } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { validateAnswers } from '../questionnaires/answer-validation.ts';
import { normaliseAnswer } from '../questionnaires/answer-values.ts';
import { isQuestionVisible, listQuestions } from '../questionnaires/conditions.ts';
import type { Answers, AnswerValue, Question } from '../questionnaires/questionnaire.schema.ts';
import { translate } from '../web/i18n.ts';
import {
  type AnsweringContext,
  type AnswerProblem,
  type CurrentAnswer,
  describeUsers,
  discardHiddenAnswers,
  findAskedQuestion,
  listVisibleKeys,
  loadAnsweringContext,
  toAnswerRecord,
} from './answering.service.ts';
import {
  type AnswerChange,
  type AnswerWrite,
  deleteAnswerRowIfUnchanged,
  deletePrefillMarkRows,
  findAnswerRow,
  findChangeValueAtRevision,
  findLastAnswerChangeRow,
  insertAnswerChangeRows,
  insertResponseRowIfMissing,
  listLastAnswerChangeRows,
  type ResponseRecord,
  type StoredAnswer,
  updateResponseRow,
  writeAnswerRowIfUnchanged,
  writeAnswerRowsIfUnchanged,
} from './responses.repository.ts';

/** One question's new answer: the raw value (JSON or form text; null, '' or [] clears it) and the revision seen. */
export type AnswerEdit = { questionKey: string; value: unknown; baseRevision: number };

/** What became of one edited question. */
export type FieldSaveResult =
  | { kind: 'saved'; revision: number; savedAt: string; isChanged: boolean }
  /** A form post's field left as it was, or hidden by the conditions: skipped. */
  | { kind: 'unchanged' }
  | { kind: 'conflict'; current: CurrentAnswer }
  | { kind: 'invalid'; errors: AnswerProblem[] };

export type SaveAnswersResult =
  | { kind: 'closed'; context: AnsweringContext }
  | {
      kind: 'done';
      /** Per edited question key. */
      results: Map<string, FieldSaveResult>;
      /** The questions shown with the answers as they are now stored. */
      visibleKeys: string[];
      /** The answering context as this transaction left it (for the page that follows). */
      context: AnsweringContext;
    };

export type SaveAnswersInput = {
  roundId: string;
  organisationCode: string;
  /** The edits, or how to choose them from the context loaded in the transaction (a section's asked questions). */
  edits: readonly AnswerEdit[] | ((context: AnsweringContext) => readonly AnswerEdit[]);
  actor: Actor;
  /**
   * Form posts send every field of a section: a field left as it was at its base revision, or one that the
   * conditions hide, is then skipped instead of being saved or reported as a conflict.
   */
  isWholeFormPost?: boolean;
  /**
   * The caller reads the results and the visible questions, not the context's answers (the autosave): the answers
   * are then read only as far as those need (loadAnsweringContext's `answersFor`).
   */
  isContextUnused?: boolean;
};

export type SaveAnswerResult =
  | { kind: 'saved'; revision: number; savedAt: string; visibleKeys: string[]; isChanged: boolean }
  | { kind: 'unchanged' }
  | { kind: 'conflict'; current: CurrentAnswer }
  | { kind: 'invalid'; errors: AnswerProblem[] }
  | { kind: 'closed' };

export type SaveAnswerInput = Omit<SaveAnswersInput, 'edits'> & AnswerEdit;

function isSameValue(a: AnswerValue | null, b: AnswerValue | null): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function problem(key: string, messageKey: 'responses.error.hidden' | 'responses.error.requiredAfterSubmit') {
  return { key, message: { sv: translate('sv', messageKey), en: translate('en', messageKey) } };
}

function toCurrentAnswer(stored: StoredAnswer): CurrentAnswer {
  return { value: stored.value, revision: stored.revision, updatedBy: stored.updatedBy, updatedAt: stored.updatedAt };
}

/**
 * The edits' questions in questionnaire order, so an answer that reveals a question is decided before it.
 * @throws AppError('not_found') for a question not asked here; AppError('bad_request') for a question edited twice.
 */
function orderEdits(
  context: AnsweringContext,
  edits: readonly AnswerEdit[],
): Array<{ question: Question; edit: AnswerEdit }> {
  const positions = new Map(listQuestions(context.version).map((question, index) => [question.key, index]));
  const seen = new Set<string>();
  const ordered = edits.map((edit) => {
    if (seen.has(edit.questionKey))
      throw new AppError('bad_request', `The question ${edit.questionKey} is edited twice.`);
    seen.add(edit.questionKey);
    const question = findAskedQuestion(context, edit.questionKey);
    if (!question) throw new AppError('not_found', `No question ${edit.questionKey} is asked here.`);
    return { question, edit };
  });
  return ordered.sort((a, b) => (positions.get(a.question.key) ?? 0) - (positions.get(b.question.key) ?? 0));
}

type Normalised = { kind: 'value'; value: AnswerValue | null } | { kind: 'invalid'; errors: AnswerProblem[] };

function normaliseForSave(context: AnsweringContext, question: Question, raw: unknown, answers: Answers): Normalised {
  const normalised = normaliseAnswer(question, raw);
  if (normalised.kind === 'empty') return { kind: 'value', value: null };
  if (normalised.kind === 'value') return normalised;
  // Only the validation words the message with the question's number and label; invalid answers alone pay for it.
  const { [question.key]: _previous, ...others } = answers;
  const validation = validateAnswers(
    context.version,
    context.organisation.type,
    { ...others, [question.key]: raw },
    { mode: 'draft' },
  );
  const errors = validation.errors.filter((error) => error.key === question.key);
  if (errors.length === 0) throw new Error(`The validation found no problem in the invalid answer to ${question.key}.`);
  return { kind: 'invalid', errors: errors.map(({ key, message }) => ({ key, message })) };
}

/** Sets or removes one answer of the state being decided. */
function applyToState(answers: Map<string, StoredAnswer>, key: string, current: CurrentAnswer, fallbackAt: string) {
  if (current.value === null) answers.delete(key);
  else {
    answers.set(key, {
      questionKey: key,
      value: current.value,
      revision: current.revision,
      updatedAt: current.updatedAt ?? fallbackAt,
      updatedBy: current.updatedBy,
    });
  }
}

/**
 * Saves, changes or clears several answers of one organisation's response in one transaction, each only if nobody
 * changed it since its base revision; creates the response on the first save. Valid fields are saved even when
 * others are invalid or in conflict; an error of the database leaves nothing saved. Every change is kept in the
 * history and audited (one event per changed answer, the chain's head claimed once).
 * @throws AppError('not_found') for an unknown round, an organisation not invited or a question not asked;
 * AppError('bad_request') when one question is edited twice.
 */
export async function saveAnswers(
  db: Kysely<Database>,
  clock: Clock,
  input: SaveAnswersInput,
): Promise<SaveAnswersResult> {
  try {
    return await saveAnswersOnce(db, clock, input, 'batch');
  } catch (error) {
    if (!(error instanceof LostRace)) throw error;
    // Another writer changed one of the answers between this transaction's read and its write (PostgreSQL; SQLite's
    // write lock is held from BEGIN). Later fields were decided on a state that is not the stored one, so the whole
    // save runs again, writing field by field and deciding each after the write before it, as it always did.
    return saveAnswersOnce(db, clock, input, 'oneByOne');
  }
}

/** Thrown inside the batch write's transaction to roll it back when a conditional write lost a race. */
class LostRace extends Error {}

/**
 * One attempt: `batch` writes every changed answer in at most three statements after deciding them all (the common
 * case: nobody else writes the same answers at the same moment) and throws LostRace if one was not written;
 * `oneByOne` writes each answer as it is decided and handles a lost race per field.
 */
async function saveAnswersOnce(
  db: Kysely<Database>,
  clock: Clock,
  input: SaveAnswersInput,
  mode: 'batch' | 'oneByOne',
): Promise<SaveAnswersResult> {
  return db.transaction().execute(async (trx) => {
    const answersFor =
      input.isContextUnused && typeof input.edits !== 'function'
        ? input.edits.map((edit) => edit.questionKey)
        : undefined;
    const context = await loadAnsweringContext(
      trx,
      clock,
      input.roundId,
      input.organisationCode,
      undefined,
      answersFor ? { answersFor } : {},
    );
    if (!context.window.isOpen) return { kind: 'closed', context };
    const ordered = orderEdits(context, typeof input.edits === 'function' ? input.edits(context) : input.edits);
    const now = clock.now().toISOString();
    const userId = input.actor.userId;
    // The new state, decided field by field in questionnaire order.
    const answers = new Map(context.answers);
    let response: ResponseRecord | undefined = context.response;
    // The revisions of questions without a stored answer (cleared ones keep theirs), read once when first needed.
    let lastChanges: Map<string, { revision: number; changedAt: string; changedBy: string | null }> | undefined;
    const readCurrent = async (key: string): Promise<CurrentAnswer> => {
      const stored = context.answers.get(key);
      if (stored) return toCurrentAnswer(stored);
      if (!context.response) return { value: null, revision: 0, updatedBy: null, updatedAt: null };
      const missing = ordered
        .map(({ edit }) => edit.questionKey)
        .filter((candidate) => !context.answers.has(candidate));
      lastChanges ??= await listLastAnswerChangeRows(trx, context.response.id, missing);
      const last = lastChanges.get(key);
      return {
        value: null,
        revision: last?.revision ?? 0,
        updatedBy: last?.changedBy ?? null,
        updatedAt: last?.changedAt ?? null,
      };
    };
    const results = new Map<string, FieldSaveResult>();
    const conflicts = new Map<string, CurrentAnswer>();
    const changes: AnswerChange[] = [];
    const writes: AnswerWrite[] = [];
    for (const { question, edit } of ordered) {
      const key = question.key;
      const state = toAnswerRecord(answers);
      if (!isQuestionVisible(context.version, context.organisation.type, key, state)) {
        results.set(
          key,
          input.isWholeFormPost
            ? { kind: 'unchanged' }
            : { kind: 'invalid', errors: [problem(key, 'responses.error.hidden')] },
        );
        continue;
      }
      const normalised = normaliseForSave(context, question, edit.value, state);
      if (normalised.kind === 'invalid') {
        results.set(key, normalised);
        continue;
      }
      const newValue = normalised.value;
      // A cleared answer to a question never answered needs no revision: it is the same as what is stored.
      const current =
        newValue === null && !context.answers.has(key)
          ? { value: null, revision: 0, updatedBy: null, updatedAt: null }
          : await readCurrent(key);
      if (isSameValue(newValue, current.value)) {
        results.set(
          key,
          input.isWholeFormPost
            ? { kind: 'unchanged' }
            : { kind: 'saved', revision: current.revision, savedAt: current.updatedAt ?? now, isChanged: false },
        );
        continue;
      }
      if (edit.baseRevision !== current.revision) {
        if (input.isWholeFormPost && context.response) {
          const seen = await findChangeValueAtRevision(trx, context.response.id, key, edit.baseRevision);
          // The field still shows what the page was rendered with: this person did not change it.
          if (isSameValue(newValue, seen)) {
            results.set(key, { kind: 'unchanged' });
            continue;
          }
        }
        conflicts.set(key, current);
        continue;
      }
      if (newValue === null && response?.status === 'submitted' && question.required) {
        results.set(key, { kind: 'invalid', errors: [problem(key, 'responses.error.requiredAfterSubmit')] });
        continue;
      }
      response ??= await insertResponseRowIfMissing(trx, {
        id: randomUUID(),
        roundId: context.round.id,
        organisationCode: context.organisation.code,
        versionId: context.version.id,
        status: 'in_progress',
        createdAt: now,
        updatedAt: now,
        submittedAt: null,
        submitterId: null,
        submittedBy: null,
      });
      const revision = current.revision + 1;
      if (mode === 'batch') {
        // Written below with the others; the state assumes it is (a lost race rolls everything back).
        writes.push({
          questionKey: key,
          value: newValue,
          baseRevision: edit.baseRevision,
          isStored: context.answers.has(key),
        });
      }
      const isWritten =
        mode === 'batch' ||
        (newValue === null
          ? await deleteAnswerRowIfUnchanged(trx, response.id, key, edit.baseRevision)
          : await writeAnswerRowIfUnchanged(trx, response.id, edit.baseRevision, context.answers.has(key), {
              questionKey: key,
              value: newValue,
              revision,
              updatedAt: now,
              updatedBy: userId,
            }));
      if (!isWritten) {
        // Another writer committed between our read and our write; if they wrote the same answer, nothing is lost.
        const latest = await findCurrentAnswer(trx, response.id, key);
        applyToState(answers, key, latest, now);
        if (isSameValue(latest.value, newValue)) {
          results.set(key, {
            kind: 'saved',
            revision: latest.revision,
            savedAt: latest.updatedAt ?? now,
            isChanged: false,
          });
        } else conflicts.set(key, latest);
        continue;
      }
      applyToState(answers, key, { value: newValue, revision, updatedBy: userId, updatedAt: now }, now);
      changes.push({
        questionKey: key,
        value: newValue,
        previousValue: current.value,
        revision,
        kind: 'save',
        changedAt: now,
        changedBy: userId,
      });
      results.set(key, { kind: 'saved', revision, savedAt: now, isChanged: true });
    }
    if (response && writes.length > 0) {
      const written = await writeAnswerRowsIfUnchanged(trx, response.id, writes, { updatedAt: now, updatedBy: userId });
      if (written.size !== writes.length) throw new LostRace();
    }
    if (response && changes.length > 0) {
      await insertAnswerChangeRows(trx, response.id, changes);
      await updateResponseRow(trx, response.id, { updatedAt: now });
      // A changed answer is no longer the one copied from the previous round.
      await deletePrefillMarkRows(
        trx,
        response.id,
        changes.map((change) => change.questionKey),
      );
      response = { ...response, updatedAt: now };
      // A submitted response must not keep answers that its current answers hide, since results read it as it is.
      const discarded =
        response.status === 'submitted'
          ? await discardHiddenAnswers(trx, clock, context, response.id, answers, userId)
          : [];
      for (const key of discarded) answers.delete(key);
      const responseId = response.id;
      const events = changes.map(
        (change, index): NewAuditEvent => ({
          actor: input.actor,
          action: change.value === null ? 'response.answer_cleared' : 'response.answer_saved',
          subjectType: 'response',
          subjectId: responseId,
          details: {
            organisationCode: context.organisation.code,
            questionKey: change.questionKey,
            revision: change.revision,
            // The discards follow from the request's changes together; the last event of the request lists them.
            discarded: index === changes.length - 1 ? discarded : [],
          },
        }),
      );
      await recordAuditEvents(trx, clock, events);
    }
    await describeConflicts(trx, conflicts, results);
    const after: AnsweringContext = { ...context, response, answers };
    return { kind: 'done', results, visibleKeys: listVisibleKeys(after), context: after };
  });
}

/** Turns the savers' user ids into the e-mail addresses shown beside the conflicts, in one query. */
async function describeConflicts(
  db: Kysely<Database>,
  conflicts: Map<string, CurrentAnswer>,
  results: Map<string, FieldSaveResult>,
): Promise<void> {
  if (conflicts.size === 0) return;
  const labels = await describeUsers(
    db,
    [...conflicts.values()].map((current) => current.updatedBy),
  );
  for (const [key, current] of conflicts) {
    const updatedBy = current.updatedBy === null ? null : (labels.get(current.updatedBy) ?? null);
    results.set(key, { kind: 'conflict', current: { ...current, updatedBy } });
  }
}

/** The current answer of one question with its revision, read again after a conditional write found it changed. */
async function findCurrentAnswer(
  db: Kysely<Database>,
  responseId: string,
  questionKey: string,
): Promise<CurrentAnswer> {
  const stored = await findAnswerRow(db, responseId, questionKey);
  if (stored) return toCurrentAnswer(stored);
  const last = await findLastAnswerChangeRow(db, responseId, questionKey);
  return {
    value: null,
    revision: last?.revision ?? 0,
    updatedBy: last?.changedBy ?? null,
    updatedAt: last?.changedAt ?? null,
  };
}

/**
 * Saves, changes or clears one answer if nobody changed it since `baseRevision` (the autosave); the same path as a
 * batch of one.
 * @throws AppError('not_found') for an unknown round, an organisation not invited or a question not asked.
 */
export async function saveAnswer(
  db: Kysely<Database>,
  clock: Clock,
  input: SaveAnswerInput,
): Promise<SaveAnswerResult> {
  const { questionKey, value, baseRevision, ...rest } = input;
  const result = await saveAnswers(db, clock, {
    ...rest,
    edits: [{ questionKey, value, baseRevision }],
    isContextUnused: true,
  });
  if (result.kind === 'closed') return { kind: 'closed' };
  const field = result.results.get(questionKey);
  if (!field) throw new Error(`The save of ${questionKey} has no result.`);
  return field.kind === 'saved' ? { ...field, visibleKeys: result.visibleKeys } : field;
}
