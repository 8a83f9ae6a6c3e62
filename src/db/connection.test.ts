import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { createTestDatabase } from '../../test/database.ts';
import { openDatabase } from './connection.ts';
import { isPostgres } from './dialect.ts';

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

test('the dialect of a handle is known in its transactions, and a PostgreSQL handle is known without instanceof', async () => {
  const database = await createTestDatabase();
  try {
    const isPg = database.config.dialect === 'postgres';
    assert.equal(isPostgres(database.db), isPg);
    await database.db.transaction().execute(async (trx) => assert.equal(isPostgres(trx), isPg));
    // What another copy of Kysely (the compiled app's bundle) sees of a handle made here: a foreign adapter class.
    const adapter = database.db.getExecutor().adapter;
    const foreign = Object.assign(Object.create(null), adapter) as typeof adapter;
    const seenFromElsewhere = { getExecutor: () => ({ adapter: foreign }) } as unknown as typeof database.db;
    assert.equal(isPostgres(seenFromElsewhere), isPg);
  } finally {
    await database.drop();
  }
});
