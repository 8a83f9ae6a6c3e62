import { type Kysely, PostgresAdapter } from 'kysely';

// Frozen in time: never imports application code. Audit events waiting to enter the hash chain: on PostgreSQL a
// transaction writes its events here as one batch (a JSON array, already pseudonymised) and a sealer appends the
// committed batches to `audit_events` after the commit, in the order of `id`, so no request holds the chain's head
// until its commit (issue 20).

export async function up(db: Kysely<any>): Promise<void> {
  const adapter = db.getExecutor().adapter;
  const isPostgres = adapter instanceof PostgresAdapter || Symbol.for('lagesbild.postgres-adapter') in adapter;
  await db.schema
    .createTable('audit_pending_events')
    .addColumn('id', isPostgres ? 'bigserial' : 'integer', (col) =>
      isPostgres ? col.primaryKey() : col.primaryKey().autoIncrement(),
    )
    .addColumn('occurred_at', 'text', (col) => col.notNull())
    .addColumn('events', 'text', (col) => col.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('audit_pending_events').execute();
}
