import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { DatabaseConfig } from '../src/config.ts';
import { type DatabaseHandle, openDatabase } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrator.ts';

export type TestDatabase = DatabaseHandle & { config: DatabaseConfig; drop(): Promise<void> };

/** The dialect this test run uses: PostgreSQL when TEST_DATABASE_URL is set, otherwise SQLite files. */
export const testDialect = process.env.TEST_DATABASE_URL ? 'postgres' : 'sqlite';

/**
 * Creates a fresh, empty database for one test file (a new SQLite file, or a new database in the PostgreSQL
 * server of TEST_DATABASE_URL) and migrates it. `drop` closes and deletes it.
 */
export async function createTestDatabase(options: { isMigrated?: boolean } = {}): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  let config: DatabaseConfig;
  let removeStorage: () => Promise<void>;
  if (serverUrl) {
    const name = `lagesbild_test_${process.pid}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    config = { dialect: 'postgres', url: url.toString() };
    removeStorage = async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    };
  } else {
    const folder = mkdtempSync(join(tmpdir(), 'lagesbild-test-'));
    config = { dialect: 'sqlite', file: join(folder, 'test.sqlite') };
    removeStorage = async () => rmSync(folder, { recursive: true, force: true });
  }
  // Dropping a test database force-closes its connections; that is expected, not a failure.
  const handle = openDatabase(config, { poolSize: 5, onPoolError: () => {} });
  if (options.isMigrated !== false) await migrateToLatest(handle.db);
  let isDropped = false;
  return {
    ...handle,
    config,
    async drop() {
      if (isDropped) return;
      isDropped = true;
      await handle.destroy();
      await removeStorage();
    },
  };
}
