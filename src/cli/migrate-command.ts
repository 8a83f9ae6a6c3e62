import type { Command } from '../cli.ts';
import { createDatabaseIfMissing, openDatabase } from '../db/connection.ts';
import { migrateToLatest } from '../db/migrator.ts';

export const migrateCommand: Command = {
  name: ['migrate'],
  summary: 'Bring the database schema up to date (start-up does this too)',
  usage: 'lagesbild migrate',
  options: {},
  async run(context) {
    await createDatabaseIfMissing(context.config.database);
    const handle = openDatabase(context.config.database);
    try {
      const results = await migrateToLatest(handle.db);
      if (results.length === 0) context.out(`The ${handle.dialect} database is up to date.`);
      for (const result of results) context.out(`Applied ${result.migrationName}`);
      return 0;
    } finally {
      await handle.destroy();
    }
  },
};
