import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  DEFAULT_MIGRATION_TABLE,
  type Kysely,
  type Migration,
  type MigrationProvider,
  type MigrationResult,
  Migrator,
  sql,
} from 'kysely';
import { codePath, moduleExtension } from '../paths.ts';
import type { Database } from './database.ts';

// src/db/migrations/*.ts from the sources, dist/db/migrations/*.js compiled; a migration's name has no extension,
// so a database migrated by either is up to date for both.
const migrationsFolder = codePath('db', 'migrations');
const migrationFile = /^(\d{8}_\d{4}_[a-z0-9-]+)\.(?:ts|js)$/;

/** The names of the migrations this version of Lägesbild ships (file names without extension), in order. */
export async function listMigrationNames(): Promise<string[]> {
  return (await readdir(migrationsFolder))
    .filter((file) => file.endsWith(moduleExtension))
    .flatMap((file) => migrationFile.exec(file)?.[1] ?? [])
    .sort();
}

/** Reads every timestamp-named migration file of the migrations folder in name order. */
export class FolderMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    const migrations: Record<string, Migration> = {};
    for (const name of await listMigrationNames()) {
      const file = join(migrationsFolder, `${name}${moduleExtension}`);
      const module: Partial<Migration> = await import(pathToFileURL(file).href);
      if (typeof module.up !== 'function') throw new Error(`Migration ${name} exports no up() function.`);
      migrations[name] = { up: module.up, down: module.down };
    }
    return migrations;
  }
}

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

/**
 * Brings the database to the newest schema; the one migrator used by start-up, `lagesbild migrate` and tests.
 * @throws MigrationError naming the migration that failed; nothing after it runs.
 */
export async function migrateToLatest(db: Kysely<Database>): Promise<MigrationResult[]> {
  if (await hasRunExactly(db, await listMigrationNames())) return [];
  // Work developed side by side lands migrations whose names sort before ones a database already ran (an installation
  // migrated at one release meets, at the next, a migration dated earlier than its newest). Each migration is
  // independent of the ones dated after it, so the missing ones simply run, in name order.
  const migrator = new Migrator({ db, provider: new FolderMigrationProvider(), allowUnorderedMigrations: true });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) {
    const failed = results.find((result) => result.status === 'Error');
    const reason = error instanceof Error ? error.message : String(error);
    throw new MigrationError(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${reason}`, { cause: error });
  }
  return results;
}

/**
 * Whether the database has run exactly the migrations named: then there is nothing to do, and a start need not load
 * the migrations' modules nor take the migrator's lock (Kysely's migrator also looks its tables up in the catalogue
 * first). Read without a lock: a migration another instance runs at the same moment is not among the names yet, and
 * any that is missing sends the start to the migrator, which waits for the lock as before. So does a migration this
 * version does not ship (a newer version migrated the database): the migrator refuses it, as it always did. A
 * database the migrator never saw (no table) answers with an error, which means "not up to date".
 */
async function hasRunExactly(db: Kysely<Database>, names: readonly string[]): Promise<boolean> {
  try {
    const { rows } = await sql<{ name: string }>`select name from ${sql.table(DEFAULT_MIGRATION_TABLE)}`.execute(db);
    const run = new Set(rows.map((row) => row.name));
    return run.size === names.length && names.every((name) => run.has(name));
  } catch {
    return false;
  }
}
