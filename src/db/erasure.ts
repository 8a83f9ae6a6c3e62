import { type Kysely, sql } from 'kysely';
import type { Database } from './database.ts';
import { isPostgres } from './dialect.ts';

/**
 * Makes erased rows leave the database's files, after a purge has committed. SQLite runs with `secure_delete` on
 * (connection.ts), so a deleted or overwritten row's bytes are zeroed in the database file; their earlier copies
 * live on in the write-ahead log until a checkpoint, so this checkpoints and truncates the log. PostgreSQL offers
 * no such guarantee: a deleted row stays in its page until VACUUM marks the space reusable (not zeroed) and later
 * writes overwrite it, and its copies stay in the WAL segments and in base backups until those are recycled (see
 * README, "Retention and purging"); nothing is done there.
 */
export async function removeErasedDataFromFiles(db: Kysely<Database>): Promise<void> {
  if (isPostgres(db) || db.isTransaction) return;
  // TRUNCATE waits (busy timeout) for readers of older snapshots, copies every page into the database and empties
  // the log; another connection still reading leaves it unfinished, and the next purge or automatic checkpoint
  // finishes the job. A checkpoint running at that moment (the server's checkpoint thread, db/wal-checkpointer.ts)
  // makes it report busy at once, so it tries again for up to a second.
  const deadline = Date.now() + 1000;
  for (;;) {
    const { rows } = await sql<{ busy: number }>`pragma wal_checkpoint(TRUNCATE)`.execute(db);
    if (Number(rows[0]?.busy ?? 0) === 0 || Date.now() >= deadline) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
