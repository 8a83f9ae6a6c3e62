import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { isPostgres } from '../db/dialect.ts';
import { prepareListQuery, prepareQuery } from '../db/prepared-query.ts';
import type { Answers, AnswerValue } from '../questionnaires/questionnaire.schema.ts';
import { timeOrderedId } from '../time-ordered-id.ts';
import type { AnswerChangesTable, ResponsesTable } from './responses.table.ts';

export type ResponseStatus = ResponsesTable['status'];

export type ResponseRecord = {
  id: string;
  roundId: string;
  organisationCode: string;
  versionId: string;
  status: ResponseStatus;
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  /** The submitting account; null for imported responses and once the account is deleted. */
  submitterId: string | null;
  /** The submitter's current e-mail address, read from the account (never stored with the response). */
  submittedBy: string | null;
};

export type StoredAnswer = {
  questionKey: string;
  value: AnswerValue;
  revision: number;
  updatedAt: string;
  updatedBy: string | null;
};

export type AnswerChange = {
  questionKey: string;
  value: AnswerValue | null;
  previousValue: AnswerValue | null;
  revision: number;
  kind: AnswerChangesTable['kind'];
  changedAt: string;
  changedBy: string | null;
};

type ResponseRow = ResponsesTable & { submitter_email: string | null };

/** Responses with their submitter's address, looked up from the account so that deleting it leaves none behind. */
function selectResponses(db: Kysely<Database>) {
  return db
    .selectFrom('responses')
    .leftJoin('users', 'users.id', 'responses.submitter_id')
    .selectAll('responses')
    .select('users.email as submitter_email');
}

function rowToResponse(row: ResponseRow): ResponseRecord {
  return {
    id: row.id,
    roundId: row.round_id,
    organisationCode: row.organisation_code,
    versionId: row.version_id,
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    submittedAt: row.submitted_at,
    submitterId: row.submitter_id,
    submittedBy: row.submitter_email,
  };
}

/** Answer values are JSON text on both dialects; only shapes the questionnaire allows are ever written. */
export function parseAnswerValue(text: string): AnswerValue {
  const value: unknown = JSON.parse(text);
  if (isAnswerValue(value)) return value;
  throw new Error(`Stored answer has an unexpected shape: ${text.slice(0, 80)}`);
}

function isAnswerValue(value: unknown): value is AnswerValue {
  if (typeof value === 'string' || typeof value === 'number') return true;
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isAnswers(value: unknown): value is Answers {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.values(value).every(isAnswerValue);
}

export function serialiseAnswerValue(value: AnswerValue): string {
  return JSON.stringify(value);
}

/** Every page and save of a respondent asks this: compiled once (see prepareQuery). */
const responseByOrganisationQuery = prepareQuery(
  (db, { roundId, organisationCode }: { roundId: string; organisationCode: string }) =>
    selectResponses(db)
      .where('responses.round_id', '=', roundId)
      .where('responses.organisation_code', '=', organisationCode),
);

export async function findResponseRow(
  db: Kysely<Database>,
  roundId: string,
  organisationCode: string,
): Promise<ResponseRecord | undefined> {
  const row = await responseByOrganisationQuery.executeTakeFirst(db, { roundId, organisationCode });
  return row ? rowToResponse(row) : undefined;
}

export async function findResponseRowById(db: Kysely<Database>, id: string): Promise<ResponseRecord | undefined> {
  const row = await selectResponses(db).where('responses.id', '=', id).executeTakeFirst();
  return row ? rowToResponse(row) : undefined;
}

function responseToRow(response: ResponseRecord): ResponsesTable {
  return {
    id: response.id,
    round_id: response.roundId,
    organisation_code: response.organisationCode,
    version_id: response.versionId,
    status: response.status,
    created_at: response.createdAt,
    updated_at: response.updatedAt,
    submitted_at: response.submittedAt,
    submitter_id: response.submitterId,
  };
}

export async function insertResponseRow(db: Kysely<Database>, response: ResponseRecord): Promise<void> {
  await db.insertInto('responses').values(responseToRow(response)).execute();
}

/** Every save stamps its response's time: compiled once (see prepareQuery). */
const responseTimeUpdate = prepareQuery((db, { id, updatedAt }: { id: string; updatedAt: string }) =>
  db.updateTable('responses').set({ updated_at: updatedAt }).where('id', '=', id),
);

export async function updateResponseRow(
  db: Kysely<Database>,
  id: string,
  changes: Partial<Pick<ResponseRecord, 'status' | 'updatedAt' | 'submittedAt' | 'submitterId' | 'versionId'>>,
): Promise<void> {
  const { updatedAt, ...others } = changes;
  if (updatedAt !== undefined && Object.values(others).every((value) => value === undefined)) {
    await responseTimeUpdate.execute(db, { id, updatedAt });
    return;
  }
  await db
    .updateTable('responses')
    .set({
      ...(changes.status !== undefined ? { status: changes.status } : {}),
      ...(changes.updatedAt !== undefined ? { updated_at: changes.updatedAt } : {}),
      ...(changes.submittedAt !== undefined ? { submitted_at: changes.submittedAt } : {}),
      ...(changes.submitterId !== undefined ? { submitter_id: changes.submitterId } : {}),
      ...(changes.versionId !== undefined ? { version_id: changes.versionId } : {}),
    })
    .where('id', '=', id)
    .execute();
}

export async function listResponseRowsByRound(db: Kysely<Database>, roundId: string): Promise<ResponseRecord[]> {
  const rows = await selectResponses(db).where('responses.round_id', '=', roundId).execute();
  return rows.map(rowToResponse);
}

/** Every page and save of a respondent asks this: compiled once (see prepareQuery). */
const answersQuery = prepareQuery((db, { responseId }: { responseId: string }) =>
  db.selectFrom('answers').selectAll().where('response_id', '=', responseId).orderBy('question_key'),
);

/** The answers to some questions only: an autosave of an unsubmitted response needs only those conditions read. */
const someAnswersQuery = prepareListQuery((db, { responseId }: { responseId: string }, keys: readonly string[]) =>
  db
    .selectFrom('answers')
    .selectAll()
    .where('response_id', '=', responseId)
    .where('question_key', 'in', [...keys])
    .orderBy('question_key'),
);

/** A response's stored answers, in key order; with `questionKeys`, only the answers to those questions. */
export async function listAnswerRows(
  db: Kysely<Database>,
  responseId: string,
  questionKeys?: readonly string[],
): Promise<StoredAnswer[]> {
  const rows =
    questionKeys === undefined
      ? await answersQuery.execute(db, { responseId })
      : questionKeys.length === 0
        ? []
        : await someAnswersQuery.execute(db, { responseId }, questionKeys);
  return rows.map((row) => ({
    questionKey: row.question_key,
    value: parseAnswerValue(row.value),
    revision: Number(row.revision),
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  }));
}

export async function upsertAnswerRow(db: Kysely<Database>, responseId: string, answer: StoredAnswer): Promise<void> {
  const values = {
    value: serialiseAnswerValue(answer.value),
    revision: answer.revision,
    updated_at: answer.updatedAt,
    updated_by: answer.updatedBy,
  };
  await db
    .insertInto('answers')
    .values({ response_id: responseId, question_key: answer.questionKey, ...values })
    .onConflict((conflict) => conflict.columns(['response_id', 'question_key']).doUpdateSet(values))
    .execute();
}

export async function deleteAnswerRow(db: Kysely<Database>, responseId: string, questionKey: string): Promise<void> {
  await db
    .deleteFrom('answers')
    .where('response_id', '=', responseId)
    .where('question_key', '=', questionKey)
    .execute();
}

/** A history row (its id in time order: see timeOrderedId). */
function answerChangeToRow(responseId: string, change: AnswerChange): AnswerChangesTable {
  return {
    id: timeOrderedId(),
    response_id: responseId,
    question_key: change.questionKey,
    value: change.value === null ? null : serialiseAnswerValue(change.value),
    previous_value: change.previousValue === null ? null : serialiseAnswerValue(change.previousValue),
    revision: change.revision,
    kind: change.kind,
    changed_at: change.changedAt,
    changed_by: change.changedBy,
  };
}

/** An autosave's one history row: compiled once (see prepareQuery). */
const answerChangeInsert = prepareQuery((db, row: AnswerChangesTable) => db.insertInto('answer_changes').values(row));

export async function insertAnswerChangeRows(
  db: Kysely<Database>,
  responseId: string,
  changes: readonly AnswerChange[],
): Promise<void> {
  const [first, ...others] = changes;
  if (!first) return;
  if (others.length === 0) {
    await answerChangeInsert.execute(db, answerChangeToRow(responseId, first));
    return;
  }
  await db
    .insertInto('answer_changes')
    .values(changes.map((change) => answerChangeToRow(responseId, change)))
    .execute();
}

export async function listAnswerChangeRows(db: Kysely<Database>, responseId: string): Promise<AnswerChange[]> {
  const rows = await db
    .selectFrom('answer_changes')
    .selectAll()
    .where('response_id', '=', responseId)
    .orderBy('changed_at')
    .orderBy('revision')
    .execute();
  return rows.map((row) => ({
    questionKey: row.question_key,
    value: row.value === null ? null : parseAnswerValue(row.value),
    previousValue: row.previous_value === null ? null : parseAnswerValue(row.previous_value),
    revision: Number(row.revision),
    kind: row.kind,
    changedAt: row.changed_at,
    changedBy: row.changed_by,
  }));
}

/**
 * Every submitted response's answers of a round, one row per organisation: the database folds a response's answers
 * into one JSON object (question key -> value), so a round of 10,000 organisations sends 10,000 rows instead of
 * 550,000. Responses without any answer are left out.
 */
export async function listSubmittedAnswerRecordRows(
  db: Kysely<Database>,
  roundId: string,
): Promise<Array<{ organisationCode: string; answers: Answers }>> {
  // Both return the object as text (PostgreSQL's json type would be parsed by the driver), parsed and checked below.
  const record = isPostgres(db)
    ? sql<string>`json_object_agg(answers.question_key, answers.value::json)::text`
    : sql<string>`json_group_object(answers.question_key, json(answers.value))`;
  const rows = await db
    .selectFrom('responses')
    .innerJoin('answers', 'answers.response_id', 'responses.id')
    .select(['responses.organisation_code', record.as('answers')])
    .where('responses.round_id', '=', roundId)
    .where('responses.status', '=', 'submitted')
    // One response per organisation and round (a unique index), and grouping in that index's order spares SQLite
    // a sort.
    .groupBy('responses.organisation_code')
    .execute();
  return rows.map((row) => {
    const answers: unknown = JSON.parse(row.answers);
    if (!isAnswers(answers)) {
      throw new Error(
        `Stored answers of ${row.organisation_code} have an unexpected shape: ${row.answers.slice(0, 80)}`,
      );
    }
    return { organisationCode: row.organisation_code, answers };
  });
}

/**
 * Inserts a response unless the organisation already has one for the round (two first saves may race); returns
 * the stored one either way.
 */
export async function insertResponseRowIfMissing(
  db: Kysely<Database>,
  response: ResponseRecord,
): Promise<ResponseRecord> {
  await db
    .insertInto('responses')
    .values(responseToRow(response))
    .onConflict((conflict) => conflict.columns(['round_id', 'organisation_code']).doNothing())
    .execute();
  const stored = await findResponseRow(db, response.roundId, response.organisationCode);
  if (!stored) throw new Error('The response vanished right after it was inserted.');
  return stored;
}

/** The highest revision a question ever had, including answers cleared since (their rows are gone). */
/** One current answer, or undefined when the question has none. */
export async function findAnswerRow(
  db: Kysely<Database>,
  responseId: string,
  questionKey: string,
): Promise<StoredAnswer | undefined> {
  const row = await db
    .selectFrom('answers')
    .selectAll()
    .where('response_id', '=', responseId)
    .where('question_key', '=', questionKey)
    .executeTakeFirst();
  return row
    ? {
        questionKey: row.question_key,
        value: parseAnswerValue(row.value),
        revision: Number(row.revision),
        updatedAt: row.updated_at,
        updatedBy: row.updated_by,
      }
    : undefined;
}

/** The newest change of one question (by revision), or undefined; reads one row, not the whole history. */
export async function findLastAnswerChangeRow(
  db: Kysely<Database>,
  responseId: string,
  questionKey: string,
): Promise<{ revision: number; changedAt: string; changedBy: string | null } | undefined> {
  const row = await db
    .selectFrom('answer_changes')
    .select(['revision', 'changed_at', 'changed_by'])
    .where('response_id', '=', responseId)
    .where('question_key', '=', questionKey)
    .orderBy('revision', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { revision: Number(row.revision), changedAt: row.changed_at, changedBy: row.changed_by } : undefined;
}

/**
 * The newest change (by revision) of each of the given questions, in one query: the revision, who and when of
 * answers cleared since (their rows are gone). Questions never changed are absent.
 */
export async function listLastAnswerChangeRows(
  db: Kysely<Database>,
  responseId: string,
  questionKeys: readonly string[],
): Promise<Map<string, { revision: number; changedAt: string; changedBy: string | null }>> {
  const last = new Map<string, { revision: number; changedAt: string; changedBy: string | null }>();
  if (questionKeys.length === 0) return last;
  const rows = await db
    .selectFrom('answer_changes')
    .select(['question_key', 'revision', 'changed_at', 'changed_by'])
    .where('response_id', '=', responseId)
    .where('question_key', 'in', [...questionKeys])
    .execute();
  for (const row of rows) {
    const revision = Number(row.revision);
    if ((last.get(row.question_key)?.revision ?? -1) < revision) {
      last.set(row.question_key, { revision, changedAt: row.changed_at, changedBy: row.changed_by });
    }
  }
  return last;
}

/** The value a question had at one revision, from the history; null when it was empty or the revision is unknown. */
export async function findChangeValueAtRevision(
  db: Kysely<Database>,
  responseId: string,
  questionKey: string,
  revision: number,
): Promise<AnswerValue | null> {
  const row = await db
    .selectFrom('answer_changes')
    .select('value')
    .where('response_id', '=', responseId)
    .where('question_key', '=', questionKey)
    .where('revision', '=', revision)
    .orderBy('changed_at', 'desc')
    .executeTakeFirst();
  return row?.value ? parseAnswerValue(row.value) : null;
}

/**
 * Writes an answer only if its stored revision is still `baseRevision` (no row counts as any revision the caller
 * read as cleared); returns false when another writer got there first.
 */
export async function writeAnswerRowIfUnchanged(
  db: Kysely<Database>,
  responseId: string,
  baseRevision: number,
  isStored: boolean,
  answer: StoredAnswer,
): Promise<boolean> {
  const values = {
    value: serialiseAnswerValue(answer.value),
    revision: answer.revision,
    updated_at: answer.updatedAt,
    updated_by: answer.updatedBy,
  };
  if (isStored) {
    const result = await db
      .updateTable('answers')
      .set(values)
      .where('response_id', '=', responseId)
      .where('question_key', '=', answer.questionKey)
      .where('revision', '=', baseRevision)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }
  const result = await db
    .insertInto('answers')
    .values({ response_id: responseId, question_key: answer.questionKey, ...values })
    .onConflict((conflict) => conflict.columns(['response_id', 'question_key']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** One answer of a batch write: its new value (null clears it), the revision it was based on and whether a row exists. */
export type AnswerWrite = { questionKey: string; value: AnswerValue | null; baseRevision: number; isStored: boolean };

/**
 * Writes several answers of one response, each only if its stored revision is still its `baseRevision` (as
 * `writeAnswerRowIfUnchanged` and `deleteAnswerRowIfUnchanged` do one by one), in at most three statements however
 * many answers: one UPDATE of the stored answers (the value chosen by a CASE on the key, the revision raised by one),
 * one INSERT of the new ones and one DELETE of the cleared ones. Every written answer gets revision `baseRevision + 1`
 * and the same time and author. Returns the keys written; a key missing lost a race with another writer.
 */
/** The autosave's write of one stored answer at its base revision: compiled once (see prepareQuery). */
const answerUpdate = prepareQuery(
  (
    db,
    params: {
      responseId: string;
      questionKey: string;
      value: string;
      baseRevision: number;
      updatedAt: string;
      updatedBy: string | null;
    },
  ) =>
    db
      .updateTable('answers')
      .set((eb) => ({
        value: sql<string>`case question_key when ${params.questionKey} then ${params.value} end`,
        revision: eb('revision', '+', 1),
        updated_at: params.updatedAt,
        updated_by: params.updatedBy,
      }))
      .where('response_id', '=', params.responseId)
      .where(sql<boolean>`((question_key = ${params.questionKey} and revision = ${params.baseRevision}))`)
      .returning('question_key'),
);

export async function writeAnswerRowsIfUnchanged(
  db: Kysely<Database>,
  responseId: string,
  writes: readonly AnswerWrite[],
  stamp: { updatedAt: string; updatedBy: string | null },
): Promise<Set<string>> {
  const written = new Set<string>();
  const updates = writes.filter((write) => write.value !== null && write.isStored);
  const inserts = writes.filter((write) => write.value !== null && !write.isStored);
  const deletes = writes.filter((write) => write.value === null);
  const isBase = (write: AnswerWrite) =>
    sql<boolean>`(question_key = ${write.questionKey} and revision = ${write.baseRevision})`;
  const [onlyUpdate] = updates;
  if (onlyUpdate && updates.length === 1) {
    const rows = await answerUpdate.execute(db, {
      responseId,
      questionKey: onlyUpdate.questionKey,
      value: serialiseAnswerValue(onlyUpdate.value ?? ''),
      baseRevision: onlyUpdate.baseRevision,
      updatedAt: stamp.updatedAt,
      updatedBy: stamp.updatedBy,
    });
    for (const row of rows) written.add(row.question_key);
  } else if (updates.length > 0) {
    const cases = updates.map(
      (write) => sql`when ${write.questionKey} then ${serialiseAnswerValue(write.value ?? '')}`,
    );
    const rows = await db
      .updateTable('answers')
      .set((eb) => ({
        value: sql<string>`case question_key ${sql.join(cases, sql` `)} end`,
        // Each row is written only at its base revision (the WHERE below), so this is baseRevision + 1.
        revision: eb('revision', '+', 1),
        updated_at: stamp.updatedAt,
        updated_by: stamp.updatedBy,
      }))
      .where('response_id', '=', responseId)
      .where(sql<boolean>`(${sql.join(updates.map(isBase), sql` or `)})`)
      .returning('question_key')
      .execute();
    for (const row of rows) written.add(row.question_key);
  }
  if (inserts.length > 0) {
    const rows = await db
      .insertInto('answers')
      .values(
        inserts.map((write) => ({
          response_id: responseId,
          question_key: write.questionKey,
          value: serialiseAnswerValue(write.value ?? ''),
          revision: write.baseRevision + 1,
          updated_at: stamp.updatedAt,
          updated_by: stamp.updatedBy,
        })),
      )
      // A row that appeared since the context was read belongs to another writer: not ours to overwrite.
      .onConflict((conflict) => conflict.columns(['response_id', 'question_key']).doNothing())
      .returning('question_key')
      .execute();
    for (const row of rows) written.add(row.question_key);
  }
  if (deletes.length > 0) {
    const rows = await db
      .deleteFrom('answers')
      .where('response_id', '=', responseId)
      .where(sql<boolean>`(${sql.join(deletes.map(isBase), sql` or `)})`)
      .returning('question_key')
      .execute();
    for (const row of rows) written.add(row.question_key);
  }
  return written;
}

/** Deletes an answer only if its stored revision is still `baseRevision`; returns false otherwise. */
export async function deleteAnswerRowIfUnchanged(
  db: Kysely<Database>,
  responseId: string,
  questionKey: string,
  baseRevision: number,
): Promise<boolean> {
  const result = await db
    .deleteFrom('answers')
    .where('response_id', '=', responseId)
    .where('question_key', '=', questionKey)
    .where('revision', '=', baseRevision)
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** The answer changes a user made (or submitted), oldest first, with the round and organisation of each. */
export async function listAnswerChangeRowsBy(
  db: Kysely<Database>,
  userId: string,
): Promise<Array<{ roundId: string; organisationCode: string; questionKey: string; kind: string; changedAt: string }>> {
  const rows = await db
    .selectFrom('answer_changes')
    .innerJoin('responses', 'responses.id', 'answer_changes.response_id')
    .select([
      'responses.round_id',
      'responses.organisation_code',
      'answer_changes.question_key',
      'answer_changes.kind',
      'answer_changes.changed_at',
    ])
    .where('answer_changes.changed_by', '=', userId)
    .orderBy('answer_changes.changed_at')
    .orderBy('answer_changes.id')
    .execute();
  return rows.map((row) => ({
    roundId: row.round_id,
    organisationCode: row.organisation_code,
    questionKey: row.question_key,
    kind: row.kind,
    changedAt: row.changed_at,
  }));
}

export async function insertPrefillMarkRow(
  db: Kysely<Database>,
  mark: { responseId: string; questionKey: string; roundLabel: string; createdAt: string },
): Promise<void> {
  await db
    .insertInto('prefilled_answers')
    .values({
      response_id: mark.responseId,
      question_key: mark.questionKey,
      round_label: mark.roundLabel,
      created_at: mark.createdAt,
    })
    .onConflict((conflict) => conflict.columns(['response_id', 'question_key']).doNothing())
    .execute();
}

/** An autosave's change is no longer prefilled: compiled once (see prepareQuery), the SQL of a list of one key. */
const prefillMarkDelete = prepareQuery((db, { responseId, questionKey }: { responseId: string; questionKey: string }) =>
  db.deleteFrom('prefilled_answers').where('response_id', '=', responseId).where('question_key', 'in', [questionKey]),
);

export async function deletePrefillMarkRows(
  db: Kysely<Database>,
  responseId: string,
  questionKeys: readonly string[],
): Promise<void> {
  const [only, ...others] = questionKeys;
  if (only === undefined) return;
  if (others.length === 0) {
    await prefillMarkDelete.execute(db, { responseId, questionKey: only });
    return;
  }
  await db
    .deleteFrom('prefilled_answers')
    .where('response_id', '=', responseId)
    .where('question_key', 'in', questionKeys)
    .execute();
}

export async function listPrefillMarkKeys(db: Kysely<Database>, responseId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('prefilled_answers')
    .select('question_key')
    .where('response_id', '=', responseId)
    .execute();
  return rows.map((row) => row.question_key);
}
