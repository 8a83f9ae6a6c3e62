import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../src/db/database.ts';

/** Row count and content hash per table, to see which tables a batch of requests changed. */
export type TableSnapshot = Map<string, { rows: number; hash: string }>;

/** Reads every table of the database (both dialects) into a snapshot. */
export async function snapshotTables(db: Kysely<Database>): Promise<TableSnapshot> {
  const tables = (await db.introspection.getTables())
    .map((table) => table.name)
    .filter((name) => !name.startsWith('kysely_'));
  const snapshot: TableSnapshot = new Map();
  for (const name of tables.sort()) {
    const result = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(db);
    const lines = result.rows
      .map((row) => JSON.stringify(Object.entries(row).sort(([a], [b]) => a.localeCompare(b))))
      .sort();
    snapshot.set(name, { rows: lines.length, hash: createHash('sha256').update(lines.join('\n')).digest('hex') });
  }
  return snapshot;
}

/** Names the tables whose rows differ between two snapshots. */
export function changedTables(before: TableSnapshot, after: TableSnapshot): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((name) => before.get(name)?.hash !== after.get(name)?.hash).sort();
}
