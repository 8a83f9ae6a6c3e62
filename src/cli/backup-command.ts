import { resolve } from 'node:path';
import { backupSqliteDatabase, restoreSqliteDatabase } from '../backup/backup.service.ts';
import type { Command } from '../cli.ts';
import type { CommandContext } from './context.ts';

const postgresAdvice = [
  'On PostgreSQL, use the database server’s own tools, which are consistent while the service runs:',
  '  pg_dump -Fc "$DATABASE_URL" > lagesbild.dump',
  '  pg_restore --clean --if-exists -d "$DATABASE_URL" lagesbild.dump   (stop the service first)',
];

function sqliteFileOf(context: CommandContext): string | null {
  if (context.config.database.dialect === 'sqlite') return context.config.database.file;
  for (const line of postgresAdvice) context.err(line);
  return null;
}

function fileArgument(positionals: readonly string[]): string {
  return resolve(positionals[0] ?? '');
}

export const backupCommand: Command = {
  name: ['backup'],
  summary: 'Copy the SQLite database to FILE while the service runs (online backup); on PostgreSQL use pg_dump',
  usage: 'lagesbild backup FILE',
  options: {},
  positionals: ['FILE'],
  async run(context, _values, positionals) {
    const databaseFile = sqliteFileOf(context);
    if (databaseFile === null) return 1;
    const target = fileArgument(positionals);
    const summary = await backupSqliteDatabase(databaseFile, target);
    context.out(
      `Backed up ${databaseFile} to ${target} (${summary.users} users, ${summary.auditEvents} audit events).`,
    );
    return 0;
  },
};

export const restoreCommand: Command = {
  name: ['restore'],
  summary: 'Replace the SQLite database with a backup FILE; stop the service first. On PostgreSQL use pg_restore',
  usage: 'lagesbild restore FILE',
  options: {},
  positionals: ['FILE'],
  async run(context, _values, positionals) {
    const databaseFile = sqliteFileOf(context);
    if (databaseFile === null) return 1;
    const source = fileArgument(positionals);
    const summary = await restoreSqliteDatabase(source, databaseFile);
    context.out(
      `Restored ${databaseFile} from ${source} (${summary.users} users, ${summary.auditEvents} audit events). Start the service again; it migrates the restored database if needed.`,
    );
    return 0;
  },
};
