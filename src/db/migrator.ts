import { readdir } from 'node:fs/promises';
import { type Kysely, type Migration, type MigrationProvider, type MigrationResult, Migrator } from 'kysely';
import type { Database } from './database.ts';

const migrationsFolder = new URL('./migrations/', import.meta.url);

/** Reads every timestamp-named migration file of src/db/migrations in name order. */
export class FolderMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    const names = (await readdir(migrationsFolder)).filter((name) => /^\d{8}_\d{4}_[a-z0-9-]+\.ts$/.test(name)).sort();
    const migrations: Record<string, Migration> = {};
    for (const name of names) {
      const module: Partial<Migration> = await import(new URL(name, migrationsFolder).href);
      if (typeof module.up !== 'function') throw new Error(`Migration ${name} exports no up() function.`);
      migrations[name.replace(/\.ts$/, '')] = { up: module.up, down: module.down };
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
  const migrator = new Migrator({ db, provider: new FolderMigrationProvider() });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) {
    const failed = results.find((result) => result.status === 'Error');
    const reason = error instanceof Error ? error.message : String(error);
    throw new MigrationError(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${reason}`, { cause: error });
  }
  return results;
}
