import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { systemClock } from '../src/clock.ts';
import type { DatabaseConfig } from '../src/config.ts';
import { type DatabaseHandle, openDatabase } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrator.ts';
import { seedShippedQuestionnaires } from '../src/questionnaires/questionnaires.service.ts';

/** The audit key of every test database and of the commands and servers the tests start (AUDIT_KEY). */
export const testAuditKey = 'test-audit-key-0123456789abcdef0123456789abcdef';

export type TestDatabase = DatabaseHandle & { config: DatabaseConfig; drop(): Promise<void> };

/** The dialect this test run uses: PostgreSQL when TEST_DATABASE_URL is set, otherwise SQLite files. */
export const testDialect = process.env.TEST_DATABASE_URL ? 'postgres' : 'sqlite';

/**
 * A database migrated once per test run, copied for every test file: a SQLite file, or a PostgreSQL database that
 * `CREATE DATABASE … TEMPLATE` copies. The test runner creates it from the migrations of the checkout and names it
 * in TEST_DATABASE_TEMPLATE; without that variable (a test file started by hand) each database is migrated itself.
 */
export type TemplateDatabase = { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; name: string };

const templateVariable = 'TEST_DATABASE_TEMPLATE';

/** The template this process was given by the test runner, if any, checked against the run's dialect. */
function findTemplateDatabase(): TemplateDatabase | undefined {
  const value = process.env[templateVariable];
  if (!value) return undefined;
  const parsed: unknown = JSON.parse(value);
  if (typeof parsed === 'object' && parsed !== null && 'dialect' in parsed && parsed.dialect === testDialect) {
    if (parsed.dialect === 'sqlite' && 'file' in parsed && typeof parsed.file === 'string') {
      return { dialect: 'sqlite', file: parsed.file };
    }
    if (parsed.dialect === 'postgres' && 'name' in parsed && typeof parsed.name === 'string') {
      return { dialect: 'postgres', name: parsed.name };
    }
  }
  throw new Error(`${templateVariable} does not name a ${testDialect} template database: ${value}`);
}

/**
 * What makes a test database "migrated". The run's template is made by this function too, so a copy of it is the
 * same as a database migrated here: anything added to the migrated state belongs here, once.
 */
async function migrateTestDatabase(db: DatabaseHandle['db']): Promise<void> {
  await migrateToLatest(db);
  await seedShippedQuestionnaires(db, systemClock);
}

/** The PostgreSQL server of TEST_DATABASE_URL, or undefined for SQLite. */
function findServerUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || undefined;
}

async function runAdminStatement(serverUrl: string, statement: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}

function databaseUrlOnServer(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A new randomly named database, empty, with how to remove it. */
async function createStorage(
  template: TemplateDatabase | undefined,
  prefix = 'lagesbild_test',
): Promise<{ config: DatabaseConfig; removeStorage: () => Promise<void> }> {
  const serverUrl = findServerUrl();
  if (serverUrl) {
    const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
    // The template has no open connection (its builder closed it), which CREATE DATABASE … TEMPLATE requires.
    await runAdminStatement(
      serverUrl,
      template?.dialect === 'postgres'
        ? `create database ${name} template ${template.name}`
        : `create database ${name}`,
    );
    return {
      config: { dialect: 'postgres', url: databaseUrlOnServer(serverUrl, name) },
      removeStorage: () => runAdminStatement(serverUrl, `drop database if exists ${name} with (force)`),
    };
  }
  const folder = mkdtempSync(join(tmpdir(), `${prefix.replaceAll('_', '-')}-`));
  const file = join(folder, 'test.sqlite');
  // The template was closed after migrating, so its write-ahead log is checkpointed: the file alone is the database.
  if (template?.dialect === 'sqlite') copyFileSync(template.file, file);
  return {
    config: { dialect: 'sqlite', file },
    removeStorage: async () => rmSync(folder, { recursive: true, force: true }),
  };
}

/**
 * Creates a fresh database for one test file (a new SQLite file, or a new database in the PostgreSQL server of
 * TEST_DATABASE_URL), migrated unless `isMigrated` is false: a copy of the run's template when the test runner made
 * one, otherwise migrated here. `groupsCommits` opens it as the server does (SQLite's transactions of one turn commit
 * together). `drop` closes and deletes it.
 */
export async function createTestDatabase(
  options: { isMigrated?: boolean; groupsCommits?: boolean } = {},
): Promise<TestDatabase> {
  const isMigrated = options.isMigrated !== false;
  const template = isMigrated ? findTemplateDatabase() : undefined;
  const { config, removeStorage } = await createStorage(template);
  // Dropping a test database force-closes its connections; that is expected, not a failure.
  const handle = openDatabase(config, {
    poolSize: 5,
    onPoolError: () => {},
    auditKey: testAuditKey,
    ...(options.groupsCommits ? { groupsCommits: true } : {}),
  });
  if (isMigrated && template === undefined) await migrateTestDatabase(handle.db);
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

/**
 * Migrates a new template database for one test run from the migrations of this checkout and closes it;
 * `removeTemplateDatabase` deletes it when the run ends.
 */
export async function createTemplateDatabase(): Promise<TemplateDatabase> {
  const { config, removeStorage } = await createStorage(undefined, 'lagesbild_template');
  const handle = openDatabase(config, { poolSize: 1, auditKey: testAuditKey });
  try {
    await migrateTestDatabase(handle.db);
  } catch (error) {
    await handle.destroy();
    await removeStorage();
    throw error;
  }
  await handle.destroy();
  return config.dialect === 'sqlite'
    ? { dialect: 'sqlite', file: config.file }
    : { dialect: 'postgres', name: new URL(config.url).pathname.slice(1) };
}

/** Deletes a template made by `createTemplateDatabase`. */
export async function removeTemplateDatabase(template: TemplateDatabase): Promise<void> {
  if (template.dialect === 'sqlite') {
    rmSync(dirname(template.file), { recursive: true, force: true });
    return;
  }
  const serverUrl = findServerUrl();
  if (!serverUrl) throw new Error('TEST_DATABASE_URL is needed to remove a PostgreSQL template database.');
  await runAdminStatement(serverUrl, `drop database if exists ${template.name} with (force)`);
}

/** The environment variable and value that hand a template to the test processes. */
export function templateEnvironment(template: TemplateDatabase): Record<string, string> {
  return { [templateVariable]: JSON.stringify(template) };
}
