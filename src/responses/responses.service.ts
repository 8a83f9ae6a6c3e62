import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { type Actor, recordAuditEvent } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import type { Answers, AnswerValue } from '../questionnaires/questionnaire.schema.ts';
import {
  type AnswerChange,
  deleteAnswerRow,
  findResponseRow,
  insertAnswerChangeRows,
  insertResponseRow,
  listAnswerChangeRows,
  listAnswerChangeRowsBy,
  listAnswerRows,
  listResponseRowsByRound,
  listSubmittedAnswerRecordRows,
  type ResponseRecord,
  type ResponseStatus,
  type StoredAnswer,
  updateResponseRow,
  upsertAnswerRow,
} from './responses.repository.ts';

export type { AnswerChange, ResponseRecord, ResponseStatus, StoredAnswer };

function isSameValue(a: AnswerValue, b: AnswerValue): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The status of every response of a round, by organisation code; organisations without one have not started. */
export async function listResponseStatuses(
  db: Kysely<Database>,
  roundId: string,
): Promise<Map<string, { status: ResponseStatus; updatedAt: string; submittedAt: string | null }>> {
  const responses = await listResponseRowsByRound(db, roundId);
  return new Map(
    responses.map((response) => [
      response.organisationCode,
      { status: response.status, updatedAt: response.updatedAt, submittedAt: response.submittedAt },
    ]),
  );
}

/** Finds an organisation's response to a round, or undefined when it has not started. */
export async function findResponse(
  db: Kysely<Database>,
  roundId: string,
  organisationCode: string,
): Promise<ResponseRecord | undefined> {
  return findResponseRow(db, roundId, organisationCode);
}

/** Lists a response's current answers. */
export async function listAnswers(db: Kysely<Database>, responseId: string): Promise<StoredAnswer[]> {
  return listAnswerRows(db, responseId);
}

/** Lists every change of a response's answers in order, with who and when. */
export async function listAnswerHistory(db: Kysely<Database>, responseId: string): Promise<AnswerChange[]> {
  return listAnswerChangeRows(db, responseId);
}

/** Every submitted response's answers of a round, grouped by organisation, for computing results. */
export async function listSubmittedAnswers(
  db: Kysely<Database>,
  roundId: string,
): Promise<Map<string, Map<string, AnswerValue>>> {
  const rows = await listSubmittedAnswerRecordRows(db, roundId);
  return new Map(rows.map((row) => [row.organisationCode, new Map(Object.entries(row.answers))]));
}

/**
 * Every submitted response's answers of a round as one record per organisation; the shape the results read, which
 * spares building a map per organisation. Organisations whose response holds no answer are absent.
 */
export async function listSubmittedAnswerRecords(db: Kysely<Database>, roundId: string): Promise<Map<string, Answers>> {
  const rows = await listSubmittedAnswerRecordRows(db, roundId);
  return new Map(rows.map((row) => [row.organisationCode, row.answers]));
}

/**
 * Stores an organisation's imported, already validated answers as a submitted response. Idempotent: answers equal
 * to the stored ones are left alone, so importing the same file again changes nothing. Returns whether anything
 * changed. Call inside the import's transaction.
 */
export async function saveImportedResponse(
  db: Kysely<Database>,
  clock: Clock,
  input: {
    roundId: string;
    organisationCode: string;
    versionId: string;
    answers: ReadonlyMap<string, AnswerValue>;
    actor: Actor;
  },
): Promise<boolean> {
  const now = clock.now().toISOString();
  let response = await findResponseRow(db, input.roundId, input.organisationCode);
  let isChanged = false;
  if (!response) {
    response = {
      id: randomUUID(),
      roundId: input.roundId,
      organisationCode: input.organisationCode,
      versionId: input.versionId,
      status: 'submitted',
      createdAt: now,
      updatedAt: now,
      submittedAt: now,
      // An import has no person behind it: the actor is the command or the coordinator who ran it.
      submitterId: null,
      submittedBy: null,
    };
    await insertResponseRow(db, response);
    isChanged = true;
  }
  const stored = new Map((await listAnswerRows(db, response.id)).map((answer) => [answer.questionKey, answer]));
  for (const [questionKey, value] of input.answers) {
    const previous = stored.get(questionKey);
    if (previous && isSameValue(previous.value, value)) continue;
    const revision = (previous?.revision ?? 0) + 1;
    await upsertAnswerRow(db, response.id, {
      questionKey,
      value,
      revision,
      updatedAt: now,
      updatedBy: input.actor.userId,
    });
    await insertAnswerChangeRows(db, response.id, [
      {
        questionKey,
        value,
        previousValue: previous?.value ?? null,
        revision,
        kind: 'import',
        changedAt: now,
        changedBy: input.actor.userId,
      },
    ]);
    isChanged = true;
  }
  if (isChanged) {
    if (response.status !== 'submitted')
      await updateResponseRow(db, response.id, { status: 'submitted', submittedAt: now });
    await updateResponseRow(db, response.id, { updatedAt: now });
    await recordAuditEvent(db, clock, {
      actor: input.actor,
      action: 'response.imported',
      subjectType: 'response',
      subjectId: response.id,
      details: { organisationCode: input.organisationCode, answers: input.answers.size },
    });
  }
  return isChanged;
}

/** Removes one answer (for callers that clear a question); recorded in the history. */
export async function clearAnswer(
  db: Kysely<Database>,
  clock: Clock,
  input: {
    responseId: string;
    questionKey: string;
    previous: StoredAnswer;
    kind: AnswerChange['kind'];
    userId: string | null;
  },
): Promise<void> {
  await deleteAnswerRow(db, input.responseId, input.questionKey);
  await insertAnswerChangeRows(db, input.responseId, [
    {
      questionKey: input.questionKey,
      value: null,
      previousValue: input.previous.value,
      revision: input.previous.revision + 1,
      kind: input.kind,
      changedAt: clock.now().toISOString(),
      changedBy: input.userId,
    },
  ]);
}

/** The answer changes a person made, for their own data: which question of which response, what kind, when. */
export async function listAnswerChangesBy(
  db: Kysely<Database>,
  userId: string,
): Promise<Array<{ roundId: string; organisationCode: string; questionKey: string; kind: string; changedAt: string }>> {
  return listAnswerChangeRowsBy(db, userId);
}
