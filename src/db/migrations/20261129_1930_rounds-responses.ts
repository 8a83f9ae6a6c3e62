import { type Kysely, sql } from 'kysely';

// Frozen in time: never imports application code. Conventions as in the core migration.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('rounds')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('label', 'text', (col) => col.notNull().unique())
    .addColumn('status', 'text', (col) => col.notNull().check(sql`status in ('draft', 'open', 'closed')`))
    /** fieldwork: run in Lägesbild; import: answers brought in from an earlier tool. */
    .addColumn('source', 'text', (col) => col.notNull().check(sql`source in ('fieldwork', 'import')`))
    .addColumn('kommun_version', 'text')
    .addColumn('region_version', 'text')
    .addColumn('opens_at', 'text')
    .addColumn('closes_at', 'text')
    /** JSON array of whole days before closing, e.g. [14, 7, 2]. */
    .addColumn('reminder_days', 'text', (col) => col.notNull().defaultTo('[14,7,2]'))
    .addColumn('published_at', 'text')
    .addColumn('embargo_until', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .execute();

  // The organisations invited to a round (its population), with their contact person.
  await db.schema
    .createTable('round_organisations')
    .addColumn('round_id', 'text', (col) => col.notNull().references('rounds.id').onDelete('cascade'))
    .addColumn('organisation_code', 'text', (col) => col.notNull().references('organisations.code'))
    .addColumn('contact_name', 'text')
    .addColumn('contact_email', 'text')
    /** A closed round reopened for this organisation only, until this time. */
    .addColumn('reopened_until', 'text')
    .addColumn('invited_at', 'text')
    .addPrimaryKeyConstraint('round_organisations_pk', ['round_id', 'organisation_code'])
    .execute();

  await db.schema
    .createTable('responses')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('round_id', 'text', (col) => col.notNull().references('rounds.id').onDelete('cascade'))
    .addColumn('organisation_code', 'text', (col) => col.notNull().references('organisations.code'))
    .addColumn('version_id', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull().check(sql`status in ('in_progress', 'submitted')`))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .addColumn('submitted_at', 'text')
    .addColumn('submitted_by', 'text')
    .addUniqueConstraint('responses_round_organisation_unique', ['round_id', 'organisation_code'])
    .execute();

  // The current answer per question; `revision` grows with every change and detects concurrent edits.
  await db.schema
    .createTable('answers')
    .addColumn('response_id', 'text', (col) => col.notNull().references('responses.id').onDelete('cascade'))
    .addColumn('question_key', 'text', (col) => col.notNull())
    /** JSON: "yes", 42, 12.5, ["a","b"] or "free text". */
    .addColumn('value', 'text', (col) => col.notNull())
    .addColumn('revision', 'integer', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .addColumn('updated_by', 'text')
    .addPrimaryKeyConstraint('answers_pk', ['response_id', 'question_key'])
    .execute();

  // Every change with who and when; `value` null means the answer was cleared.
  await db.schema
    .createTable('answer_changes')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('response_id', 'text', (col) => col.notNull().references('responses.id').onDelete('cascade'))
    .addColumn('question_key', 'text', (col) => col.notNull())
    .addColumn('value', 'text')
    .addColumn('previous_value', 'text')
    .addColumn('revision', 'integer', (col) => col.notNull())
    .addColumn('kind', 'text', (col) => col.notNull().check(sql`kind in ('save', 'import', 'submit', 'discard')`))
    .addColumn('changed_at', 'text', (col) => col.notNull())
    .addColumn('changed_by', 'text')
    .execute();
  await db.schema
    .createIndex('answer_changes_response_idx')
    .on('answer_changes')
    .columns(['response_id', 'changed_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['answer_changes', 'answers', 'responses', 'round_organisations', 'rounds']) {
    await db.schema.dropTable(table).execute();
  }
}
