import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Frozen in time: never imports application code. On SQLite the answers become a table WITHOUT ROWID, stored in
// the order of their primary key (response, question): a response's answers then lie side by side in one B-tree,
// so reading them is one walk instead of a lookup in the key's index and another in the table for each answer, and
// a save writes one B-tree instead of two (issue 19). PostgreSQL has no such table; nothing changes there.

function isPostgres(db: Kysely<any>): boolean {
  const adapter = db.getExecutor().adapter;
  return adapter instanceof PostgresAdapter || Symbol.for('lagesbild.postgres-adapter') in adapter;
}

async function rebuildAnswers(db: Kysely<any>, options: { isClustered: boolean }): Promise<void> {
  await db.schema
    .createTable('answers_rebuilt')
    .addColumn('response_id', 'text', (col) => col.notNull().references('responses.id').onDelete('cascade'))
    .addColumn('question_key', 'text', (col) => col.notNull())
    .addColumn('value', 'text', (col) => col.notNull())
    .addColumn('revision', 'integer', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .addColumn('updated_by', 'text')
    .addPrimaryKeyConstraint('answers_pk', ['response_id', 'question_key'])
    .$call((builder) => (options.isClustered ? builder.modifyEnd(sql`without rowid`) : builder))
    .execute();
  await sql`insert into answers_rebuilt (response_id, question_key, value, revision, updated_at, updated_by)
    select response_id, question_key, value, revision, updated_at, updated_by from answers`.execute(db);
  await db.schema.dropTable('answers').execute();
  await db.schema.alterTable('answers_rebuilt').renameTo('answers').execute();
}

export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) return;
  await rebuildAnswers(db, { isClustered: true });
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) return;
  await rebuildAnswers(db, { isClustered: false });
}
