import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

// Finding 6: files crafted to pass the old check (the four table names and the migrations are there) are refused,
// each with the first difference named, and the database stays as it was.
testOnSqlite(
  'restore refuses a crafted file: wrong columns, a trigger, a view for a table, a broken audit log',
  async () => {
    const reopened = openDatabase(database.config);
    const genuine = join(folder, 'genuine.sqlite');
    try {
      const run = await runCommand(database, ['backup', genuine]);
      assert.equal(run.code, 0, run.err);
    } finally {
      await reopened.destroy();
    }
    const crafted = (name: string, statements: string): string => {
      const file = join(folder, `${name}.sqlite`);
      copyFileSync(genuine, file);
      const editor = new SQLite(file);
      try {
        editor.pragma('foreign_keys = OFF');
        editor.exec(statements);
      } finally {
        editor.close();
      }
      return file;
    };
    const cases = [
      [
        crafted(
          'wrong-columns',
          'alter table users add column is_superuser integer; alter table organisations drop column county_name',
        ),
        /does not have Lägesbild's schema: column organisations\.county_name is missing/,
      ],
      [
        crafted(
          'trigger',
          "create trigger promote after insert on sessions begin update users set global_role = 'administrator' where id = new.user_id; end",
        ),
        /does not have Lägesbild's schema: trigger promote on sessions is not in Lägesbild's schema/,
      ],
      [
        crafted('view', 'drop table memberships; create view memberships as select id as user_id from users'),
        /does not have Lägesbild's schema: memberships is a view, not a table/,
      ],
      [
        crafted('audit', "update audit_events set subject_id = 'forged' where sequence = 1"),
        /has a broken audit log: event 1 is altered/,
      ],
    ] as const;
    for (const [file, reason] of cases) {
      const run = await runCommand(database, ['restore', file]);
      assert.equal(run.code, 1, `${file} was restored`);
      assert.match(run.err, reason);
    }
    const after = openDatabase(database.config);
    try {
      assert.deepEqual(await userEmails(after.db), ['kept@kommun.se']);
      assert.deepEqual(
        await after.db.selectFrom('users').select('id').where('global_role', '=', 'administrator').execute(),
        [],
      );
    } finally {
      await after.destroy();
    }
    // The genuine file still restores.
    const run = await runCommand(database, ['restore', genuine]);
    assert.equal(run.code, 0, run.err);
  },
);
