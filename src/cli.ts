import { parseArgs } from 'node:util';
import { AppError } from './app-error.ts';
import { adminCreateCommand } from './cli/admin-command.ts';
import { type CommandContext, type CommandOutput, createCommandContext, UsageError } from './cli/context.ts';
import { migrateCommand } from './cli/migrate-command.ts';
import { orgsSyncCommand } from './cli/orgs-command.ts';
import { serveCommand } from './cli/serve-command.ts';
import { ConfigError } from './config.ts';
import { MigrationError } from './db/migrator.ts';

export type Command = {
  /** The words that select the command, e.g. ['orgs', 'sync']. */
  name: string[];
  summary: string;
  usage: string;
  options: NonNullable<Parameters<typeof parseArgs>[0]>['options'];
  run(context: CommandContext, values: Record<string, string | boolean | undefined>): Promise<number>;
};

const commands: Command[] = [serveCommand, migrateCommand, orgsSyncCommand, adminCreateCommand];

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
    if (positionals.length > 0) throw new UsageError(`Unexpected argument "${positionals[0]}".`);
    const context = createCommandContext(output, environment);
    return await command.run(context, values as Record<string, string | boolean | undefined>);
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
      output.err(error.message);
      for (const field of error.fields) output.err(`  ${field.field}: ${field.message}`);
      return 1;
    }
    throw error;
  }
}
