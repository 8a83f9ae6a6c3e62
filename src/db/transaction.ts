import type { Kysely, Transaction } from 'kysely';
import type { Database } from './database.ts';

/**
 * Runs `work` in a transaction: the caller's, when `db` already is one (a service called inside another service's
 * transaction, such as an invitation queued while a round opens), else a new one.
 */
export async function inTransaction<T>(
  db: Kysely<Database>,
  work: (trx: Kysely<Database> | Transaction<Database>) => Promise<T>,
): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}
