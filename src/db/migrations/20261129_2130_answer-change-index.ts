import type { Kysely } from 'kysely';

// Frozen in time: never imports application code. A save looks up the newest change of one question, and form
// pages the newest revision per question; without this index both read a response's whole history.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('answer_changes_question_idx')
    .on('answer_changes')
    .columns(['response_id', 'question_key', 'revision'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('answer_changes_question_idx').execute();
}
