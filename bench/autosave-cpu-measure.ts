// The measuring process of bench/autosave-cpu.ts: `node --import tsx bench/autosave-cpu-measure.ts ROOT FIXTURE_FILE`.
// It imports nothing of a checkout statically, so the baseline's process carries only the baseline's code.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Fixture } from './autosave-cpu.ts';

/**
 * The measuring process: builds the app of the checkout at `root` over the fixture's database and runs `rounds`
 * rounds of `requests` sequential autosaves, printing each round's CPU milliseconds per request as JSON.
 */
async function measureCheckout(
  root: string,
  fixture: Fixture,
  { sessionSecret, auditKey }: { sessionSecret: string; auditKey: string },
  rounds: number,
  requests: number,
): Promise<void> {
  const load = (path: string) => import(pathToFileURL(join(root, 'src', path)).href);
  const { buildApp }: typeof import('../src/app.ts') = await load('app.ts');
  const { loadConfig }: typeof import('../src/config.ts') = await load('config.ts');
  const { openDatabase: openCheckoutDatabase }: typeof import('../src/db/connection.ts') =
    await load('db/connection.ts');
  const config = loadConfig(
    { DATABASE_URL: fixture.databaseUrl, SESSION_SECRET: sessionSecret, AUDIT_KEY: auditKey },
    { workingDirectory: root },
  );
  const handle = openCheckoutDatabase(config.database, { auditKey });
  const app = await buildApp({ config, sessionSecret, db: handle.db, clock: { now: () => new Date() } });
  await app.ready();
  const revisions = new Map<string, number>();
  const save = async (index: number) => {
    const respondent = fixture.respondents[index % fixture.respondents.length];
    if (!respondent) throw new Error('The fixture has no respondents.');
    const revision = revisions.get(respondent.organisationCode) ?? 0;
    const response = await app.inject({
      method: 'PUT',
      url: `/api/responses/${fixture.roundId}/${respondent.organisationCode}/answers/${fixture.questionKey}`,
      headers: respondent.headers,
      payload: JSON.stringify({ value: revision + 1, baseRevision: revision }),
    });
    const reply: { revision?: number; current?: { revision: number } } = response.json();
    // A conflict tells the revision another process (an earlier turn) left; the next save starts from it.
    if (response.statusCode === 409 && reply.current)
      revisions.set(respondent.organisationCode, reply.current.revision);
    else if (response.statusCode === 200 && reply.revision !== undefined) {
      revisions.set(respondent.organisationCode, reply.revision);
    } else throw new Error(`The autosave answered ${response.statusCode}: ${response.body}`);
  };
  // Warm-up: every respondent's revision learnt, the code paths compiled and the statements prepared.
  for (let index = 0; index < Math.max(4 * requests, 2000); index++) await save(index);
  const perRequest: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const before = process.cpuUsage();
    for (let index = 0; index < requests; index++) await save(index);
    const used = process.cpuUsage(before);
    perRequest.push((used.user + used.system) / 1000 / requests);
  }
  await app.close();
  await handle.destroy();
  process.stdout.write(`${JSON.stringify(perRequest)}\n`);
}

const [root, fixtureFile] = process.argv.slice(2);
if (!root || !fixtureFile) throw new Error('Usage: bench/autosave-cpu-measure.ts ROOT FIXTURE_FILE');
const { fixture, sessionSecret, auditKey }: { fixture: Fixture; sessionSecret: string; auditKey: string } = JSON.parse(
  readFileSync(fixtureFile, 'utf8'),
);
await measureCheckout(
  root,
  fixture,
  { sessionSecret, auditKey },
  Number(process.env.BENCH_ROUNDS ?? 5),
  Number(process.env.BENCH_REQUESTS ?? 400),
);
