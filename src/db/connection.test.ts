import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { openDatabase } from './connection.ts';

// SQLite-only behaviour, so this runs on a SQLite file of its own in both suites.
test('a SQLite transaction holds the write lock from its start, so another writer cannot slip in before it writes', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'lagesbild-connection-'));
  const file = join(folder, 'locks.sqlite');
  const handle = openDatabase({ dialect: 'sqlite', file });
  // Another process's connection (a CLI command, say) that does not wait for locks.
  const other = new SQLite(file);
  other.pragma('busy_timeout = 0');
  try {
    await sql`create table counters (name text primary key, value integer not null)`.execute(handle.db);
    await sql`insert into counters values ('a', 1)`.execute(handle.db);
    let otherWrite: unknown;
    await handle.db.transaction().execute(async (trx) => {
      const before = await sql<{ value: number }>`select value from counters where name = 'a'`.execute(trx);
      try {
        other.prepare("update counters set value = 100 where name = 'a'").run();
      } catch (error) {
        otherWrite = error;
      }
      // With a DEFERRED transaction the other write would have committed and this one would fail with SQLITE_BUSY.
      await sql`update counters set value = ${(before.rows[0]?.value ?? 0) + 1} where name = 'a'`.execute(trx);
    });
    assert.ok(otherWrite instanceof Error && 'code' in otherWrite && otherWrite.code === 'SQLITE_BUSY');
    const after = await sql<{ value: number }>`select value from counters where name = 'a'`.execute(handle.db);
    assert.equal(after.rows[0]?.value, 2);
  } finally {
    other.close();
    await handle.destroy();
    rmSync(folder, { recursive: true, force: true });
  }
});
