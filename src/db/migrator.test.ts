import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Migration, MigrationProvider } from 'kysely';
import { DEFAULT_MIGRATION_LOCK_TABLE, DEFAULT_MIGRATION_TABLE, Migrator, sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../test/database.ts';
import { FolderMigrationProvider, listMigrationNames, migrateToLatest } from './migrator.ts';

// An installation migrated by one release meets, at the next, a migration whose name sorts before the newest one it
// already ran (work developed side by side lands that way). The migrator runs it instead of refusing to start.

let database: TestDatabase;
before(async () => {
  database = await createTestDatabase({ isMigrated: false });
});
after(async () => database.drop());

test('a migration dated before the newest one already run is run, not refused', async () => {
  const names = await listMigrationNames();
  const skipped = names.at(-2);
  assert.ok(skipped, 'the product ships at least two migrations');
  const all = await new FolderMigrationProvider().getMigrations();
  const withoutOne: MigrationProvider = {
    async getMigrations(): Promise<Record<string, Migration>> {
      return Object.fromEntries(Object.entries(all).filter(([name]) => name !== skipped));
    },
  };
  const earlier = await new Migrator({ db: database.db, provider: withoutOne }).migrateToLatest();
  assert.equal(earlier.error, undefined);
  assert.ok(!earlier.results?.some((result) => result.migrationName === skipped));

  const results = await migrateToLatest(database.db);
  assert.deepEqual(
    results.map((result) => [result.migrationName, result.status]),
    [[skipped, 'Success']],
  );
});

test('a database that has run every migration starts without the migrator', async () => {
  await migrateToLatest(database.db);
  // Kysely's migrator creates its lock table whenever it runs; with it gone, only a start that skips the migrator
  // leaves it gone.
  await sql`drop table ${sql.table(DEFAULT_MIGRATION_LOCK_TABLE)}`.execute(database.db);
  assert.deepEqual(await migrateToLatest(database.db), []);
  const lockTables = await database.db.introspection.getTables({ withInternalKyselyTables: true });
  assert.ok(!lockTables.some((table) => table.name === DEFAULT_MIGRATION_LOCK_TABLE));

  // A migration this version does not ship (a newer version migrated the database): the migrator refuses to start.
  const newer = '29991231_2359_from-a-newer-version';
  await sql`insert into ${sql.table(DEFAULT_MIGRATION_TABLE)} (name, timestamp) values (${newer}, ${new Date().toISOString()})`.execute(
    database.db,
  );
  await assert.rejects(migrateToLatest(database.db), new RegExp(`${newer} is missing`));
  await sql`delete from ${sql.table(DEFAULT_MIGRATION_TABLE)} where name = ${newer}`.execute(database.db);

  // One migration missing from the record: the migrator runs (and brings its lock table back).
  const [first] = await listMigrationNames();
  assert.ok(first);
  await sql`delete from ${sql.table(DEFAULT_MIGRATION_TABLE)} where name = ${first}`.execute(database.db);
  const pending = await new FolderMigrationProvider().getMigrations();
  assert.ok(pending[first]);
  // The first migration's tables exist, so running it again fails: which proves the migrator ran it.
  await assert.rejects(migrateToLatest(database.db), /Migration .* failed/);
});
