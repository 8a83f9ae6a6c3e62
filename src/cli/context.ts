import type { Logger } from 'pino';
import { signUnsignedAuditHead } from '../audit/audit.service.ts';
import { resolveAuditKey } from '../audit/audit-key.ts';
import { systemClock } from '../clock.ts';
import { type Config, loadConfig } from '../config.ts';
import { createDatabaseIfMissing, type DatabaseHandle, openDatabase } from '../db/connection.ts';
import { migrateToLatest } from '../db/migrator.ts';
import { createLogger } from '../http/logging.ts';
import { seedShippedQuestionnaires } from '../questionnaires/questionnaires.service.ts';

/** Thrown by a command for a mistake in its arguments; the CLI prints the message and the command's usage. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export type CommandOutput = { out: (line: string) => void; err: (line: string) => void };

export type CommandContext = CommandOutput & {
  config: Readonly<Config>;
  logger: Logger;
  clock: typeof systemClock;
};

/**
 * Gives a command its context. The configuration is read on first use, so commands that need none (such as
 * `questionnaire check`) neither warn about nor fail on server settings; warnings go to stderr.
 * @throws ConfigError from the first access to `config` or `logger` when the environment is invalid.
 */
export function createCommandContext(output: CommandOutput, environment = process.env): CommandContext {
  let config: Readonly<Config> | undefined;
  let logger: Logger | undefined;
  const readConfig = () => {
    config ??= loadConfig(environment, { warn: (warning) => output.err(`Warning: ${warning.message}`) });
    return config;
  };
  return {
    ...output,
    clock: systemClock,
    get config() {
      return readConfig();
    },
    get logger() {
      logger ??= createLogger(readConfig().logLevel);
      return logger;
    },
  };
}

/** Opens and migrates the configured database for the duration of `work`, and always closes it. */
export async function withDatabase<T>(
  context: CommandContext,
  work: (handle: DatabaseHandle) => Promise<T>,
): Promise<T> {
  await createDatabaseIfMissing(context.config.database);
  const auditKey = resolveAuditKey(context.config.auditKey, (message) => context.err(`Warning: ${message}`));
  const handle = openDatabase(context.config.database, { auditKey });
  try {
    await migrateToLatest(handle.db);
    await signUnsignedAuditHead(handle.db);
    await seedShippedQuestionnaires(handle.db, context.clock);
    return await work(handle);
  } finally {
    await handle.destroy();
  }
}
