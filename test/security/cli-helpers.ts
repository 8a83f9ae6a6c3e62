import { runCli } from '../../src/cli.ts';
import { type TestDatabase, testAuditKey } from '../database.ts';

export type CliRun = { code: number; out: string; err: string };

/** Runs a CLI command against a test database, capturing its output. */
export async function runCommand(database: TestDatabase, argv: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const url = database.config.dialect === 'postgres' ? database.config.url : `sqlite:${database.config.file}`;
  const code = await runCli(
    argv,
    { out: (line) => out.push(line), err: (line) => err.push(line) },
    {
      DATABASE_URL: url,
      SESSION_SECRET: 'cli-test-secret-that-is-long-enough-0123456789',
      LOG_LEVEL: 'silent',
      AUDIT_KEY: testAuditKey,
    },
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}
