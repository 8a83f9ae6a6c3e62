import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * Marks the adapters of the PostgreSQL handles that `openDatabase` makes. A registered symbol is the same in every
 * copy of this module, so the compiled app (which bundles its own Kysely) recognises a handle that a test made from
 * the sources, where `instanceof` would see a foreign PostgresAdapter class and take the database for SQLite.
 */
export const postgresMark: unique symbol = Symbol.for('lagesbild.postgres-adapter');

/** Tells repositories which dialect a handle (or transaction) speaks, for the few places where SQL differs. */
// biome-ignore lint/suspicious/noExplicitAny: any database type; only the adapter is inspected
export function isPostgres(db: Kysely<any>): boolean {
  const adapter = db.getExecutor().adapter;
  return adapter instanceof PostgresAdapter || postgresMark in adapter;
}

/** Booleans are stored as 0/1 on both dialects. */
export function toFlag(value: boolean): number {
  return value ? 1 : 0;
}

export function fromFlag(value: number | boolean): boolean {
  return value === true || value === 1;
}

/**
 * Lets the current transaction commit without waiting for its write-ahead log to reach the disk, on PostgreSQL
 * (`synchronous_commit = off` for this transaction only); SQLite already commits so (WAL, synchronous NORMAL). Only
 * for writes a person can simply repeat: a crash of the database server within a fraction of a second loses them,
 * a crash of this process does not.
 */
// biome-ignore lint/suspicious/noExplicitAny: any database type; the statement touches no table
export async function skipCommitFlush(trx: Kysely<any>): Promise<void> {
  if (isPostgres(trx)) await sql`set local synchronous_commit = off`.execute(trx);
}
