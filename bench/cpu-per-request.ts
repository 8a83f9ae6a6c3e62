// `node --import tsx bench/cpu-per-request.ts [BEFORE_FOLDER]`: the server's CPU time per request of each respondent
// request type on SQLite, read from /proc (user + system time of the server process). On a machine shared with other
// work, requests per second and latencies mostly measure the neighbours; the CPU a request costs the server does not,
// and on one core it bounds the requests per second (1,000 / ms per request). With a built checkout of an earlier
// commit as argument, both are measured in turns on the same fixture. Never part of `npm test`.
import { join } from 'node:path';
import { readCpuMs, readStartFlags, startMailSink, startProcess, stopProcess } from './harness.ts';
import { benchAuditKey, prepareRespondentDatabase, type RespondentFixture } from './respondent-fixture.ts';

const sessionSecret = 'bench-secret-0123456789abcdef0123456789abcdef';
const requestsPerType = Number(process.env.BENCH_REQUESTS ?? 400);
const concurrency = 10;

type Planned = { method: 'GET' | 'PUT' | 'POST'; path: string; body?: string; headers: Record<string, string> };

/** The server's user + system CPU time in milliseconds (harness.ts); the server must still be running. */
function readServerCpuMs(pid: number): number {
  const cpuMs = readCpuMs(pid);
  if (cpuMs === null) throw new Error(`The server (process ${pid}) has stopped.`);
  return cpuMs;
}

/** Each respondent's requests of one type: autosave, the section post (six of eight changed), the section page. */
function planRequests(fixture: RespondentFixture, type: string): (index: number, round: number) => Planned {
  return (index, round) => {
    const respondent = fixture.respondents[index % fixture.respondents.length];
    if (!respondent) throw new Error('No respondents prepared.');
    const base = `/answer/${fixture.roundId}/${respondent.organisationCode}`;
    if (type === 'section page') {
      return { method: 'GET', path: `${base}/sections/${fixture.firstSectionKey}`, headers: respondent.headers };
    }
    if (type === 'autosave') {
      return {
        method: 'PUT',
        path: `/api/responses/${fixture.roundId}/${respondent.organisationCode}/answers/${fixture.numberQuestionKey}`,
        body: JSON.stringify({ value: round + 1, baseRevision: round }),
        headers: { ...respondent.headers, 'content-type': 'application/json' },
      };
    }
    const own = respondent.organisationType === 'kommun' ? 'municipal_companies_included' : 'medical_devices_included';
    const odd = round % 2 === 0;
    // After resetAnswers every question is at revision 1 but the autosaved one (0); each post changes six of them.
    const startRevision = (key: string) => (key === fixture.numberQuestionKey ? 0 : 1);
    const changed: Record<string, string> = {
      respondent_role: odd ? 'security_manager' : 'it_manager',
      ciso_time_share: String(20 + (round % 2)),
      security_hours_per_year: String(100 + (round % 2)),
      budget_amount: String(1000 + (round % 2)),
      security_forum: odd ? 'no' : 'yes',
      [own]: odd ? 'no' : 'partly',
    };
    const values: Record<string, [string, number]> = {
      ciso_designated: ['yes', startRevision('ciso_designated')],
      budget_allocated: ['yes', startRevision('budget_allocated')],
    };
    for (const [key, value] of Object.entries(changed)) values[key] = [value, startRevision(key) + round];
    const form = new URLSearchParams({ action: 'save' });
    for (const [key, [value, revision]] of Object.entries(values)) {
      form.set(`q_${key}`, value);
      form.set(`rev_${key}`, String(revision));
    }
    return {
      method: 'POST',
      path: `${base}/sections/${fixture.firstSectionKey}`,
      body: form.toString(),
      headers: { ...respondent.headers, 'content-type': 'application/x-www-form-urlencoded' },
    };
  };
}

async function measure(bin: string, types: readonly string[]): Promise<Map<string, number>> {
  const fixture = await prepareRespondentDatabase('sqlite', {
    sqliteFile: join(process.cwd(), 'bench', 'out', 'cpu.sqlite'),
    postgresUrl: '',
    sessionSecret,
    respondents: 100,
  });
  const mailSink = await startMailSink();
  const port = 3993;
  const server = await startProcess(
    [...readStartFlags(), bin, 'serve'],
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
  const costs = new Map<string, number>();
  try {
    const pid = server.pid;
    if (pid === undefined) throw new Error('The server has no process id.');
    for (const type of types) {
      await fixture.resetAnswers();
      const plan = planRequests(fixture, type);
      // Each respondent's requests go in order (its revisions count up); `concurrency` respondents at a time.
      const run = async (respondents: number, rounds: number) => {
        const send = async (index: number) => {
          for (let round = 0; round < rounds; round++) {
            const planned = plan(index, round);
            const response = await fetch(`http://127.0.0.1:${port}${planned.path}`, {
              method: planned.method,
              headers: planned.headers,
              redirect: 'manual',
              ...(planned.body === undefined ? {} : { body: planned.body }),
            });
            await response.arrayBuffer();
            const expected = planned.method === 'POST' ? 303 : 200;
            if (response.status !== expected) throw new Error(`${type} answered ${response.status}`);
          }
        };
        for (let first = 0; first < respondents; first += concurrency) {
          await Promise.all(
            Array.from({ length: Math.min(concurrency, respondents - first) }, (_, offset) => send(first + offset)),
          );
        }
      };
      await run(20, 3); // warm-up: the code paths compiled, the statements prepared
      await fixture.resetAnswers();
      const rounds = Math.ceil(requestsPerType / 100);
      const before = readServerCpuMs(pid);
      await run(100, rounds);
      costs.set(type, (readServerCpuMs(pid) - before) / (100 * rounds));
    }
  } finally {
    await stopProcess(server);
    await mailSink.close();
    await fixture.drop();
  }
  return costs;
}

const types = ['autosave', 'section post', 'section page'];
const beforeFolder = process.argv[2];
const products = [
  ...(beforeFolder ? [{ name: 'before', bin: join(beforeFolder, 'bin', 'lagesbild.js') }] : []),
  { name: 'this checkout', bin: 'bin/lagesbild.js' },
];
const turns = Number(process.env.BENCH_TURNS ?? 2);
const results = new Map<string, number[]>();
for (let turn = 0; turn < turns; turn++) {
  for (const product of products) {
    for (const [type, cost] of await measure(product.bin, types)) {
      const key = `${product.name}: ${type}`;
      results.set(key, [...(results.get(key) ?? []), cost]);
    }
  }
}
console.log(`\nServer CPU per request (SQLite, ${concurrency} respondents at a time, ${turns} turns, best turn):`);
for (const product of products) {
  const best = (type: string) => Math.min(...(results.get(`${product.name}: ${type}`) ?? [Number.NaN]));
  for (const type of types) {
    console.log(
      `${product.name.padEnd(14)} ${type.padEnd(13)} ${best(type).toFixed(2).padStart(6)} ms  (turns: ${(results.get(`${product.name}: ${type}`) ?? []).map((cost) => cost.toFixed(2)).join(', ')})`,
    );
  }
  const ratio = best('autosave') / best('section post');
  console.log(`${product.name.padEnd(14)} section post vs autosave, by CPU: ${(ratio * 100).toFixed(0)} %`);
}
