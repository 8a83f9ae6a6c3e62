import { type Kysely, PostgresAdapter } from 'kysely';

/** Tells repositories which dialect a handle (or transaction) speaks, for the few places where SQL differs. */
// biome-ignore lint/suspicious/noExplicitAny: any database type; only the adapter is inspected
export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** Booleans are stored as 0/1 on both dialects. */
export function toFlag(value: boolean): number {
  return value ? 1 : 0;
}

export function fromFlag(value: number | boolean): boolean {
  return value === true || value === 1;
}
