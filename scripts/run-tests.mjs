#!/usr/bin/env node
// Runs a test suite over an explicit file list. Node 20's `--test` does not expand globs and, given no files,
// passes with zero tests; this script collects the files itself and fails when it finds none.
//
// Two things keep a run short. The database schema is migrated once per run, into a template that every test file
// copies (scripts/test-database-template.ts, test/database.ts); it is built from this checkout's migrations each
// run, so a new migration is always in it. And the files run in a few worker processes (scripts/test-worker.ts),
// one file after another in each, instead of one process per file paying to load the application every time. The
// workers take the next file from one shared queue, longest first by the durations of earlier runs, so they finish
// together.
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = new URL('..', import.meta.url).pathname;
const suite = process.argv[2] ?? 'unit';
const filters = process.argv.slice(3);
const suites = { unit: ['src', 'test'], e2e: ['e2e'] };
const folders = suites[suite];
if (!folders) {
  console.error(`Unknown test suite "${suite}". Use one of: ${Object.keys(suites).join(', ')}.`);
  process.exit(2);
}

function collect(dir) {
  let files = [];
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return files; // a suite folder that does not exist yet simply holds no tests
  }
  for (const name of entries) {
    if (name === 'node_modules') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files = files.concat(collect(path));
    else if (/\.test\.tsx?$/.test(name)) files.push(path);
  }
  return files;
}

const files = folders
  .flatMap((folder) => collect(join(root, folder)))
  .map((file) => relative(root, file))
  .filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)))
  .sort();
if (files.length === 0) {
  console.error(`No test files found for suite "${suite}"${filters.length ? ` matching ${filters.join(', ')}` : ''}.`);
  process.exit(1);
}

// Tests that start the product run the compiled dist/ when TEST_COMPILED=1 (test/compiled-product.ts); it is built
// here first, so that they never run an older build than the checkout.
if (process.env.TEST_COMPILED === '1') {
  const built = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) {
    console.error('Building dist/ for TEST_COMPILED=1 failed.');
    process.exit(1);
  }
}

// Two workers keep both cores of the reference machine busy; TEST_WORKERS changes that on a larger one.
const workerCount = Math.min(files.length, Math.max(1, Number.parseInt(process.env.TEST_WORKERS ?? '2', 10) || 2));

// Durations of earlier runs, kept outside the repository; a file never timed (new, renamed) is taken as the longest.
const durationsFile = join(root, 'node_modules', '.cache', 'lagesbild-tests', 'durations.json');
function readDurations() {
  if (!existsSync(durationsFile)) return {};
  try {
    const parsed = JSON.parse(readFileSync(durationsFile, 'utf8'));
    return typeof parsed === 'object' && parsed !== null ? parsed : {};
  } catch (error) {
    console.error(`Ignoring unreadable ${durationsFile}: ${error.message}`);
    return {};
  }
}
const durations = readDurations();
const durationOf = (file) => (typeof durations[file] === 'number' ? durations[file] : Number.POSITIVE_INFINITY);
const queue = [...files].sort((a, b) => durationOf(b) - durationOf(a) || a.localeCompare(b));

const queueFolder = mkdtempSync(join(tmpdir(), 'lagesbild-tests-'));
writeFileSync(join(queueFolder, 'queue.json'), JSON.stringify(queue));
const workerModule = pathToFileURL(join(root, 'scripts', 'test-worker.ts')).href;
const workerFiles = Array.from({ length: workerCount }, (_, index) => {
  // node --test runs each distinct file once, so every worker gets a file of its own.
  const file = join(queueFolder, `worker-${index + 1}.mjs`);
  writeFileSync(file, `import ${JSON.stringify(workerModule)};\n`);
  return file;
});

/** Starts the process that migrates the run's template database and keeps it until its stdin closes. */
function startTemplate() {
  const keeper = spawn(process.execPath, ['--import', 'tsx', 'scripts/test-database-template.ts'], {
    cwd: root,
    env: process.env,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  // Closing stdin is how the run ends the keeper; when it has already exited, its exit code tells what happened.
  keeper.stdin.on('error', () => {});
  const exited = new Promise((resolve) => keeper.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
  const template = new Promise((resolve, reject) => {
    let output = '';
    keeper.stdout.on('data', (chunk) => {
      output += chunk;
      if (output.includes('\n')) resolve(output.slice(0, output.indexOf('\n')));
    });
    exited.then((code) => reject(new Error(`Migrating the template database failed (exit code ${code}).`)));
  });
  return { keeper, exited, template };
}

function runWorkers(templateJson) {
  const database = process.env.TEST_DATABASE_URL ? 'PostgreSQL (TEST_DATABASE_URL)' : 'SQLite (temporary files)';
  console.log(
    `Running ${files.length} test files of suite "${suite}" on ${database}, in ${workerCount} worker processes.`,
  );
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--test', `--test-concurrency=${workerCount}`, ...workerFiles],
    {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, TEST_QUEUE_FOLDER: queueFolder, TEST_DATABASE_TEMPLATE: templateJson },
    },
  );
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
}

/** Files no worker took or finished (a worker that crashed), and the durations of those that finished. */
function readQueueOutcome() {
  const finished = new Map();
  let cpuMilliseconds = 0;
  const durationsLog = join(queueFolder, 'durations.ndjson');
  if (existsSync(durationsLog)) {
    for (const line of readFileSync(durationsLog, 'utf8').split('\n').filter(Boolean)) {
      const entry = JSON.parse(line);
      finished.set(entry.file, entry.milliseconds);
      cpuMilliseconds += entry.cpuMilliseconds ?? 0;
    }
  }
  return { finished, cpuMilliseconds, unfinished: queue.filter((file) => !finished.has(file)) };
}

/** One line on where the run's time went, and its longest files: what bounds the next run. */
function printTimes(startedAt, finished, cpuMilliseconds) {
  const seconds = (milliseconds) => `${(milliseconds / 1000).toFixed(1)} s`;
  const inFiles = [...finished.values()].reduce((sum, milliseconds) => sum + milliseconds, 0);
  const longest = [...finished].sort((a, b) => b[1] - a[1]).slice(0, 5);
  console.log(
    `# ${finished.size} files in ${seconds(performance.now() - startedAt)}: ${seconds(inFiles)} in the workers' files, ` +
      `${seconds(cpuMilliseconds)} of it on the workers' CPU (child processes not counted); longest: ` +
      longest.map(([file, milliseconds]) => `${file} ${seconds(milliseconds)}`).join(', '),
  );
}

/** Keeps this run's durations and earlier ones of files that still exist. */
function saveDurations(finished) {
  const kept = Object.entries(durations).filter(([file]) => existsSync(join(root, file)));
  mkdirSync(dirname(durationsFile), { recursive: true });
  writeFileSync(
    durationsFile,
    JSON.stringify({ ...Object.fromEntries(kept), ...Object.fromEntries(finished) }, null, 1),
  );
}

const startedAt = performance.now();
const { keeper, exited: templateExited, template } = startTemplate();
// Ctrl-C reaches every process of the group; the template keeper removes the template, this cleans up the queue.
process.on('SIGINT', () => {
  rmSync(queueFolder, { recursive: true, force: true });
  templateExited.then(() => process.exit(130));
});

let status = 1;
try {
  const templateJson = await template;
  status = await runWorkers(templateJson);
  const { finished, cpuMilliseconds, unfinished } = readQueueOutcome();
  saveDurations(finished);
  printTimes(startedAt, finished, cpuMilliseconds);
  if (unfinished.length > 0) {
    console.error(`These test files did not run to the end:\n  ${unfinished.join('\n  ')}`);
    status ||= 1;
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  status = 1;
} finally {
  keeper.stdin.end();
  const templateStatus = await templateExited;
  rmSync(queueFolder, { recursive: true, force: true });
  if (templateStatus !== 0) status ||= 1;
}
process.exit(status);
