import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import SQLite from 'better-sqlite3';
import { grantUserRole } from '../../src/accounts/accounts.service.ts';
import { createFixedClock } from '../../src/clock.ts';
import { openDatabase } from '../../src/db/connection.ts';
import { createTestDatabase, type TestDatabase, testDialect } from '../database.ts';
import { runCommand } from './cli-helpers.ts';

const clock = createFixedClock(new Date('2026-03-01T08:00:00Z'));
const actor = { userId: null, label: 'test' };
let database: TestDatabase;
let folder: string;

before(async () => {
  database = await createTestDatabase();
  folder = mkdtempSync(join(tmpdir(), 'lagesbild-backup-'));
});
after(async () => {
  await database.drop();
  rmSync(folder, { recursive: true, force: true });
});

async function userEmails(db: TestDatabase['db']): Promise<string[]> {
  return (await db.selectFrom('users').select('email').orderBy('email').execute()).map((row) => row.email);
}

// Each dialect registers the tests of its own branch: the SQLite online backup does not exist on PostgreSQL, where
// the commands explain pg_dump instead.
const testOnPostgres = testDialect === 'postgres' ? test : () => {};
const testOnSqlite = testDialect === 'sqlite' ? test : () => {};

testOnPostgres('on PostgreSQL, backup and restore explain pg_dump and pg_restore and exit 1', async () => {
  for (const command of ['backup', 'restore']) {
    const run = await runCommand(database, [command, join(folder, 'x.sqlite')]);
    assert.equal(run.code, 1);
    assert.match(run.err, /pg_dump -Fc/);
    assert.match(run.err, /pg_restore/);
  }
});

testOnSqlite('backup while the database is in use, change data, restore: the data is back', async () => {
  await grantUserRole(database.db, clock, {
    email: 'kept@kommun.se',
    grant: { kind: 'global', role: 'analyst' },
    actor,
  });
  const backupFile = join(folder, 'lagesbild-backup.sqlite');
  // The test's own connection stays open and has written through the WAL: an online backup.
  const backup = await runCommand(database, ['backup', backupFile]);
  assert.equal(backup.code, 0, backup.err);
  assert.match(backup.out, /\(1 users, 1 audit events\)/);
  assert.equal((await runCommand(database, ['backup', backupFile])).code, 1, 'an existing file is never overwritten');

  await grantUserRole(database.db, clock, {
    email: 'later@kommun.se',
    grant: { kind: 'global', role: 'analyst' },
    actor,
  });
  await database.db.deleteFrom('memberships').execute();
  await database.db.updateTable('users').set({ name: 'changed' }).execute();
  assert.deepEqual(await userEmails(database.db), ['kept@kommun.se', 'later@kommun.se']);

  await database.destroy(); // the service must be stopped for a restore
  const restore = await runCommand(database, ['restore', backupFile]);
  assert.equal(restore.code, 0, restore.err);
  const reopened = openDatabase(database.config);
  try {
    assert.deepEqual(await userEmails(reopened.db), ['kept@kommun.se']);
    const kept = await reopened.db.selectFrom('users').select('name').executeTakeFirst();
    assert.equal(kept?.name, null);
    const verify = await runCommand(database, ['audit', 'verify']);
    assert.equal(verify.code, 0, verify.err);
    assert.match(verify.out, /1 event verified/);
  } finally {
    await reopened.destroy();
  }
});

testOnSqlite(
  'restore refuses a file that is not a Lägesbild SQLite database and leaves the database alone',
  async () => {
    const text = join(folder, 'not-a-database.sqlite');
    writeFileSync(text, 'SQLite format 3\0 but not really');
    const foreign = join(folder, 'foreign.sqlite');
    const other = new SQLite(foreign);
    other.exec('create table notes (text text)');
    other.close();
    for (const [file, reason] of [
      [text, /is not a Lägesbild SQLite database/],
      [foreign, /is not a Lägesbild database \(no kysely_migration, organisations, users, audit_events table\)/],
      [join(folder, 'missing.sqlite'), /does not exist/],
    ] as const) {
      const run = await runCommand(database, ['restore', file]);
      assert.equal(run.code, 1);
      assert.match(run.err, reason);
    }
    const reopened = openDatabase(database.config);
    try {
      assert.deepEqual(await userEmails(reopened.db), ['kept@kommun.se']);
    } finally {
      await reopened.destroy();
    }
  },
);
