import type { Kysely } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../test/database.ts';
import { createFixedClock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { ensureOrganisationRegistry } from '../organisations/organisations.service.ts';
import { type ImportReport, importResponses } from './import-responses.service.ts';

/** A fresh database with the registry loaded, for one test file, and a way to import rows into it. */
export function createDatabaseFixture() {
  let database: TestDatabase | undefined;
  const clock = createFixedClock(new Date('2026-03-01T08:00:00.000Z'));
  const db = (): Kysely<Database> => {
    if (database === undefined) throw new Error('the fixture is not set up');
    return database.db;
  };
  return {
    clock,
    db,
    async setUp() {
      database = await createTestDatabase();
      await ensureOrganisationRegistry(database.db, clock);
    },
    async tearDown() {
      await database?.drop();
    },
    /** Imports rows (numbered from 2, as in a file) through the import service. */
    async importRows(rows: { round: string; org: string; question: string; value: string }[]): Promise<ImportReport> {
      return importResponses(db(), clock, {
        rows: rows.map((row, index) => ({ ...row, row: index + 2 })),
        isDryRun: false,
        actor: { userId: null, label: 'test' },
        source: 'test',
      });
    },
  };
}
