import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync } from 'node:fs';
import { copyFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import SQLite from 'better-sqlite3';
import { AppError } from '../app-error.ts';
import { verifyAuditLog } from '../audit/audit.service.ts';
import { openDatabase } from '../db/connection.ts';
import { listMigrationNames } from '../db/migrator.ts';
import { findFirstSchemaDifference, readFreshSchema, readSchema } from './schema-check.ts';

/** What a valid Lägesbild SQLite file holds, as far as backup and restore need to know. */
export type DatabaseFileSummary = { migrations: string[]; users: number; auditEvents: number };

const requiredTables = ['kysely_migration', 'organisations', 'users', 'audit_events'];

function temporarySibling(file: string, purpose: string): string {
  return join(dirname(file), `.${basename(file)}.${purpose}-${randomBytes(6).toString('hex')}`);
}

function flushToDisk(file: string): void {
  const descriptor = openSync(file, 'r+');
  try {
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
}

/**
 * Checks that a file is an intact SQLite database made by Lägesbild (its schema table and migrations are there)
 * and summarises it.
 * @throws AppError('validation') naming what is wrong.
 */
export function inspectDatabaseFile(file: string): DatabaseFileSummary {
  if (!existsSync(file)) throw new AppError('validation', `${file} does not exist.`);
  let database: SQLite.Database | undefined;
  try {
    database = new SQLite(file, { readonly: true, fileMustExist: true });
    const check = database.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new AppError('validation', `${file} is damaged (integrity_check: ${String(check)}).`);
    const tables = new Set(
      database
        .prepare("select name from sqlite_master where type = 'table'")
        .pluck()
        .all()
        .filter((name): name is string => typeof name === 'string'),
    );
    const missing = requiredTables.filter((table) => !tables.has(table));
    if (missing.length > 0) {
      throw new AppError('validation', `${file} is not a Lägesbild database (no ${missing.join(', ')} table).`);
    }
    const migrations = database
      .prepare('select name from kysely_migration order by name')
      .pluck()
      .all()
      .filter((name): name is string => typeof name === 'string');
    const count = (table: string) => Number(database?.prepare(`select count(*) from ${table}`).pluck().get());
    return { migrations, users: count('users'), auditEvents: count('audit_events') };
  } catch (error) {
    if (error instanceof AppError) throw error;
    // better-sqlite3 says "file is not a database" and the like; the user needs to know only that it is unusable.
    throw new AppError('validation', `${file} is not a Lägesbild SQLite database (${String(error)}).`);
  } finally {
    database?.close();
  }
}

/**
 * Copies the live SQLite database to a new file with SQLite's online backup, which is consistent even while the
 * server writes; the copy appears under its name only when complete.
 * @throws AppError('conflict') when the target exists, AppError('validation') when the source is not Lägesbild's.
 */
export async function backupSqliteDatabase(sourceFile: string, targetFile: string): Promise<DatabaseFileSummary> {
  if (existsSync(targetFile)) throw new AppError('conflict', `${targetFile} already exists; choose a new file name.`);
  inspectDatabaseFile(sourceFile);
  const partial = temporarySibling(targetFile, 'partial');
  const source = new SQLite(sourceFile, { fileMustExist: true });
  try {
    source.pragma('busy_timeout = 5000');
    await source.backup(partial);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  } finally {
    source.close();
  }
  // A single self-contained file: the backup needs no -wal file beside it.
  const copy = new SQLite(partial, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
  const summary = inspectDatabaseFile(partial);
  flushToDisk(partial);
  await rename(partial, targetFile);
  return summary;
}

/**
 * Refuses a candidate whose schema is not exactly that of a fresh database migrated to the same version (a trigger,
 * a view in place of a table, a column more or less would run or hide code in the restored service), or whose audit
 * chain does not verify.
 * @throws AppError('validation') naming the first difference or the first broken event.
 */
async function verifyCandidate(
  file: string,
  shownName: string,
  summary: DatabaseFileSummary,
  auditKey: string,
): Promise<void> {
  const lastMigration = summary.migrations.at(-1);
  if (lastMigration === undefined) throw new AppError('validation', `${shownName} has no migrations recorded.`);
  const expected = await readFreshSchema(lastMigration);
  const candidate = new SQLite(file, { readonly: true, fileMustExist: true });
  let difference: string | null;
  try {
    difference = findFirstSchemaDifference(readSchema(candidate), expected);
  } finally {
    candidate.close();
  }
  if (difference !== null) {
    throw new AppError('validation', `${shownName} does not have Lägesbild's schema: ${difference}.`);
  }
  const handle = openDatabase({ dialect: 'sqlite', file }, { auditKey });
  try {
    // A backup from before the head was signed has no signature yet: the first start signs it, if intact.
    const verification = await verifyAuditLog(handle.db, { isUnsignedHeadAccepted: true });
    if (!verification.isIntact) {
      throw new AppError('validation', `${shownName} has a broken audit log: ${verification.detail}.`);
    }
  } finally {
    await handle.destroy();
  }
}

/**
 * Replaces the SQLite database file with a backup, atomically (copy beside it, then rename over it). The server
 * must be stopped: a running server would keep writing to the replaced file.
 * Before anything is replaced the backup must pass SQLite's integrity check, have exactly the schema of a fresh
 * database at its version and an intact audit log.
 * @throws AppError('validation') when the backup is not a Lägesbild database, was made by a newer version, or
 * fails one of those checks.
 */
export async function restoreSqliteDatabase(
  backupFile: string,
  targetFile: string,
  auditKey: string,
): Promise<DatabaseFileSummary> {
  const summary = inspectDatabaseFile(backupFile);
  const known = new Set(await listMigrationNames());
  const unknown = summary.migrations.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new AppError(
      'validation',
      `${backupFile} was made by a newer version of Lägesbild (migration ${unknown[0]}); upgrade before restoring.`,
    );
  }
  const staged = temporarySibling(targetFile, 'restoring');
  try {
    await copyFile(backupFile, staged);
    // Every check reads the staged copy, the file that will be renamed into place, not the one a user could still
    // change meanwhile.
    const stagedSummary = inspectDatabaseFile(staged);
    await verifyCandidate(staged, backupFile, stagedSummary, auditKey);
    flushToDisk(staged);
    // The old database's write-ahead log must not be replayed onto the restored file.
    await rm(`${targetFile}-wal`, { force: true });
    await rm(`${targetFile}-shm`, { force: true });
    await rename(staged, targetFile);
  } finally {
    for (const leftover of [staged, `${staged}-wal`, `${staged}-shm`]) await rm(leftover, { force: true });
  }
  return summary;
}
