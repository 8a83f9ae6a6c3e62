import type { Command } from '../cli.ts';
import { systemClock } from '../clock.ts';
import { createDatabaseIfMissing, openDatabase } from '../db/connection.ts';
import { migrateToLatest } from '../db/migrator.ts';
import { seedShippedQuestionnaires } from '../questionnaires/questionnaires.service.ts';

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
      // The shipped questionnaire versions are seeds: inserted once, after the table exists.
      for (const id of await seedShippedQuestionnaires(handle.db, systemClock))
        context.out(`Added questionnaire version ${id}`);
      return 0;
    } finally {
      await handle.destroy();
    }
  },
};
