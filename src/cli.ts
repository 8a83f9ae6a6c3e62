import { parseArgs } from 'node:util';
import { AppError } from './app-error.ts';
import { adminCreateCommand } from './cli/admin-command.ts';
import { auditVerifyCommand } from './cli/audit-command.ts';
import { backupCommand, restoreCommand } from './cli/backup-command.ts';
import { type CommandContext, type CommandOutput, createCommandContext, UsageError } from './cli/context.ts';
import { demoCommand } from './cli/demo-command.ts';
import { factsCommand } from './cli/facts-command.ts';
import { importResponsesCommand } from './cli/import-command.ts';
import { mailBouncesCommand, mailSendDueCommand } from './cli/mail-command.ts';
import { migrateCommand } from './cli/migrate-command.ts';
import { orgsSyncCommand } from './cli/orgs-command.ts';
import { privacyPurgeContactsCommand, privacyRetentionCommand } from './cli/privacy-command.ts';
import { questionnaireCheckCommand } from './cli/questionnaire-command.ts';
import { questionnaireImportCommand } from './cli/questionnaire-import-command.ts';
import { releaseAuditCommand } from './cli/release-command.ts';
import { remindersRunCommand } from './cli/reminders-command.ts';
import { reportsFeedbackCommand } from './cli/reports-command.ts';
import { serveCommand } from './cli/serve-command.ts';
import { ConfigError } from './config.ts';
import { MigrationError } from './db/migrator.ts';
import { isMessageKey, translate } from './web/i18n.ts';

export type Command = {
  /** The words that select the command, e.g. ['orgs', 'sync']. */
  name: string[];
  summary: string;
  usage: string;
  options: NonNullable<Parameters<typeof parseArgs>[0]>['options'];
  /** The positional arguments the command requires, in order, e.g. ['FILE']; a command without them takes none. */
  positionals?: readonly string[];
  run(
    context: CommandContext,
    values: Record<string, string | boolean | undefined>,
    positionals: readonly string[],
  ): Promise<number>;
};

const commands: Command[] = [
  serveCommand,
  migrateCommand,
  orgsSyncCommand,
  adminCreateCommand,
  questionnaireCheckCommand,
  questionnaireImportCommand,
  auditVerifyCommand,
  backupCommand,
  restoreCommand,
  privacyPurgeContactsCommand,
  privacyRetentionCommand,
  importResponsesCommand,
  factsCommand,
  releaseAuditCommand,
  demoCommand,
  remindersRunCommand,
  mailSendDueCommand,
  mailBouncesCommand,
  reportsFeedbackCommand,
];

function helpText(): string {
  const width = Math.max(...commands.map((command) => command.name.join(' ').length));
  return [
    'Usage: lagesbild <command> [options]',
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.name.join(' ').padEnd(width)}  ${command.summary}`),
    '',
    'Run "lagesbild <command> --help" for the options of one command.',
    'Configuration comes from the environment (DATABASE_URL, PORT, BASE_URL, SMTP_URL, ...); see README.md.',
  ].join('\n');
}

function findCommand(argv: string[]): { command: Command; rest: string[] } | undefined {
  const matches = commands.filter((command) => command.name.every((word, index) => argv[index] === word));
  const longest = matches.sort((a, b) => b.name.length - a.name.length)[0];
  return longest ? { command: longest, rest: argv.slice(longest.name.length) } : undefined;
}

/** Runs one CLI invocation and returns its exit code; 0 success, 1 failure, 2 a mistake in the arguments. */
export async function runCli(
  argv: string[],
  output: CommandOutput = {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  },
  environment: Record<string, string | undefined> = process.env,
): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    output.out(helpText());
    return argv.length === 0 ? 2 : 0;
  }
  const found = findCommand(argv);
  if (!found) {
    output.err(`Unknown command "${argv.join(' ')}".\n\n${helpText()}`);
    return 2;
  }
  const { command, rest } = found;
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: true,
    });
    if (values.help) {
      output.out(`${command.usage}\n\n${command.summary}`);
      return 0;
    }
    const expected = command.positionals ?? [];
    if (positionals.length > expected.length) {
      throw new UsageError(`Unexpected argument "${positionals[expected.length]}".`);
    }
    const missing = expected[positionals.length];
    if (missing !== undefined) throw new UsageError(`Missing argument ${missing}.`);
    const context = createCommandContext(output, environment);
    return await command.run(context, values as Record<string, string | boolean | undefined>, positionals);
  } catch (error) {
    if (
      error instanceof UsageError ||
      (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))
    ) {
      output.err(`${error.message}\nUsage: ${command.usage}`);
      return 2;
    }
    if (error instanceof ConfigError || error instanceof MigrationError) {
      output.err(error.message);
      return 1;
    }
    if (error instanceof AppError) {
      // The CLI speaks English; a message key from the catalogue is printed in its English wording.
      output.err(isMessageKey(error.message) ? translate('en', error.message) : error.message);
      for (const field of error.fields) output.err(`  ${field.field}: ${field.message}`);
      return 1;
    }
    throw error;
  }
}
