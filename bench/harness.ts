import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

export type LoadFigures = {
  scenario: string;
  connections: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  /** Failed requests: connection errors plus timeouts (autocannon counts a timeout as an error too). */
  errors: number;
  /** Of those, requests with no answer within autocannon's timeout (10 s). */
  timeouts: number;
  /** The other errors by message, e.g. "read ECONNRESET:3". */
  errorKinds: string;
  /** Answers whose status is not the one the simulated respondent expected for that request. */
  unexpected: number;
  /** Non-2xx status codes with their counts, e.g. "303:120 409:12". */
  otherStatuses: string;
  peakMemoryMb: number | null;
  /**
   * The server process's CPU time (all its threads, user and system) per answered request during the load. Unlike
   * requests a second, it hardly moves with what else the machine runs, so two builds compare on it run to run.
   */
  cpuMsPerRequest: number | null;
  /** Latency per request type (section, autosave, summary, submit), measured by the load generator. */
  byType: Map<string, LatencyFigures>;
};

export type LatencyFigures = { count: number; p50: number; p99: number };

function percentile(sorted: readonly number[], share: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(share * sorted.length) - 1))] ?? 0;
}

/** Each request type's count, median and 99th percentile, from its latencies in milliseconds. */
export function summariseLatencies(latencies: ReadonlyMap<string, number[]>): Map<string, LatencyFigures> {
  return new Map(
    [...latencies].map(([label, times]) => {
      const sorted = [...times].sort((a, b) => a - b);
      return [label, { count: sorted.length, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99) }];
    }),
  );
}

/** The respondent mix's rows, one line per request type. */
export function formatRequestTypes(rows: LoadFigures[]): string {
  const lines = rows
    .filter((row) => row.scenario.startsWith('respondent mix'))
    .flatMap((row) =>
      [...row.byType].map(
        ([label, figures]) =>
          `${`${row.scenario} ${row.connections}`.padEnd(36)} ${label.padEnd(9)} ${String(figures.count).padStart(6)} requests  p50 ${figures.p50.toFixed(1).padStart(7)} ms  p99 ${figures.p99.toFixed(1).padStart(7)} ms`,
      ),
    );
  return lines.join('\n');
}

/** The machine line printed above every table. */
export function describeMachine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  return `${cpus().length} cores (${cpu}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB memory, Node.js ${process.version}, ${process.platform}`;
}

/** The node flags of `npm start` (package.json), so a benchmark starts the server exactly as the product starts. */
export function readStartFlags(): string[] {
  const manifest: { scripts?: { start?: string } } = JSON.parse(readFileSync('package.json', 'utf8'));
  const command = /^node (.*)bin\/lagesbild\.js serve$/.exec(manifest.scripts?.start ?? '');
  if (!command) throw new Error('package.json: the start script is no longer `node … bin/lagesbild.js serve`.');
  return (command[1] ?? '').split(' ').filter(Boolean);
}

/** Peak resident memory of a process in MB (VmHWM), read from /proc; null where /proc is missing. */
export function readPeakMemoryMb(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmHWM:\s+(\d+) kB/.exec(status);
    return match ? Math.round(Number(match[1]) / 1024) : null;
  } catch {
    // The process may already have exited; the figure is then simply unknown.
    return null;
  }
}

/** Linux's clock ticks a second (USER_HZ), the unit of /proc/PID/stat's times. */
const clockTicksPerSecond = 100;

/** The CPU time a process has used so far (user and system, all threads), in milliseconds, or null once it is gone. */
export function readCpuMs(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    // Fields after the command name (which may hold spaces, inside parentheses): utime and stime are the 12th and
    // 13th, in clock ticks.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicksPerSecond;
  } catch {
    // The process may already have exited; the figure is then simply unknown.
    return null;
  }
}

/** Starts a Node process and resolves once it prints a line matching `ready`. */
export async function startProcess(
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
  timeoutMs = 60_000,
): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`Process ${args.join(' ')} not ready after ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Process ${args.join(' ')} exited with ${code}:\n${output}`));
    });
  });
  child.removeAllListeners('exit');
  // A process that dies during a run would otherwise show only as connection errors in the table.
  child.once('exit', (code, signal) => {
    if (!stopping.has(child)) {
      console.error(`Process ${args.join(' ')} exited during the run (${code ?? signal}):\n${output.slice(-4000)}`);
    }
  });
  return child;
}

const stopping = new WeakSet<ChildProcess>();

/** Stops a child process and waits for it. */
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  stopping.add(child);
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Formats figures as one aligned text table. */
export function formatTable(rows: LoadFigures[]): string {
  const header = [
    'scenario',
    'conn',
    'req/s',
    'p50 ms',
    'p99 ms',
    'errors',
    'timeouts',
    'unexpected',
    'peak MB',
    'CPU ms/req',
    'statuses',
  ];
  const lines = rows.map((row) => [
    row.scenario,
    String(row.connections),
    row.requestsPerSecond.toFixed(0),
    row.p50.toFixed(1),
    row.p99.toFixed(1),
    String(row.errors),
    String(row.timeouts),
    String(row.unexpected),
    row.peakMemoryMb === null ? '–' : String(row.peakMemoryMb),
    row.cpuMsPerRequest === null ? '–' : row.cpuMsPerRequest.toFixed(2),
    [row.otherStatuses, row.errorKinds].filter(Boolean).join(' '),
  ]);
  const widths = header.map((title, index) =>
    Math.max(title.length, ...lines.map((line) => (line[index] ?? '').length)),
  );
  const format = (cells: string[]) =>
    cells
      .map((cell, index) => (index === 0 ? cell.padEnd(widths[index] ?? 0) : cell.padStart(widths[index] ?? 0)))
      .join('  ');
  return [format(header), widths.map((width) => '-'.repeat(width)).join('  '), ...lines.map(format)].join('\n');
}

/** One figure of a sub-benchmark for the summary table of `npm run bench`. */
export type SummaryFigure = { scenario: string; figure: string; target: string; isMet: boolean };

const summaryPrefix = 'BENCH-RESULT ';

/** Prints a figure so that bench/run.ts can collect it into its summary; readable on its own too. */
export function printSummaryFigure(figure: SummaryFigure): void {
  console.log(`${summaryPrefix}${JSON.stringify(figure)}`);
}

/** Collects the figures a sub-benchmark printed. */
export function parseSummaryFigures(output: string): SummaryFigure[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith(summaryPrefix))
    .map((line) => JSON.parse(line.slice(summaryPrefix.length)) as SummaryFigure);
}

/** Formats the summary figures as an aligned table. */
export function formatSummary(figures: SummaryFigure[]): string {
  const rows = figures.map((figure) => [
    figure.scenario,
    figure.figure,
    figure.target,
    figure.isMet ? 'met' : 'MISSED',
  ]);
  const header = ['scenario', 'figure', 'target', ''];
  const widths = header.map((title, index) => Math.max(title.length, ...rows.map((row) => (row[index] ?? '').length)));
  const format = (cells: string[]) => cells.map((cell, index) => cell.padEnd(widths[index] ?? 0)).join('  ');
  return [format(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(format)].join('\n');
}

/**
 * A real SMTP server on a free loopback port that accepts every message and only counts them, so the product's
 * receipt mails cost what they cost in production (a connection and a conversation) without parsing here.
 */
export async function startMailSink(): Promise<{ url: string; count(): number; close(): Promise<void> }> {
  const { SMTPServer } = await import('smtp-server');
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('end', () => {
        received += 1;
        callback();
      });
      stream.resume();
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.server.address();
  if (address === null || typeof address === 'string') throw new Error('The mail sink has no port.');
  return {
    url: `smtp://127.0.0.1:${address.port}`,
    count: () => received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Removes a SQLite database with its WAL and shared-memory files: a new database beside an old -wal is no clean start. */
export function removeSqliteFiles(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
}
