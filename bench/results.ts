/**
 * Benchmark of the results service: 10 rounds x 10,000 fabricated kommuner x 60 questions, then the time to
 * compute one round's complete results next to a plain GROUP BY question_key, value over the same answers, on
 * SQLite (a temporary file) and on PostgreSQL (BENCH_DATABASE_URL or TEST_DATABASE_URL; a database created and
 * dropped here). Run: node --import tsx bench/results.ts. Never part of npm test.
 *
 * For quicker iterations only (published figures come from the full run): BENCH_RESULTS_ROUNDS=2 fabricates fewer
 * rounds, BENCH_RESULTS_DIALECT=sqlite or =postgres runs one dialect.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { createFixedClock, systemClock } from '../src/clock.ts';
import type { DatabaseConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/connection.ts';
import type { Database } from '../src/db/database.ts';
import { isPostgres } from '../src/db/dialect.ts';
import { migrateToLatest } from '../src/db/migrator.ts';
import { ensureOrganisationRegistry } from '../src/organisations/organisations.service.ts';
import type { Question, QuestionnaireVersion } from '../src/questionnaires/questionnaire.schema.ts';
import { listQuestionnaireVersions, seedShippedQuestionnaires } from '../src/questionnaires/questionnaires.service.ts';
import { seededRandom } from '../src/results/demo-data.ts';
import { computeRoundResults } from '../src/results/results.service.ts';
import { printSummaryFigure } from './harness.ts';
import { benchAuditKey } from './respondent-fixture.ts';

const roundCount = Number(process.env.BENCH_RESULTS_ROUNDS ?? 10);
if (!Number.isInteger(roundCount) || roundCount < 1) throw new Error('BENCH_RESULTS_ROUNDS must be a positive integer');
const onlyDialect = process.env.BENCH_RESULTS_DIALECT;
if (onlyDialect !== undefined && onlyDialect !== 'sqlite' && onlyDialect !== 'postgres')
  throw new Error('BENCH_RESULTS_DIALECT must be sqlite or postgres');
const organisationCount = 10_000;
const groups = ['A1', 'A2', 'B3', 'B4', 'B5', 'C6', 'C7', 'C8', 'C9'];
const counties = [
  '01',
  '03',
  '04',
  '05',
  '06',
  '07',
  '08',
  '09',
  '10',
  '12',
  '13',
  '14',
  '17',
  '18',
  '19',
  '20',
  '21',
  '22',
  '23',
  '24',
  '25',
];
const now = '2026-01-01T00:00:00.000Z';

/** 60 questions: 30 yes/no (3 indicators), 15 yes/partly/no, 5 single choice, 10 integers (5 conditional). */
function buildBenchVersion(): QuestionnaireVersion {
  const text = (key: string) => ({ sv: `Fråga ${key}?`, en: `Question ${key}?` });
  const questions: Question[] = [];
  for (let index = 1; index <= 60; index += 1) {
    const key = `q${index}`;
    const base = { key, text: text(key), required: false, mapping: {} };
    if (index <= 30) {
      questions.push({
        ...base,
        type: 'yes_no',
        ...(index <= 3 ? { indicator: { sv: `gäller ${key}`, en: `${key} holds` } } : {}),
      });
    } else if (index <= 45) questions.push({ ...base, type: 'yes_partly_no' });
    else if (index <= 50) {
      const options = ['a', 'b', 'c', 'd'].map((code) => ({ code, label: { sv: code, en: code } }));
      questions.push({ ...base, type: 'single_choice', options });
    } else {
      const showIf = index <= 55 ? { showIf: { question: `q${index - 50}`, equals: 'yes' } } : {};
      questions.push({ ...base, type: 'integer', min: 0, max: 100_000, ...showIf });
    }
  }
  return {
    id: 'bench-60',
    title: { sv: 'Benchmark', en: 'Benchmark' },
    year: 2031,
    targets: ['kommun'],
    sections: [{ key: 'bench', title: text('bench'), intro: text('bench'), questions }],
  };
}

function answerFor(question: Question, code: string, round: number, answers: Map<string, string>): string | undefined {
  const random = seededRandom(code, question.key, String(round));
  if (random < 0.03) return undefined;
  if (question.showIf && 'question' in question.showIf && answers.get(question.showIf.question) !== '"yes"')
    return undefined;
  switch (question.type) {
    case 'yes_no':
      return random < 0.6 ? '"yes"' : '"no"';
    case 'yes_partly_no':
      return random < 0.4 ? '"yes"' : random < 0.7 ? '"partly"' : '"no"';
    case 'single_choice':
      return JSON.stringify(['a', 'b', 'c', 'd'][Math.floor(random * 4)] ?? 'a');
    default:
      return String(Math.round(random * 5000));
  }
}

/** Inserts rows in multi-row statements inside one transaction; PostgreSQL takes columns as arrays (unnest). */
async function insertMany(
  db: Kysely<Database>,
  table: 'organisations' | 'rounds' | 'round_organisations' | 'responses' | 'answers',
  columns: readonly string[],
  rows: readonly (readonly (string | number | null)[])[],
): Promise<void> {
  const postgres = isPostgres(db);
  const batch = postgres ? 20_000 : Math.floor(30_000 / columns.length);
  const types: Readonly<Record<string, string>> = { revision: 'int', is_active: 'int' };
  await db.transaction().execute(async (trx) => {
    for (let start = 0; start < rows.length; start += batch) {
      const chunk = rows.slice(start, start + batch);
      const columnList = sql.join(columns.map((column) => sql.ref(column)));
      if (postgres) {
        const arrays = columns.map(
          (column, index) => sql`${chunk.map((row) => row[index] ?? null)}::${sql.raw(types[column] ?? 'text')}[]`,
        );
        await sql`insert into ${sql.table(table)} (${columnList}) select * from unnest(${sql.join(arrays)})`.execute(
          trx,
        );
      } else {
        const values = chunk.map((row) => sql`(${sql.join(row.map((value) => sql`${value}`))})`);
        await sql`insert into ${sql.table(table)} (${columnList}) values ${sql.join(values)}`.execute(trx);
      }
    }
  });
}

async function generate(db: Kysely<Database>, version: QuestionnaireVersion): Promise<void> {
  await ensureOrganisationRegistry(db, createFixedClock(new Date(now)));
  const codes = Array.from({ length: organisationCount }, (_, index) => `B${String(index).padStart(5, '0')}`);
  await insertMany(
    db,
    'organisations',
    [
      'code',
      'name',
      'type',
      'county_code',
      'county_name',
      'municipality_group',
      'is_active',
      'replaced_by',
      'updated_at',
    ],
    codes.map((code, index) => [
      code,
      `Bench ${code}`,
      'kommun',
      counties[index % counties.length] ?? '01',
      'Benchlän',
      groups[index % groups.length] ?? 'A1',
      1,
      null,
      now,
    ]),
  );
  const questions = version.sections.flatMap((section) => section.questions);
  for (let round = 1; round <= roundCount; round += 1) {
    const roundId = `bench-round-${round}`;
    await insertMany(
      db,
      'rounds',
      [
        'id',
        'label',
        'status',
        'source',
        'kommun_version',
        'region_version',
        'reminder_days',
        'created_at',
        'updated_at',
      ],
      [[roundId, String(2030 + round), 'closed', 'import', version.id, null, '[]', now, now]],
    );
    await insertMany(
      db,
      'round_organisations',
      ['round_id', 'organisation_code'],
      codes.map((code) => [roundId, code]),
    );
    const submitting = codes.filter((code) => seededRandom('submits', code, String(round)) < 0.92);
    await insertMany(
      db,
      'responses',
      ['id', 'round_id', 'organisation_code', 'version_id', 'status', 'created_at', 'updated_at', 'submitted_at'],
      submitting.map((code) => [`${roundId}-${code}`, roundId, code, version.id, 'submitted', now, now, now]),
    );
    const answerRows: (string | number | null)[][] = [];
    for (const code of submitting) {
      const given = new Map<string, string>();
      for (const question of questions) {
        const value = answerFor(question, code, round, given);
        if (value === undefined) continue;
        given.set(question.key, value);
        answerRows.push([`${roundId}-${code}`, question.key, value, 1, now, null]);
      }
    }
    await insertMany(
      db,
      'answers',
      ['response_id', 'question_key', 'value', 'revision', 'updated_at', 'updated_by'],
      answerRows,
    );
  }
}

async function time(work: () => Promise<unknown>, runs = 5, isWarmedUp = true): Promise<number> {
  if (isWarmedUp) await work();
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)] ?? Number.NaN;
}

async function benchmark(name: string, config: DatabaseConfig): Promise<void> {
  const handle = openDatabase(config, { poolSize: 4, auditKey: benchAuditKey });
  try {
    await migrateToLatest(handle.db);
    await seedShippedQuestionnaires(handle.db, systemClock);
    const version = buildBenchVersion();
    const generationStart = performance.now();
    await generate(handle.db, version);
    console.log(
      `${name}: generated ${roundCount} rounds in ${((performance.now() - generationStart) / 1000).toFixed(1)} s`,
    );
    const versions = [...(await listQuestionnaireVersions(handle.db)), version];
    const label = String(2030 + roundCount);
    const roundId = `bench-round-${roundCount}`;
    const options = { minimumRespondents: 5, versions };
    const service = await time(() => computeRoundResults(handle.db, label, { ...options, isWithChanges: false }));
    const withChanges = await time(() => computeRoundResults(handle.db, label, options), 1, false);
    const groupBy = await time(() =>
      handle.db
        .selectFrom('answers')
        .innerJoin('responses', 'responses.id', 'answers.response_id')
        .select(['answers.question_key', 'answers.value', (eb) => eb.fn.countAll().as('count')])
        .where('responses.round_id', '=', roundId)
        .where('responses.status', '=', 'submitted')
        .groupBy(['answers.question_key', 'answers.value'])
        .execute(),
    );
    console.log(`${name}: plain GROUP BY question_key, value     ${groupBy.toFixed(0).padStart(6)} ms`);
    console.log(
      `${name}: one round's complete results (service) ${service.toFixed(0).padStart(6)} ms   ratio ${(service / groupBy).toFixed(2)}`,
    );
    console.log(
      `${name}: ... with change and trend over ${roundCount} rounds ${withChanges.toFixed(0).padStart(4)} ms   ratio ${(withChanges / groupBy).toFixed(2)}`,
    );
    printSummaryFigure({
      scenario: `results, one round (${name})`,
      figure: `${service.toFixed(0)} ms vs GROUP BY ${groupBy.toFixed(0)} ms = ${(service / groupBy).toFixed(1)}x`,
      target: '<= 2x GROUP BY',
      isMet: service / groupBy <= 2,
    });
  } finally {
    await handle.destroy();
  }
}

console.log(
  `Machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB memory, Node ${process.version}`,
);
console.log(
  `Data: ${roundCount} rounds x ${organisationCount} organisations x 60 questions (about 92 % submit, 3 % item non-response)`,
);
if (onlyDialect !== 'postgres') {
  const folder = mkdtempSync(join(tmpdir(), 'lagesbild-bench-'));
  try {
    await benchmark('SQLite', { dialect: 'sqlite', file: join(folder, 'bench.sqlite') });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (onlyDialect === 'sqlite') {
  console.log('PostgreSQL: skipped (BENCH_RESULTS_DIALECT=sqlite)');
} else if (serverUrl) {
  const name = `lagesbild_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  try {
    await benchmark('PostgreSQL', { dialect: 'postgres', url: url.toString() });
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
} else {
  console.log('PostgreSQL: skipped (set BENCH_DATABASE_URL or TEST_DATABASE_URL)');
}
