// `node --import tsx bench/autosave-cpu.ts [BASELINE_FOLDER]`: the CPU time one autosave (`PUT
// /api/responses/…/answers/:key`, one answer with its revision check, history row and audit event) costs the
// application, measured with process.cpuUsage() around N sequential requests through app.inject, on SQLite and
// PostgreSQL. Each checkout runs in processes of its own (its own sources through tsx, over one shared fixture
// database), alternating with the baseline's when a baseline folder is given (a checkout of an earlier commit with
// node_modules, e.g. `git worktree add /tmp/base main && ln -s $PWD/node_modules /tmp/base/`), so both see the
// same machine load. Prints each product's median per round and the change. Never part of `npm test`.
//   BENCH_DIALECTS=sqlite,postgres  BENCH_TURNS=3 (processes per product)  BENCH_ROUNDS=5  BENCH_REQUESTS=400
//   BENCH_PROFILE=1 writes a V8 CPU profile of each measuring process to bench/out/profiles/ (read it with
//   bench/profile-summary.ts).
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { grantUserRole, openSession } from '../src/accounts/accounts.service.ts';
import { systemClock } from '../src/clock.ts';
import { createDatabaseIfMissing, openDatabase } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrator.ts';
import { computeCsrfToken, csrfCookieName } from '../src/http/csrf.ts';
import { sessionCookieName } from '../src/http/sessions.ts';
import { ensureOrganisationRegistry, listOrganisations } from '../src/organisations/organisations.service.ts';
import { listQuestions } from '../src/questionnaires/conditions.ts';
import { findQuestionnaireVersion, seedShippedQuestionnaires } from '../src/questionnaires/questionnaires.service.ts';
import { insertResponseRow, upsertAnswerRow } from '../src/responses/responses.repository.ts';
import { insertRoundRow, upsertRoundOrganisationRows } from '../src/rounds/rounds.repository.ts';
import { completeAnswers } from '../test/factories.ts';
import { removeSqliteFiles } from './harness.ts';

export const sessionSecret = 'bench-secret-0123456789abcdef0123456789abcdef';
export const auditKey = 'bench-audit-key-not-a-secret-0123456789abcdef';
const outFolder = join(process.cwd(), 'bench', 'out');
const respondentCount = 20;

export type Fixture = {
  databaseUrl: string;
  roundId: string;
  questionKey: string;
  respondents: Array<{ organisationCode: string; headers: Record<string, string> }>;
};

/** An open round inviting `respondentCount` organisations, each with a signed-in respondent and a full response. */
async function prepareFixture(dialect: 'sqlite' | 'postgres'): Promise<Fixture & { drop(): Promise<void> }> {
  let databaseUrl: string;
  let drop: () => Promise<void>;
  let config: Parameters<typeof openDatabase>[0];
  if (dialect === 'sqlite') {
    const file = join(outFolder, 'autosave-cpu.sqlite');
    removeSqliteFiles(file);
    databaseUrl = `sqlite:${file}`;
    config = { dialect, file };
    drop = async () => removeSqliteFiles(file);
  } else {
    const adminUrl =
      process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
    const name = `lagesbild_autosave_${randomBytes(4).toString('hex')}`;
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    config = { dialect, url: databaseUrl };
    drop = async () => {
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    };
  }
  await createDatabaseIfMissing(config);
  const handle = openDatabase(config, { auditKey });
  try {
    await migrateToLatest(handle.db);
    await seedShippedQuestionnaires(handle.db, systemClock);
    await ensureOrganisationRegistry(handle.db, systemClock);
    const version = await findQuestionnaireVersion(handle.db, 'skr-2023');
    const question = listQuestions(version).find(
      (candidate) => candidate.type === 'integer' && !candidate.showIf && !candidate.targets,
    );
    if (!question) throw new Error('skr-2023 has no unconditional integer question.');
    const now = systemClock.now().toISOString();
    const roundId = `autosave-${randomBytes(4).toString('hex')}`;
    await insertRoundRow(handle.db, {
      id: roundId,
      label: roundId,
      status: 'open',
      source: 'fieldwork',
      versions: { kommun: 'skr-2023', region: 'skr-2023' },
      opensAt: new Date(Date.now() - 86_400_000).toISOString(),
      closesAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      reminderDays: [],
      publishedAt: null,
      embargoUntil: null,
      correctionStartedAt: null,
      displayName: null,
      createdAt: now,
      updatedAt: now,
    });
    const organisations = (await listOrganisations(handle.db, { isActiveOnly: true })).slice(0, respondentCount);
    await upsertRoundOrganisationRows(
      handle.db,
      roundId,
      organisations.map((organisation) => ({
        organisationCode: organisation.code,
        contactName: null,
        contactEmail: null,
      })),
    );
    const respondents: Fixture['respondents'] = [];
    for (const organisation of organisations) {
      const user = await grantUserRole(handle.db, systemClock, {
        email: `ciso-${organisation.code}@bench.example.se`,
        grant: { kind: 'organisation', organisationCode: organisation.code, role: 'respondent' },
        actor: { userId: null, label: 'bench' },
      });
      const session = await openSession(handle.db, systemClock, user.id);
      const browserId = randomBytes(18).toString('base64url');
      respondents.push({
        organisationCode: organisation.code,
        headers: {
          cookie: `${sessionCookieName}=${session}; ${csrfCookieName}=${browserId}`,
          'x-csrf-token': computeCsrfToken(sessionSecret, browserId),
          'content-type': 'application/json',
        },
      });
      // A response answering every other question, as a respondent halfway through autosaving looks.
      const responseId = randomUUID();
      await insertResponseRow(handle.db, {
        id: responseId,
        roundId,
        organisationCode: organisation.code,
        versionId: version.id,
        status: 'in_progress',
        createdAt: now,
        updatedAt: now,
        submittedAt: null,
        submitterId: null,
        submittedBy: null,
      });
      for (const [questionKey, value] of completeAnswers(version, organisation.type)) {
        if (questionKey === question.key) continue;
        await upsertAnswerRow(handle.db, responseId, {
          questionKey,
          value,
          revision: 1,
          updatedAt: now,
          updatedBy: null,
        });
      }
    }
    return { databaseUrl, roundId, questionKey: question.key, respondents, drop };
  } finally {
    await handle.destroy();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

async function main(): Promise<void> {
  const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
  const requests = Number(process.env.BENCH_REQUESTS ?? 400);
  const baseline = process.argv[2];
  const products = [
    ...(baseline ? [{ name: 'before', root: resolve(baseline) }] : []),
    { name: 'after', root: process.cwd() },
  ];
  const dialects = (process.env.BENCH_DIALECTS ?? 'sqlite,postgres').split(',') as Array<'sqlite' | 'postgres'>;
  const turns = Number(process.env.BENCH_TURNS ?? 3);
  const isProfiled = process.env.BENCH_PROFILE === '1';
  mkdirSync(join(outFolder, 'profiles'), { recursive: true });
  const lines: string[] = [];
  for (const dialect of dialects) {
    const fixture = await prepareFixture(dialect);
    const fixtureFile = join(outFolder, `autosave-cpu-${dialect}.json`);
    writeFileSync(fixtureFile, JSON.stringify({ fixture, sessionSecret, auditKey }));
    const figures = new Map<string, number[]>(products.map((product) => [product.name, []]));
    try {
      for (let turn = 0; turn < turns; turn++) {
        for (const product of products) {
          const flags = isProfiled ? ['--cpu-prof', '--cpu-prof-dir', join(outFolder, 'profiles')] : [];
          const output = execFileSync(
            process.execPath,
            [
              ...flags,
              '--import',
              'tsx',
              join(process.cwd(), 'bench', 'autosave-cpu-measure.ts'),
              product.root,
              fixtureFile,
            ],
            { cwd: product.root, env: { ...process.env, LOG_LEVEL: 'warn' }, encoding: 'utf8', maxBuffer: 1 << 24 },
          );
          const perRequest: number[] = JSON.parse(output.trim().split('\n').at(-1) ?? '[]');
          figures.get(product.name)?.push(...perRequest);
          console.log(
            `${dialect} ${product.name} turn ${turn + 1}: ${perRequest.map((ms) => ms.toFixed(3)).join(' ')} ms`,
          );
        }
      }
    } finally {
      await fixture.drop();
    }
    const medians = new Map(products.map((product) => [product.name, median(figures.get(product.name) ?? [])]));
    const before = medians.get('before');
    const after = medians.get('after') ?? Number.NaN;
    lines.push(
      before === undefined
        ? `${dialect.padEnd(8)} ${after.toFixed(2)} ms`
        : `${dialect.padEnd(8)} before ${before.toFixed(2)} ms, after ${after.toFixed(2)} ms (${(((after - before) / before) * 100).toFixed(1)} %)`,
    );
  }
  console.log(
    `\nCPU per autosave (median of ${turns} processes x ${rounds} rounds of ${requests} sequential requests each, app.inject):`,
  );
  for (const line of lines) console.log(line);
}

await main();
