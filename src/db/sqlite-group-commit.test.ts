import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import SQLite from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import { openDatabase } from './connection.ts';
import type { Database } from './database.ts';
import { type GroupCommitOptions, GroupCommitSqliteDialect } from './sqlite-group-commit.ts';

// SQLite-only behaviour, so this runs on SQLite files of its own in both suites.

type Setup = {
  db: Kysely<Database>;
  /** Another connection to the file (as another process would have): it sees committed data only. */
  committedNames(): string[];
  commits(): number;
  rollbacks(): number;
};

/** A Kysely over the group-commit dialect on a new file, with a table `items`, counting the COMMITs it runs. */
async function withGroupCommits(options: GroupCommitOptions, run: (setup: Setup) => Promise<void>): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'lagesbild-group-commit-'));
  const file = join(folder, 'groups.sqlite');
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  let commits = 0;
  let rollbacks = 0;
  const hooks = { committed: () => (commits += 1), rolledBack: () => (rollbacks += 1) };
  const db = new Kysely<Database>({ dialect: new GroupCommitSqliteDialect(sqlite, sqlite, hooks, options) });
  const observer = new SQLite(file);
  try {
    await sql`create table items (name text primary key)`.execute(db);
    await sql`create table parents (id text primary key)`.execute(db);
    await sql`create table children (id text primary key, parent text references parents (id) deferrable initially deferred)`.execute(
      db,
    );
    commits = 0;
    await run({
      db,
      committedNames: () =>
        observer
          .prepare('select name from items order by name')
          .all()
          .map((row) => (row as { name: string }).name),
      commits: () => commits,
      rollbacks: () => rollbacks,
    });
  } finally {
    observer.close();
    await db.destroy();
    rmSync(folder, { recursive: true, force: true });
  }
}

function insertItem(db: Kysely<Database>, name: string) {
  return sql`insert into items (name) values (${name})`.execute(db);
}

test('transactions that end in one turn of the event loop share one COMMIT, and none returns before it', async () => {
  await withGroupCommits({ isDeferred: true }, async ({ db, committedNames, commits }) => {
    const seenInside: string[][] = [];
    const seenOnReturn: string[][] = [];
    await Promise.all(
      ['a', 'b', 'c', 'd', 'e'].map((name) =>
        db
          .transaction()
          .execute(async (trx) => {
            await insertItem(trx, name);
            seenInside.push(committedNames());
          })
          .then(() => seenOnReturn.push(committedNames())),
      ),
    );
    assert.equal(commits(), 1);
    // While the group was open nothing was committed; each transaction returned once all of it was.
    assert.deepEqual(seenInside, [[], [], [], [], []]);
    assert.deepEqual(
      seenOnReturn,
      Array.from({ length: 5 }, () => ['a', 'b', 'c', 'd', 'e']),
    );
  });
});

test('a transaction that fails rolls back its own work only, not that of the others in its group', async () => {
  await withGroupCommits({ isDeferred: true }, async ({ db, committedNames, commits }) => {
    const outcomes = await Promise.allSettled(
      ['a', 'b', 'c'].map((name) =>
        db.transaction().execute(async (trx) => {
          await insertItem(trx, name);
          if (name === 'b') throw new Error('b changed its mind');
          // Later members see the earlier members' work, as transactions run one after another do.
          return (await sql<{ name: string }>`select name from items order by name`.execute(trx)).rows.map(
            (row) => row.name,
          );
        }),
      ),
    );
    assert.deepEqual(
      outcomes.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value : String(outcome.reason))),
      [['a'], 'Error: b changed its mind', ['a', 'c']],
    );
    assert.deepEqual(committedNames(), ['a', 'c']);
    assert.equal(commits(), 1);
  });
});

test('a query outside a transaction while a group is open runs in it and answers only once the group has committed', async () => {
  await withGroupCommits({ isDeferred: true }, async ({ db, committedNames, commits }) => {
    const saved = db.transaction().execute((trx) => insertItem(trx, 'x'));
    const read = sql<{ count: number }>`select count(*) as count from items`
      .execute(db)
      .then((result) => ({ count: result.rows[0]?.count, committed: committedNames() }));
    const written = insertItem(db, 'y').then(() => committedNames());
    await saved;
    // The read saw the transaction's row and answered only after it was committed; so did the write.
    assert.deepEqual(await read, { count: 1, committed: ['x', 'y'] });
    assert.deepEqual(await written, ['x', 'y']);
    assert.equal(commits(), 1);
  });
});

test('a COMMIT that fails fails every transaction of its group, keeps none of them, and the next group works', async () => {
  await withGroupCommits({ isDeferred: true }, async ({ db, committedNames, rollbacks }) => {
    const outcomes = await Promise.allSettled([
      db.transaction().execute((trx) => insertItem(trx, 'kept?')),
      // A deferred foreign key is checked at the COMMIT, which then fails.
      db.transaction().execute((trx) => sql`insert into children (id, parent) values ('c', 'nobody')`.execute(trx)),
    ]);
    assert.deepEqual(
      outcomes.map((outcome) => (outcome.status === 'rejected' ? String(outcome.reason) : 'fulfilled')),
      ['SqliteError: FOREIGN KEY constraint failed', 'SqliteError: FOREIGN KEY constraint failed'],
    );
    assert.deepEqual(committedNames(), []);
    assert.equal(rollbacks(), 1);
    await db.transaction().execute((trx) => insertItem(trx, 'next'));
    assert.deepEqual(committedNames(), ['next']);
  });
});

test('when SQLite rolls the shared transaction back, the transactions that had ended in it hear so', async () => {
  await withGroupCommits({ isDeferred: true }, async ({ db, committedNames }) => {
    const outcomes = await Promise.allSettled([
      db.transaction().execute((trx) => insertItem(trx, 'a')),
      db.transaction().execute(async (trx) => {
        // What SQLite does itself on a full disk or an I/O error: the whole database transaction is gone.
        await sql`rollback`.execute(trx);
        throw new Error('the disk is full');
      }),
    ]);
    assert.deepEqual(
      outcomes.map((outcome) => (outcome.status === 'rejected' ? String(outcome.reason) : 'fulfilled')),
      [
        'Error: SQLite rolled back a transaction shared by several saves; none of them was kept.',
        'Error: the disk is full',
      ],
    );
    assert.deepEqual(committedNames(), []);
    await db.transaction().execute((trx) => insertItem(trx, 'b'));
    assert.deepEqual(committedNames(), ['b']);
  });
});

test('a group takes at most maxMembers transactions; without deferral each transaction commits as it ends', async () => {
  const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
  await withGroupCommits({ isDeferred: true, maxMembers: 3 }, async ({ db, committedNames, commits }) => {
    await Promise.all(names.map((name) => db.transaction().execute((trx) => insertItem(trx, name))));
    assert.equal(commits(), 3);
    assert.deepEqual(committedNames(), names);
  });
  await withGroupCommits({}, async ({ db, committedNames, commits }) => {
    const seenInside: number[] = [];
    await Promise.all(
      names.map((name) =>
        db.transaction().execute(async (trx) => {
          seenInside.push(committedNames().length);
          await insertItem(trx, name);
        }),
      ),
    );
    assert.equal(commits(), names.length);
    assert.deepEqual(seenInside, [0, 1, 2, 3, 4, 5, 6]);
    assert.deepEqual(committedNames(), names);
  });
});

test('a handle opened with groupsCommits logs each COMMIT once per group, and BEGIN with it', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'lagesbild-group-commit-'));
  const statements: string[] = [];
  const handle = openDatabase(
    { dialect: 'sqlite', file: join(folder, 'handle.sqlite') },
    {
      groupsCommits: true,
      log: (event) => {
        if (event.level === 'query') statements.push(event.query.sql);
      },
    },
  );
  try {
    await sql`create table items (name text primary key)`.execute(handle.db);
    statements.length = 0;
    await Promise.all(['a', 'b', 'c'].map((name) => handle.db.transaction().execute((trx) => insertItem(trx, name))));
    assert.equal(statements.filter((statement) => statement.startsWith('begin')).length, 1);
    assert.equal(statements.filter((statement) => statement.startsWith('savepoint')).length, 3);
    assert.equal(statements.filter((statement) => statement === 'commit').length, 1);
  } finally {
    await handle.destroy();
    rmSync(folder, { recursive: true, force: true });
  }
});
