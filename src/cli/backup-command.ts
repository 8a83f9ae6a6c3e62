import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { AppError } from '../app-error.ts';
import { recordAuditAnchor } from '../audit/audit.service.ts';
import { resolveAuditKey } from '../audit/audit-key.ts';
import { backupSqliteDatabase, restoreSqliteDatabase } from '../backup/backup.service.ts';
import type { Command } from '../cli.ts';
import { type CommandContext, withDatabase } from './context.ts';

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
    if (existsSync(target)) throw new AppError('conflict', `${target} already exists; choose a new file name.`);
    // The signed head goes into the live database first, so both it and the backup hold this anchor.
    const anchor = await withDatabase(context, (handle) =>
      recordAuditAnchor(handle.db, context.clock, 'backup', `${basename(target)} ${context.clock.now().toISOString()}`),
    );
    const summary = await backupSqliteDatabase(databaseFile, target);
    context.out(
      `Backed up ${databaseFile} to ${target} (${summary.users} users, ${summary.auditEvents} audit events).`,
    );
    context.out(`Audit chain head recorded: event ${anchor.sequence}, ${anchor.hash}, signature ${anchor.signature}.`);
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
    const auditKey = resolveAuditKey(context.config.auditKey, (message) => context.err(`Warning: ${message}`));
    const summary = await restoreSqliteDatabase(source, databaseFile, auditKey);
    context.out(
      `Restored ${databaseFile} from ${source} (${summary.users} users, ${summary.auditEvents} audit events). Start the service again; it migrates the restored database if needed.`,
    );
    return 0;
  },
};
