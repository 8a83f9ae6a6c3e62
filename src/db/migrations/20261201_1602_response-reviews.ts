import type { Kysely } from 'kysely';

// A coordinator's review of a submitted response: marked reviewed, or sent back with a comment ("komplettering
// begärd"). One row per step, so the response's history shows each.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('response_reviews')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('response_id', 'text', (col) => col.notNull().references('responses.id').onDelete('cascade'))
    .addColumn('decision', 'text', (col) => col.notNull())
    .addColumn('comment', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('created_by', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('response_reviews_response_idx')
    .on('response_reviews')
    .columns(['response_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('response_reviews').execute();
}
