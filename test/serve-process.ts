import { type ChildProcess, spawn } from 'node:child_process';
import { lagesbildArguments, repositoryRoot } from './compiled-product.ts';
import { type TestDatabase, testAuditKey } from './database.ts';
import { findFreePort } from './free-port.ts';

/** The DATABASE_URL of a test database, for a child process. */
export function databaseUrlOf(database: TestDatabase): string {
  return database.config.dialect === 'postgres' ? database.config.url : `sqlite:${database.config.file}`;
}

/** Keeps a child's stdout and stderr together, for the message of a failing test. */
function collectOutput(child: ChildProcess): () => string {
  let output = '';
  const append = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  return () => output;
}

export type ServeProcess = { child: ChildProcess; baseUrl: string; output: () => string; exited: Promise<unknown> };

/** Starts `lagesbild serve` as a child process on a free port and waits until /healthz answers. */
export async function startServeProcess(
  database: TestDatabase,
  environment: Record<string, string>,
): Promise<ServeProcess> {
  const port = await findFreePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  // The compiled dist/ under TEST_COMPILED=1 (.ci/run), else the sources through tsx: never a stale build.
  const child = spawn(process.execPath, lagesbildArguments(['serve']), {
    cwd: repositoryRoot,
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: databaseUrlOf(database),
      PORT: String(port),
      HOST: '127.0.0.1',
      BASE_URL: baseUrl,
      LOG_LEVEL: 'warn',
      AUDIT_KEY: testAuditKey,
      ...environment,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = collectOutput(child);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${output()}`);
    const isUp = await fetch(`${baseUrl}/healthz`)
      .then((response) => response.status === 200)
      .catch(() => false); // not listening yet
    if (isUp) break;
    if (Date.now() > deadline) throw new Error(`the server did not start within 60 s:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { child, baseUrl, output, exited };
}

/** A CLI command running as a child process; `finished` resolves with its exit code (null when killed). */
export type CliProcess = { child: ChildProcess; output: () => string; finished: Promise<number | null> };

/** Starts `lagesbild ARGS…` as a child process with the given environment added to this one's. */
export function spawnCli(args: string[], environment: Record<string, string>): CliProcess {
  const child = spawn(process.execPath, lagesbildArguments(args), {
    cwd: repositoryRoot,
    env: { ...process.env, LOG_LEVEL: 'silent', AUDIT_KEY: testAuditKey, ...environment },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = collectOutput(child);
  const finished = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => resolve(code));
  });
  return { child, output, finished };
}
