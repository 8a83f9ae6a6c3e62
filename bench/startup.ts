/**
 * Benchmark of start-up: the time from starting `lagesbild serve` to its first healthy /healthz on a database that
 * is already migrated and holds the registry, and the server's resident memory once it has been idle a while.
 * The compiled product (bin/lagesbild.js, run as `npm start` runs it, with its V8 flags) against the targets, beside
 * the same sources run through tsx, as the product ran before it was compiled. Also the CPU time the process had
 * used when it first answered healthy, which a busy machine stretches less than the wall-clock time.
 * Targets: healthy within 1 s, idle RSS under 100 MB.
 * Run: node --import tsx bench/startup.ts (npm run build first; `npm run bench` does both).
 * BENCH_STARTS (default 5) starts per variant, the median is reported; BENCH_IDLE_SECONDS (default 5) of idling
 * before the memory is read; BENCH_DIALECTS=sqlite,postgres as in bench/run.ts.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from '../test/free-port.ts';
import { describeMachine, printSummaryFigure, readStartFlags } from './harness.ts';
import { prepareRespondentDatabase } from './respondent-fixture.ts';

const starts = Number(process.env.BENCH_STARTS ?? 5);
const idleSeconds = Number(process.env.BENCH_IDLE_SECONDS ?? 5);
const dialects = (process.env.BENCH_DIALECTS ?? 'sqlite,postgres').split(',');
const postgresUrl =
  process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const sessionSecret = 'bench-secret-0123456789abcdef0123456789abcdef';
const startTarget = 1000;
const memoryTarget = 100;

type Variant = { name: string; args: string[] };
const startFlags = readStartFlags();
const variants: Variant[] = [
  { name: 'compiled', args: [...startFlags, 'bin/lagesbild.js', 'serve'] },
  { name: 'tsx', args: [...startFlags, '--import', 'tsx', 'src/lagesbild.ts', 'serve'] },
];

type Start = { milliseconds: number; cpuMilliseconds: number; idleRssMb: number };

/** User plus system CPU time of a process so far, from /proc (clock ticks of 10 ms). */
function readCpuMilliseconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function readRssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`No VmRSS for process ${pid}.`);
  return Number(match[1]) / 1024;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

async function measureStart(variant: Variant, databaseUrl: string): Promise<Start> {
  const port = await findFreePort();
  const started = performance.now();
  const child = spawn(process.execPath, variant.args, {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      SESSION_SECRET: sessionSecret,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    errors += chunk.toString();
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${variant.name} exited with ${child.exitCode}:\n${errors}`);
      const isHealthy = await fetch(`http://127.0.0.1:${port}/healthz`)
        .then((response) => response.status === 200)
        .catch(() => false); // not listening yet
      if (isHealthy) break;
      if (performance.now() - started > 60_000) throw new Error(`${variant.name} not healthy after 60 s:\n${errors}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const milliseconds = performance.now() - started;
    const pid = child.pid ?? 0;
    const cpuMilliseconds = readCpuMilliseconds(pid);
    await new Promise((resolve) => setTimeout(resolve, idleSeconds * 1000));
    return { milliseconds, cpuMilliseconds, idleRssMb: readRssMb(pid) };
  } finally {
    await stop(child);
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

console.log(`machine: ${describeMachine()}`);
console.log(`${starts} starts per variant (BENCH_STARTS), memory read after ${idleSeconds} s idle; medians`);
const folder = mkdtempSync(join(tmpdir(), 'lagesbild-bench-startup-'));
try {
  for (const dialect of dialects) {
    if (dialect !== 'sqlite' && dialect !== 'postgres') throw new Error(`Unknown dialect ${dialect}.`);
    // A migrated database with the registry, as a server finds it at every start after its first.
    const fixture = await prepareRespondentDatabase(dialect, {
      sqliteFile: join(folder, 'startup.sqlite'),
      postgresUrl,
      sessionSecret,
      respondents: 1,
    });
    try {
      const figures = new Map<string, Start>();
      for (const variant of variants) {
        const runs: Start[] = [];
        for (let run = 0; run < starts; run += 1) runs.push(await measureStart(variant, fixture.databaseUrl));
        const figure: Start = {
          milliseconds: median(runs.map((run) => run.milliseconds)),
          cpuMilliseconds: median(runs.map((run) => run.cpuMilliseconds)),
          idleRssMb: median(runs.map((run) => run.idleRssMb)),
        };
        figures.set(variant.name, figure);
        console.log(
          `${dialect} ${variant.name.padEnd(8)} healthy after ${figure.milliseconds.toFixed(0)} ms (CPU ${figure.cpuMilliseconds.toFixed(0)} ms; each: ${runs.map((run) => run.milliseconds.toFixed(0)).join(', ')}), idle RSS ${figure.idleRssMb.toFixed(0)} MB`,
        );
      }
      const compiled = figures.get('compiled');
      const tsx = figures.get('tsx');
      if (!compiled || !tsx) throw new Error('A variant was not measured.');
      printSummaryFigure({
        scenario: `start-up to healthy /healthz (${dialect}, compiled)`,
        figure: `${compiled.milliseconds.toFixed(0)} ms, CPU ${compiled.cpuMilliseconds.toFixed(0)} ms (tsx: ${tsx.milliseconds.toFixed(0)} ms, CPU ${tsx.cpuMilliseconds.toFixed(0)} ms)`,
        target: `< ${startTarget} ms`,
        isMet: compiled.milliseconds < startTarget,
      });
      printSummaryFigure({
        scenario: `idle RSS after start-up (${dialect}, compiled)`,
        figure: `${compiled.idleRssMb.toFixed(0)} MB (tsx: ${tsx.idleRssMb.toFixed(0)} MB)`,
        target: `< ${memoryTarget} MB`,
        isMet: compiled.idleRssMb < memoryTarget,
      });
    } finally {
      await fixture.drop();
    }
  }
} finally {
  rmSync(folder, { recursive: true, force: true });
}
