import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { sql } from 'kysely';
import { openDatabase } from './connection.ts';
import { serverAutocheckpointPages } from './wal-checkpointer.ts';

// The checkpoint thread is SQLite's alone: this test opens a SQLite file of its own in either suite.

test('a server on SQLite copies its log into the database file from a thread of its own, and stops it on close', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'lagesbild-checkpoint-'));
  const file = join(folder, 'server.sqlite');
  const errors: string[] = [];
  const handle = openDatabase(
    { dialect: 'sqlite', file },
    { checkpointsInBackgroundAfter: 0, onCheckpointError: (message) => errors.push(message) },
  );
  try {
    const { rows } = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(handle.db);
    assert.equal(Number(rows[0]?.wal_autocheckpoint), serverAutocheckpointPages);
    await sql`create table notes (id integer primary key, body text not null)`.execute(handle.db);
    const sizeBefore = statSync(file).size;
    // About 2 MB in 2,000 commits: a few thousand pages of log, below the server connection's own mark, so only the
    // thread can have copied them into the database file.
    for (let index = 0; index < 2000; index += 1) {
      await handle.db
        .transaction()
        .execute((trx) => sql`insert into notes (body) values (${'x'.repeat(1000)})`.execute(trx));
    }
    const deadline = Date.now() + 10_000;
    while (statSync(file).size < sizeBefore + 1_500_000 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.ok(
      statSync(file).size >= sizeBefore + 1_500_000,
      `the database file holds ${statSync(file).size} bytes; its log was not checkpointed`,
    );
    assert.deepEqual(errors, []);
  } finally {
    await handle.destroy();
    rmSync(folder, { recursive: true, force: true });
  }
});

test('a server starts the thread only once it has a write load, and a command leaves the checkpoints to SQLite', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'lagesbild-checkpoint-'));
  const server = openDatabase(
    { dialect: 'sqlite', file: join(folder, 'server.sqlite') },
    { checkpointsInBackgroundAfter: 50 },
  );
  const command = openDatabase({ dialect: 'sqlite', file: join(folder, 'command.sqlite') });
  const markOf = async (db: typeof server.db) =>
    Number(
      (await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(db)).rows[0]?.wal_autocheckpoint,
    );
  try {
    await sql`create table notes (id integer primary key, body text not null)`.execute(server.db);
    const commit = () =>
      server.db.transaction().execute((trx) => sql`insert into notes (body) values ('x')`.execute(trx));
    for (let index = 0; index < 49; index += 1) await commit();
    assert.equal(await markOf(server.db), 1000, 'an idle server keeps SQLite’s own checkpoint and no thread');
    await commit();
    assert.equal(await markOf(server.db), serverAutocheckpointPages, 'the 50th commit starts the thread');
    assert.equal(await markOf(command.db), 1000);
  } finally {
    await server.destroy();
    await command.destroy();
    rmSync(folder, { recursive: true, force: true });
  }
});
