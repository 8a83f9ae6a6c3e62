import type { Kysely } from 'kysely';

// Answers copied from the organisation's previous comparable round, marked until the respondent confirms or
// changes them; submission is refused while a visible one is unconfirmed.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('prefilled_answers')
    .addColumn('response_id', 'text', (col) => col.notNull().references('responses.id').onDelete('cascade'))
    .addColumn('question_key', 'text', (col) => col.notNull())
    .addColumn('round_label', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('prefilled_answers_pk', ['response_id', 'question_key'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('prefilled_answers').execute();
}
