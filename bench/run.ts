// `npm run bench`: the respondent mix and autosave against the real server on SQLite and PostgreSQL, beside a bare
// baseline (Fastify + one better-sqlite3 insert per request) measured in the same run; then start-up, the results,
// the reports and the disclosure control benchmarks. Ends with the load table and one table of every figure against its target. Never part of
// `npm test`.
import { spawnSync } from 'node:child_process';
import type { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import autocannon, { type Request as LoadRequest } from 'autocannon';
import {
  describeMachine,
  formatRequestTypes,
  formatSummary,
  formatTable,
  type LoadFigures,
  parseSummaryFigures,
  readCpuMs,
  readPeakMemoryMb,
  readStartFlags,
  removeSqliteFiles,
  type SummaryFigure,
  startMailSink,
  startProcess,
  stopProcess,
  summariseLatencies,
} from './harness.ts';
import { benchAuditKey, prepareRespondentDatabase, type RespondentFixture } from './respondent-fixture.ts';

const duration = Number(process.env.BENCH_DURATION ?? 10);
// BENCH_CONNECTIONS=50 and BENCH_SCENARIOS=autosave narrow the load runs while profiling one of them.
const connectionCounts = (process.env.BENCH_CONNECTIONS ?? '50,200').split(',').map(Number);
const scenarios = new Set((process.env.BENCH_SCENARIOS ?? 'autosave,section,mix,readers').split(','));
/** Page views per second of the anonymous readers beside the autosaving respondents (BENCH_READER_RATE). */
const readerRate = Number(process.env.BENCH_READER_RATE ?? 40);
/**
 * Seconds of the respondent mix run unrecorded before it is measured (BENCH_WARMUP, 0 for none): the mix starts
 * every connection on the section page, so without it the mix's p99 is the first wave of pages of a server that
 * has compiled nothing yet, not the product under steady load.
 */
const warmUpSeconds = Number(process.env.BENCH_WARMUP ?? 3);
const postgresUrl =
  process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const startFlags = readStartFlags();
const outFolder = join(process.cwd(), 'bench', 'out');
const sessionSecret = 'bench-secret-0123456789abcdef0123456789abcdef';

/** One request, labelled with its type (section, autosave, summary, submit) for the per-type latencies. */
type Request = {
  label: string;
  method: 'GET' | 'PUT' | 'POST';
  path: string;
  body?: string;
  headers?: Record<string, string>;
};
/**
 * One simulated respondent: the next request to send, and what it learns from each answer. `onResponse` answers
 * whether the status is the one that request should get (200 for pages and saves, 303 after a submit).
 */
type Client = { next(): Request; onResponse(status: number, body: string): boolean };

/** Reads the revision the server now holds from an autosave answer (200) or a conflict (409). */
function readRevision(status: number, body: string): number | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    if (status === 200 && 'revision' in parsed && typeof parsed.revision === 'number') return parsed.revision;
    if (status === 409 && 'current' in parsed && typeof parsed.current === 'object' && parsed.current !== null) {
      const current = parsed.current;
      if ('revision' in current && typeof current.revision === 'number') return current.revision;
    }
  } catch {
    // Pages answer HTML; they carry no revision.
  }
  return undefined;
}

async function runLoad(
  scenario: string,
  port: number,
  connections: number,
  requestsFor: (connectionIndex: number) => Client,
  peakPid: number | undefined,
  overallRate?: number,
  seconds = duration,
): Promise<LoadFigures> {
  let connectionCounter = 0;
  let unexpected = 0;
  const latencies = new Map<string, number[]>();
  const errorKinds = new Map<string, number>();
  const runStart = performance.now();
  const cpuBefore = readCpuMs(peakPid);
  const tracker = autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration: seconds,
    timeout: Number(process.env.BENCH_TIMEOUT ?? 10),
    ...(overallRate === undefined ? {} : { overallRate }),
    // Each connection plays one respondent (one organisation), so saves never conflict with each other.
    setupClient: (client) => {
      const simulated = requestsFor(connectionCounter++);
      // Each connection has one request in flight: the time from building it to its answer is its latency.
      let label = '';
      let startedAt = 0;
      // A per-connection request list whose setupRequest closes over this connection's respondent and revision.
      client.setRequests([
        {
          setupRequest: (request: LoadRequest): LoadRequest => {
            const planned = simulated.next();
            label = planned.label;
            startedAt = performance.now();
            return {
              ...request,
              method: planned.method,
              path: planned.path,
              headers: { 'content-type': 'application/json', ...planned.headers },
              body: planned.body ?? '',
            };
          },
          onResponse: (status: number, body: string) => {
            const times = latencies.get(label) ?? [];
            times.push(performance.now() - startedAt);
            if (process.env.BENCH_DEBUG && performance.now() - startedAt > 3000)
              console.error(
                `${scenario}: slow ${label} ${status} ${(performance.now() - startedAt).toFixed(0)} ms, sent at ${(startedAt - runStart).toFixed(0)} ms`,
              );
            latencies.set(label, times);
            if (!simulated.onResponse(status, body)) unexpected += 1;
          },
        },
      ]);
    },
  });
  // Without a callback autocannon returns its tracker (an EventEmitter) made thenable; its types say only Promise.
  (tracker as unknown as EventEmitter).on('reqError', (error: Error) => {
    if (process.env.BENCH_DEBUG)
      console.error(`${scenario}: ${error.message} at ${(performance.now() - runStart).toFixed(0)} ms`);
    if (error.message === 'request timed out') return; // counted as result.timeouts
    errorKinds.set(error.message, (errorKinds.get(error.message) ?? 0) + 1);
  });
  const result = await tracker;
  const cpuAfter = readCpuMs(peakPid);
  const answered = result.requests.total;
  return {
    scenario,
    connections,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    // autocannon counts a timeout among its errors as well as in its timeouts.
    errors: result.errors,
    timeouts: result.timeouts,
    errorKinds: [...errorKinds].map(([message, count]) => `${message}:${count}`).join(' '),
    unexpected,
    otherStatuses: Object.entries(result.statusCodeStats ?? {})
      .filter(([code]) => !code.startsWith('2'))
      .map(([code, stats]) => `${code}:${stats.count}`)
      .join(' '),
    peakMemoryMb: readPeakMemoryMb(peakPid),
    cpuMsPerRequest:
      cpuBefore === null || cpuAfter === null || answered === 0 ? null : (cpuAfter - cpuBefore) / answered,
    byType: summariseLatencies(latencies),
  };
}

async function measureBaseline(rows: LoadFigures[]): Promise<void> {
  removeSqliteFiles(join(outFolder, 'baseline.sqlite'));
  const port = 3990;
  const server = await startProcess(
    ['--import', 'tsx', 'bench/baseline-server.ts'],
    { PORT: String(port), BASELINE_FILE: join(outFolder, 'baseline.sqlite') },
    /ready/,
  );
  try {
    for (const connections of connectionCounts) {
      rows.push(
        await runLoad(
          'baseline insert (sqlite)',
          port,
          connections,
          (index) => ({
            next: () => ({
              label: 'insert',
              method: 'PUT',
              path: `/save/q${index}`,
              body: JSON.stringify({ value: Math.floor(Math.random() * 1000) }),
            }),
            onResponse: (status) => status === 200,
          }),
          server.pid,
        ),
      );
    }
  } finally {
    await stopProcess(server);
  }
}

function autosaveRequests(fixture: RespondentFixture) {
  return (index: number) => {
    const respondent = fixture.respondents[index % fixture.respondents.length];
    if (!respondent) throw new Error('No respondents prepared.');
    let revision = 0;
    let counter = 0;
    return {
      next: (): Request => {
        counter += 1;
        return {
          label: 'autosave',
          method: 'PUT',
          path: `/api/responses/${fixture.roundId}/${respondent.organisationCode}/answers/${fixture.numberQuestionKey}`,
          // Like the browser: send the revision last seen; each connection owns its organisation, so no conflicts.
          body: JSON.stringify({ value: counter % 1000, baseRevision: revision }),
          headers: respondent.headers,
        };
      },
      onResponse: (status: number, body: string) => {
        revision = readRevision(status, body) ?? revision;
        return status === 200;
      },
    };
  };
}

/**
 * The section post, as "Spara" sends it with or without JavaScript: the eight questions of the first section
 * (skr-2023), six of them changed each time (the two that reveal a question keep it shown). Each connection owns its
 * organisation, so it knows every revision: those it changed went up by one. Answered 303 to the section.
 */
function sectionRequests(fixture: RespondentFixture) {
  return (index: number) => {
    const respondent = fixture.respondents[index % fixture.respondents.length];
    if (!respondent) throw new Error('No respondents prepared.');
    const ownQuestion =
      respondent.organisationType === 'kommun' ? 'municipal_companies_included' : 'medical_devices_included';
    const changedKeys = [
      'respondent_role',
      'ciso_time_share',
      'security_hours_per_year',
      'budget_amount',
      'security_forum',
      ownQuestion,
    ];
    // The fixture answered every question at revision 1 but the autosaved one.
    const revisions = new Map(
      ['ciso_designated', 'budget_allocated', ...changedKeys].map((key) => [
        key,
        key === fixture.numberQuestionKey ? 0 : 1,
      ]),
    );
    let counter = 0;
    return {
      next: (): Request => {
        counter += 1;
        const odd = counter % 2 === 1;
        const values: Record<string, string> = {
          respondent_role: odd ? 'security_manager' : 'it_manager',
          ciso_designated: 'yes',
          ciso_time_share: String(20 + (counter % 2)),
          security_hours_per_year: String(100 + (counter % 2)),
          budget_allocated: 'yes',
          budget_amount: String(1000 + (counter % 2)),
          security_forum: odd ? 'no' : 'yes',
          [ownQuestion]: odd ? 'no' : 'partly',
        };
        const form = new URLSearchParams({ action: 'save' });
        for (const [key, value] of Object.entries(values)) {
          form.set(`q_${key}`, value);
          form.set(`rev_${key}`, String(revisions.get(key) ?? 0));
        }
        return {
          label: 'section post',
          method: 'POST',
          path: `/answer/${fixture.roundId}/${respondent.organisationCode}/sections/${fixture.firstSectionKey}`,
          body: form.toString(),
          headers: { ...respondent.headers, 'content-type': 'application/x-www-form-urlencoded' },
        };
      },
      onResponse: (status: number) => {
        if (status !== 303) return false;
        for (const key of changedKeys) revisions.set(key, (revisions.get(key) ?? 0) + 1);
        return true;
      },
    };
  };
}

/**
 * Anonymous readers of the published national report: the page of either type in either language, in turn, as the
 * public reads a round on the day it is published. Each request must be answered 200.
 */
function readerPaths(fixture: RespondentFixture): string[] {
  return ['kommuner', 'regioner'].flatMap((type) =>
    ['sv', 'en'].map((language) => `/published/${fixture.publishedLabel}/${type}?lang=${language}`),
  );
}

function readerRequests(fixture: RespondentFixture) {
  const paths = readerPaths(fixture);
  return (index: number) => {
    let counter = index;
    return {
      next: (): Request => ({
        label: 'report page',
        method: 'GET',
        path: paths[counter++ % paths.length] ?? '/published',
      }),
      onResponse: (status: number) => status === 200,
    };
  };
}

/**
 * The respondent mix, as the issue names it: open a form section, autosave an answer, open the summary, submit (a
 * form post answered with 303 to the receipt, which queues the receipt mail; the server's outbox sends it). The fixture answered every other
 * question, so each submit is valid; later submits resubmit, as a respondent changing an answer after submitting.
 */
function mixRequests(fixture: RespondentFixture) {
  return (index: number) => {
    const respondent = fixture.respondents[index % fixture.respondents.length];
    if (!respondent) throw new Error('No respondents prepared.');
    const base = `/answer/${fixture.roundId}/${respondent.organisationCode}`;
    let step = 0;
    let revision = 0;
    let expected = 200;
    return {
      next: (): Request => {
        step += 1;
        expected = step % 4 === 0 ? 303 : 200;
        if (step % 4 === 1) {
          const path = `${base}/sections/${fixture.firstSectionKey}`;
          return { label: 'section', method: 'GET', path, headers: respondent.headers };
        }
        if (step % 4 === 2) {
          return {
            label: 'autosave',
            method: 'PUT',
            path: `/api/responses/${fixture.roundId}/${respondent.organisationCode}/answers/${fixture.numberQuestionKey}`,
            body: JSON.stringify({ value: step % 1000, baseRevision: revision }),
            headers: respondent.headers,
          };
        }
        if (step % 4 === 3)
          return { label: 'summary', method: 'GET', path: `${base}/summary`, headers: respondent.headers };
        return {
          label: 'submit',
          method: 'POST',
          path: `${base}/submit`,
          body: '',
          headers: { ...respondent.headers, 'content-type': 'application/x-www-form-urlencoded' },
        };
      },
      onResponse: (status: number, body: string) => {
        revision = readRevision(status, body) ?? revision;
        return status === expected;
      },
    };
  };
}

/**
 * A build of the product to measure: this checkout, or (BENCH_BEFORE=FOLDER, a built checkout of an earlier commit)
 * that one too, measured in the same run on the same fixture, so before and after compare under the same load.
 */
type Product = { suffix: string; bin: string };

async function measureProduct(rows: LoadFigures[], dialect: 'sqlite' | 'postgres', product: Product): Promise<void> {
  const fixture = await prepareRespondentDatabase(dialect, {
    sqliteFile: join(outFolder, 'product.sqlite'),
    postgresUrl,
    sessionSecret,
    respondents: 200,
  });
  const port = dialect === 'sqlite' ? 3991 : 3992;
  const mailSink = await startMailSink();
  // BENCH_PROFILE=1 writes a V8 CPU profile of the server to bench/out/profiles/ (read it with bench/profile-summary.ts).
  const profileArgs =
    process.env.BENCH_PROFILE === '1' ? ['--cpu-prof', `--cpu-prof-dir=${join(outFolder, 'profiles')}`] : [];
  const server = await startProcess(
    // The same V8 flags as `npm start` (package.json), so the figures are the product's as it is started.
    [...profileArgs, ...startFlags, product.bin, 'serve'],
    {
      DATABASE_URL: fixture.databaseUrl,
      PORT: String(port),
      SESSION_SECRET: sessionSecret,
      AUDIT_KEY: benchAuditKey,
      LOG_LEVEL: 'warn',
      ADMIN_EMAIL: 'bench@example.se',
      SMTP_URL: mailSink.url,
    },
    /is running at/,
  );
  // Every row names the build it measured (", before" for BENCH_BEFORE's), so the summary never mixes the two.
  const name = (scenario: string) => `${scenario} (${dialect}${product.suffix})`;
  try {
    for (const connections of connectionCounts) {
      if (scenarios.has('autosave')) {
        await fixture.resetAnswers();
        rows.push(await runLoad(name('autosave'), port, connections, autosaveRequests(fixture), server.pid));
      }
      if (scenarios.has('section')) {
        await fixture.resetAnswers();
        rows.push(await runLoad(name('section post'), port, connections, sectionRequests(fixture), server.pid));
      }
      if (scenarios.has('mix')) {
        if (warmUpSeconds > 0) {
          await fixture.resetAnswers();
          await runLoad('warm-up', port, connections, mixRequests(fixture), undefined, undefined, warmUpSeconds);
        }
        await fixture.resetAnswers();
        rows.push(await runLoad(name('respondent mix'), port, connections, mixRequests(fixture), server.pid));
      }
    }
    if (scenarios.has('readers')) {
      // The first reader of each page renders it from the release (charts included); later readers get it from the
      // cache. Read each page once first, as the first visitors of a publication day would.
      for (const path of readerPaths(fixture)) {
        const response = await fetch(`http://127.0.0.1:${port}${path}`);
        if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
        await response.arrayBuffer();
      }
      // Autosave at 50 connections alone and then beside anonymous readers, back to back, so the two p99s compare.
      await fixture.resetAnswers();
      rows.push(await runLoad(name('autosave alone'), port, 50, autosaveRequests(fixture), server.pid));
      await fixture.resetAnswers();
      const [saves, readers] = await Promise.all([
        runLoad(name('autosave + readers'), port, 50, autosaveRequests(fixture), server.pid),
        runLoad(name(`readers ${readerRate}/s`), port, 20, readerRequests(fixture), server.pid, readerRate),
      ]);
      // Both loads share the server's CPU, which their rows cannot split between them.
      rows.push({ ...saves, cpuMsPerRequest: null }, { ...readers, cpuMsPerRequest: null });
    }
  } finally {
    // Stopping lets the server's sender finish its run, so the count below includes what was queued last.
    await stopProcess(server);
    console.log(`${dialect}: the mail sink received ${mailSink.count()} receipt mails`);
    await mailSink.close();
    await fixture.drop();
  }
}

function runScript(label: string, script: string): SummaryFigure[] {
  process.stdout.write(`\n== ${label}\n`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, BENCH_DATABASE_URL: postgresUrl },
  });
  process.stdout.write(result.stdout ?? '');
  if (result.status !== 0) throw new Error(`${script} failed with exit code ${result.status}`);
  return parseSummaryFigures(result.stdout ?? '');
}

mkdirSync(outFolder, { recursive: true });
console.log(`Machine: ${describeMachine()}`);
console.log(`Each load runs ${duration} s (BENCH_DURATION); autocannon runs on the same machine as the server.`);
const rows: LoadFigures[] = [];
await measureBaseline(rows);
// BENCH_DIALECTS=sqlite (or postgres) measures the product on one database only.
const dialects = (process.env.BENCH_DIALECTS ?? 'sqlite,postgres').split(',');
const products: Product[] = [
  ...(process.env.BENCH_BEFORE
    ? [{ suffix: ', before', bin: join(process.env.BENCH_BEFORE, 'bin', 'lagesbild.js') }]
    : []),
  { suffix: '', bin: 'bin/lagesbild.js' },
];
for (const dialect of ['sqlite', 'postgres'] as const) {
  if (!dialects.includes(dialect)) continue;
  for (const product of products) await measureProduct(rows, dialect, product);
}
const summary: SummaryFigure[] = [];
const baseline50 = rows.find((row) => row.scenario.startsWith('baseline') && row.connections === 50);
const autosave50 = rows.find((row) => row.scenario === 'autosave (sqlite)' && row.connections === 50);
if (baseline50 && autosave50) {
  const ratio = autosave50.requestsPerSecond / baseline50.requestsPerSecond;
  const errors = autosave50.errors + autosave50.unexpected;
  summary.push(
    {
      scenario: 'autosave (sqlite, 50 conn) vs bare baseline',
      figure: `${(ratio * 100).toFixed(0)} % (${autosave50.requestsPerSecond.toFixed(0)} / ${baseline50.requestsPerSecond.toFixed(0)} req/s)`,
      target: '>= 60 %',
      isMet: ratio >= 0.6,
    },
    {
      scenario: 'autosave (sqlite, 50 conn) p99',
      figure: `${autosave50.p99.toFixed(1)} ms`,
      target: '< 25 ms',
      isMet: autosave50.p99 < 25,
    },
    { scenario: 'autosave (sqlite, 50 conn) errors', figure: String(errors), target: '0', isMet: errors === 0 },
  );
}
for (const dialect of dialects) {
  for (const { suffix } of products) {
    const find = (scenario: string, connections: number) =>
      rows.find((row) => row.scenario === `${scenario} (${dialect}${suffix})` && row.connections === connections);
    const autosave = find('autosave', 50);
    const section = find('section post', 50);
    if (!autosave || !section) continue;
    const ratio = section.requestsPerSecond / autosave.requestsPerSecond;
    summary.push({
      scenario: `section post vs autosave (${dialect}${suffix}, 50 conn)`,
      figure: `${(ratio * 100).toFixed(0)} % (${section.requestsPerSecond.toFixed(0)} / ${autosave.requestsPerSecond.toFixed(0)} req/s)`,
      target: '>= 60 %',
      isMet: ratio >= 0.6,
    });
    if (dialect === 'postgres') {
      // Issue 20: ODK Central's backend stored a whole form at 169 req/s on this machine's PostgreSQL (an absolute
      // figure from another run, so compare it only on a quiet machine).
      summary.push({
        scenario: `section post (postgres${suffix}, 50 conn) vs the peer's 169 req/s`,
        figure: `${section.requestsPerSecond.toFixed(0)} req/s`,
        target: '>= 169 req/s',
        isMet: section.requestsPerSecond >= 169,
      });
    }
    if (dialect === 'sqlite') {
      const p99Ratio = section.p99 / autosave.p99;
      summary.push({
        scenario: `section post p99 vs autosave p99 (sqlite${suffix}, 50 conn)`,
        figure: `${section.p99.toFixed(0)} ms vs ${autosave.p99.toFixed(0)} ms = ${p99Ratio.toFixed(2)}x`,
        target: '<= 2x',
        isMet: p99Ratio <= 2,
      });
    }
    const crowded = find('section post', 200);
    if (crowded) {
      const failures = crowded.errors + crowded.unexpected;
      summary.push({
        scenario: `section post timeouts and failures (${dialect}${suffix}, 200 conn)`,
        figure: `${failures} (p99 ${crowded.p99.toFixed(0)} ms)`,
        target: '0',
        isMet: failures === 0,
      });
    }
  }
}
for (const dialect of dialects) {
  for (const { suffix } of products) {
    const alone = rows.find((row) => row.scenario === `autosave alone (${dialect}${suffix})`);
    const beside = rows.find((row) => row.scenario === `autosave + readers (${dialect}${suffix})`);
    const readers = rows.find((row) => row.scenario === `readers ${readerRate}/s (${dialect}${suffix})`);
    if (!alone || !beside || !readers) continue;
    const ratio = beside.p99 / alone.p99;
    summary.push({
      scenario: `autosave p99 beside ${readerRate} page views/s (${dialect}${suffix})`,
      figure: `${beside.p99.toFixed(0)} ms vs ${alone.p99.toFixed(0)} ms alone = ${ratio.toFixed(2)}x; reader p99 ${readers.p99.toFixed(0)} ms, ${readers.errors + readers.unexpected} failed`,
      target: '<= 1.5x',
      // Readers who were never answered (all still waiting at the end) leave nothing to compare.
      isMet: ratio <= 1.5 && readers.errors + readers.unexpected === 0 && readers.requestsPerSecond > 0,
    });
  }
}
const peak = Math.max(
  ...rows.filter((row) => !row.scenario.startsWith('baseline')).map((row) => row.peakMemoryMb ?? 0),
);
summary.push({
  scenario: 'server peak memory, respondent mix',
  figure: `${peak} MB`,
  target: '< 250 MB',
  isMet: peak < 250,
});
if (process.env.BENCH_LOAD_ONLY !== '1') {
  summary.push(...runScript('Start-up (bench/startup.ts)', 'bench/startup.ts'));
  summary.push(...runScript('Results (bench/results.ts)', 'bench/results.ts'));
  summary.push(...runScript('Reports (bench/reports.ts)', 'bench/reports.ts'));
  summary.push(...runScript('Disclosure control (bench/disclosure.ts)', 'bench/disclosure.ts'));
}
for (const { suffix } of products) {
  const find = (scenario: string) =>
    rows.find((row) => row.scenario === `${scenario} (sqlite${suffix})` && row.connections === 50);
  const mix50 = find('respondent mix');
  const autosave = find('autosave');
  const submit = mix50?.byType.get('submit');
  const mixAutosave = mix50?.byType.get('autosave');
  if (!mix50 || !autosave || !submit || !mixAutosave) continue;
  const ratio = mix50.p99 / autosave.p99;
  summary.push(
    {
      scenario: `respondent mix (sqlite${suffix}, 50 conn) p99 vs autosave p99`,
      figure: `${mix50.p99.toFixed(0)} ms vs ${autosave.p99.toFixed(0)} ms = ${ratio.toFixed(2)}x`,
      target: '<= 2x',
      isMet: ratio <= 2,
    },
    // Both p50s from the one mix, as in the figures (submit 228 ms beside autosave 31 ms, timed in one mix):
    // in the same run and queue the two differ only by what the requests themselves cost. The autosave scenario's
    // own p50 is 50 connections over the autosave's throughput, so beside it the submit would be judged by how much
    // the mix's section pages and summaries cost; it is printed for comparison.
    {
      scenario: `submit p50 vs autosave p50 in the mix (sqlite${suffix}, 50 conn)`,
      figure: `${submit.p50.toFixed(0)} ms vs ${mixAutosave.p50.toFixed(0)} ms (autosave alone ${autosave.p50.toFixed(0)} ms)`,
      target: '<= autosave p50 + 20 ms',
      isMet: submit.p50 <= mixAutosave.p50 + 20,
    },
  );
}
console.log(`\nMachine: ${describeMachine()}\n\nLoad (autocannon, ${duration} s each):\n${formatTable(rows)}`);
console.log(`\nThe respondent mix by request type:\n${formatRequestTypes(rows)}`);
console.log(`\nTargets:\n${formatSummary(summary)}`);
