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
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { benchAuditKey, prepareRespondentDatabase } from './respondent-fixture.ts';

export const sessionSecret = 'bench-secret-0123456789abcdef0123456789abcdef';
export const auditKey = benchAuditKey;
const outFolder = join(process.cwd(), 'bench', 'out');
const respondentCount = 20;

export type Fixture = {
  databaseUrl: string;
  roundId: string;
  questionKey: string;
  respondents: Array<{ organisationCode: string; headers: Record<string, string> }>;
};

/**
 * The load bench's fixture (bench/respondent-fixture.ts), `respondentCount` signed-in respondents of an open round,
 * each with a response answering every question but the autosaved one, as a respondent halfway through looks.
 */
async function prepareFixture(dialect: 'sqlite' | 'postgres'): Promise<Fixture & { drop(): Promise<void> }> {
  const prepared = await prepareRespondentDatabase(dialect, {
    sqliteFile: join(outFolder, 'autosave-cpu.sqlite'),
    postgresUrl:
      process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    sessionSecret,
    respondents: respondentCount,
  });
  await prepared.resetAnswers();
  return {
    databaseUrl: prepared.databaseUrl,
    roundId: prepared.roundId,
    questionKey: prepared.numberQuestionKey,
    respondents: prepared.respondents.map(({ organisationCode, headers }) => ({
      organisationCode,
      headers: { ...headers, 'content-type': 'application/json' },
    })),
    drop: prepared.drop,
  };
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
