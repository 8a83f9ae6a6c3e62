import type { Kysely } from 'kysely';

// A respondent's explanation of a plausibility warning (a number far from last round's, outside the plausible
// range, a yes become no), and the coordinator's mark that the warning was handled, for the value then given.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('plausibility_notes')
    .addColumn('response_id', 'text', (col) => col.notNull().references('responses.id').onDelete('cascade'))
    .addColumn('question_key', 'text', (col) => col.notNull())
    .addColumn('explanation', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('handled_value', 'text')
    .addColumn('handled_at', 'text')
    .addColumn('handled_by', 'text')
    .addPrimaryKeyConstraint('plausibility_notes_pk', ['response_id', 'question_key'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('plausibility_notes').execute();
}
