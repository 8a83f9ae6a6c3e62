import type { Kysely } from 'kysely';

// Frozen in time: never imports application code. The audit chain's head (its last sequence number and hash) in a
// row of its own: appending an event claims the head with one UPDATE … RETURNING, whose row lock queues concurrent
// appenders on PostgreSQL in one round trip instead of an advisory lock followed by a read of the last event. The
// head also records where the chain ends, so deleting its newest events is detected.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('audit_chain_head')
    .addColumn('id', 'integer', (col) => col.primaryKey())
    .addColumn('sequence', 'integer', (col) => col.notNull())
    .addColumn('hash', 'text', (col) => col.notNull())
    .execute();
  const last = await db
    .selectFrom('audit_events')
    .select(['sequence', 'hash'])
    .orderBy('sequence', 'desc')
    .limit(1)
    .executeTakeFirst();
  await db
    .insertInto('audit_chain_head')
    .values({ id: 1, sequence: last ? Number(last.sequence) : 0, hash: last ? last.hash : '0'.repeat(64) })
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('audit_chain_head').execute();
}
