import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Frozen in time: never imports application code. Conventions as in the core migration.

export async function up(db: Kysely<any>): Promise<void> {
  // A bulk run of feedback reports started from the web: its progress, polled by the page, and the finished ZIP.
  // Kept in the database so that any instance behind the load balancer can show the progress and serve the file.
  const binary = db.getExecutor().adapter instanceof PostgresAdapter ? 'bytea' : 'blob';
  await db.schema
    .createTable('report_jobs')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('round_label', 'text', (col) => col.notNull())
    .addColumn('language', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull().check(sql`status in ('running', 'done', 'failed')`))
    .addColumn('total', 'integer', (col) => col.notNull())
    .addColumn('done', 'integer', (col) => col.notNull())
    .addColumn('error', 'text')
    .addColumn('archive', sql.raw(binary))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('report_jobs').execute();
}
