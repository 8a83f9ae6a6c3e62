import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { AnswerValue } from '../questionnaires/questionnaire.schema.ts';
import { parseAnswerValue } from './responses.repository.ts';
import type { PlausibilityNotesTable } from './responses.table.ts';

/** A respondent's explanation of a warning and the coordinator's mark, per response and question. */
export type PlausibilityNote = {
  responseId: string;
  questionKey: string;
  explanation: string;
  handledValue: AnswerValue | null;
  handledAt: string | null;
  handledBy: string | null;
};

function rowToNote(row: PlausibilityNotesTable): PlausibilityNote {
  return {
    responseId: row.response_id,
    questionKey: row.question_key,
    explanation: row.explanation,
    handledValue: row.handled_value === null ? null : (JSON.parse(row.handled_value) as AnswerValue),
    handledAt: row.handled_at,
    handledBy: row.handled_by,
  };
}

export async function listPlausibilityNoteRows(
  db: Kysely<Database>,
  responseIds: readonly string[],
): Promise<PlausibilityNote[]> {
  if (responseIds.length === 0) return [];
  const rows = await db.selectFrom('plausibility_notes').selectAll().where('response_id', 'in', responseIds).execute();
  return rows.map(rowToNote);
}

/** The notes of every response of a round, in one query. */
export async function listPlausibilityNoteRowsOfRound(
  db: Kysely<Database>,
  roundId: string,
): Promise<PlausibilityNote[]> {
  const rows = await db
    .selectFrom('plausibility_notes')
    .innerJoin('responses', 'responses.id', 'plausibility_notes.response_id')
    .selectAll('plausibility_notes')
    .where('responses.round_id', '=', roundId)
    .execute();
  return rows.map(rowToNote);
}

/** The answers of every response of a round, by response id, in one query. */
export async function listAnswerValueRowsOfRound(
  db: Kysely<Database>,
  roundId: string,
): Promise<Map<string, Record<string, AnswerValue>>> {
  const rows = await db
    .selectFrom('answers')
    .innerJoin('responses', 'responses.id', 'answers.response_id')
    .select(['answers.response_id', 'answers.question_key', 'answers.value'])
    .where('responses.round_id', '=', roundId)
    .execute();
  const byResponse = new Map<string, Record<string, AnswerValue>>();
  for (const row of rows) {
    const answers = byResponse.get(row.response_id) ?? {};
    answers[row.question_key] = parseAnswerValue(row.value);
    byResponse.set(row.response_id, answers);
  }
  return byResponse;
}

/** Writes the explanations of one response in one statement each; an empty text clears an explanation. */
export async function upsertExplanationRows(
  db: Kysely<Database>,
  notes: readonly { responseId: string; questionKey: string; explanation: string; at: string; by: string | null }[],
): Promise<void> {
  for (const note of notes) {
    const values = { explanation: note.explanation, updated_at: note.at, updated_by: note.by };
    await db
      .insertInto('plausibility_notes')
      .values({ response_id: note.responseId, question_key: note.questionKey, ...values })
      .onConflict((conflict) => conflict.columns(['response_id', 'question_key']).doUpdateSet(values))
      .execute();
  }
}

export async function markPlausibilityNoteHandledRow(
  db: Kysely<Database>,
  mark: { responseId: string; questionKey: string; value: AnswerValue; at: string; by: string | null },
): Promise<void> {
  const handled = { handled_value: JSON.stringify(mark.value), handled_at: mark.at, handled_by: mark.by };
  await db
    .insertInto('plausibility_notes')
    .values({
      response_id: mark.responseId,
      question_key: mark.questionKey,
      explanation: '',
      updated_at: mark.at,
      updated_by: null,
      ...handled,
    })
    .onConflict((conflict) => conflict.columns(['response_id', 'question_key']).doUpdateSet(handled))
    .execute();
}

/** The explanations a person wrote (and has not cleared), oldest first, with the response's round and organisation. */
export async function listExplanationRowsBy(
  db: Kysely<Database>,
  userId: string,
): Promise<
  Array<{ roundId: string; organisationCode: string; questionKey: string; explanation: string; writtenAt: string }>
> {
  const rows = await db
    .selectFrom('plausibility_notes')
    .innerJoin('responses', 'responses.id', 'plausibility_notes.response_id')
    .select([
      'responses.round_id',
      'responses.organisation_code',
      'plausibility_notes.question_key',
      'plausibility_notes.explanation',
      'plausibility_notes.updated_at',
    ])
    .where('plausibility_notes.updated_by', '=', userId)
    .where('plausibility_notes.explanation', '<>', '')
    .orderBy('plausibility_notes.updated_at')
    .orderBy('plausibility_notes.question_key')
    .execute();
  return rows.map((row) => ({
    roundId: row.round_id,
    organisationCode: row.organisation_code,
    questionKey: row.question_key,
    explanation: row.explanation,
    writtenAt: row.updated_at,
  }));
}
