/**
 * Benchmark of disclosure control over a release as one linked table set: time and cells suppressed by the
 * linked-set control (primary rules, secondary suppression with HiGHS, the attacker's audit) beside the plain
 * per-cell rule (primary cells only, which leaks) and the per-table method it replaces, over the demo round of 311
 * organisations (all questions, all breakdowns) and a fabricated round of 10,000 kommuner x 60 questions.
 * Run alone: node --import tsx bench/disclosure.ts (BENCH_DISCLOSURE_LARGE=0 skips the 10,000 round).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFixedClock } from '../src/clock.ts';
import { openDatabase } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrator.ts';
import { createDisclosurePolicy } from '../src/disclosure/disclosure-policy.ts';
import type { LinkedTable } from '../src/disclosure/linked-set.ts';
import { isPrimarySensitive } from '../src/disclosure/primary-rules.ts';
import { protectLinkedSet } from '../src/disclosure/protect-linked-set.ts';
import type { Question, QuestionnaireVersion } from '../src/questionnaires/questionnaire.schema.ts';
import { seedShippedQuestionnaires } from '../src/questionnaires/questionnaires.service.ts';
import { createDemo } from '../src/results/demo.service.ts';
import { seededRandom } from '../src/results/demo-data.ts';
import { listExemptableQuestions } from '../src/results/disclosure-settings.service.ts';
import type { PopulationMember } from '../src/results/groups.ts';
import { buildLinkedTables } from '../src/results/linked-tables.ts';
import { loadRoundLinkedSet } from '../src/results/results.service.ts';
import {
  computeQuestionFigures,
  computeVisibility,
  listRoundQuestions,
  type RoundData,
  type RoundQuestion,
} from '../src/results/round-figures.ts';
import { printSummaryFigure } from './harness.ts';
import { benchAuditKey } from './respondent-fixture.ts';

const threshold = 5;

interface Measured {
  label: string;
  cells: number;
  plain: number;
  perTable: number;
  linked: number;
  seconds: number;
  isPassed: boolean;
  smallestRange: number | null;
  fallbacks: number;
}

async function measure(
  label: string,
  data: RoundData,
  questions: readonly RoundQuestion[],
  tables: LinkedTable[],
  nationalExemptions: readonly string[] = [],
) {
  const policy = createDisclosurePolicy(threshold, nationalExemptions);
  const cells = tables.reduce((sum, table) => sum + table.cells.length, 0);
  const plain = tables.reduce(
    (sum, table) => sum + table.cells.filter((cell) => isPrimarySensitive(table, cell, policy)).length,
    0,
  );
  const visibility = computeVisibility(data);
  let perTable = 0;
  for (const entry of questions) {
    for (const type of entry.types) {
      const groups = computeQuestionFigures(
        data,
        visibility,
        { ...entry, types: [type] },
        {
          minimumRespondents: threshold,
        },
      );
      perTable += groups.filter((group) => group.suppressed).length;
    }
  }
  const { suppressed, audit } = await protectLinkedSet(tables, policy);
  const measured: Measured = {
    label,
    cells,
    plain,
    perTable,
    linked: suppressed.size,
    seconds: audit.seconds,
    isPassed: audit.isPassed,
    smallestRange: audit.smallestRange,
    fallbacks: audit.fallbackComponents,
  };
  console.log(JSON.stringify({ ...measured, solves: audit.solves, failures: audit.failures.slice(0, 5) }));
  return measured;
}

async function measureDemoRound(): Promise<Measured> {
  const folder = mkdtempSync(join(tmpdir(), 'lagesbild-bench-disclosure-'));
  const handle = openDatabase({ dialect: 'sqlite', file: join(folder, 'bench.sqlite') }, { auditKey: benchAuditKey });
  try {
    await migrateToLatest(handle.db);
    const clock = createFixedClock(new Date('2026-03-01T08:00:00.000Z'));
    await seedShippedQuestionnaires(handle.db, clock);
    await createDemo(handle.db, clock, { userId: null, label: 'bench' });
    const { tables, data, questions } = await loadRoundLinkedSet(handle.db, '2023');
    // As the demo round would be published: with the national exemptions its publisher set.
    const exempt = (await listExemptableQuestions(handle.db, '2023')).filter((question) => question.isExempt);
    const keys = exempt.map((question) => question.key);
    return await measure('demo 2023 (311 organisations)', data, questions, tables, keys);
  } finally {
    await handle.destroy();
    rmSync(folder, { recursive: true, force: true });
  }
}

const municipalityGroups = ['A1', 'A2', 'B3', 'B4', 'B5', 'C6', 'C7', 'C8', 'C9'];

/** The benchmark round of bench/results.ts in memory: 10,000 kommuner, 60 questions, 5 follow-ups. */
function fabricateLargeRound(): { data: RoundData; questions: RoundQuestion[] } {
  const text = (key: string) => ({ sv: `Fråga ${key}?`, en: `Question ${key}?` });
  const questionList: Question[] = [];
  for (let index = 1; index <= 60; index += 1) {
    const key = `q${index}`;
    const base = { key, text: text(key), required: false, mapping: {} };
    if (index <= 30) questionList.push({ ...base, type: 'yes_no' });
    else if (index <= 45) questionList.push({ ...base, type: 'yes_partly_no' });
    else if (index <= 50) {
      const options = ['a', 'b', 'c', 'd'].map((code) => ({ code, label: { sv: code, en: code } }));
      questionList.push({ ...base, type: 'single_choice', options });
    } else {
      const showIf = index <= 55 ? { showIf: { question: `q${index - 50}`, equals: 'yes' } } : {};
      questionList.push({ ...base, type: 'integer', min: 0, max: 100_000, ...showIf });
    }
  }
  const version: QuestionnaireVersion = {
    id: 'bench-60',
    title: { sv: 'Benchmark', en: 'Benchmark' },
    year: 2031,
    targets: ['kommun'],
    sections: [{ key: 'bench', title: text('bench'), intro: text('bench'), questions: questionList }],
  };
  const population: PopulationMember[] = [];
  const answers = new Map<string, Record<string, string | number>>();
  for (let index = 0; index < 10_000; index += 1) {
    const code = `k${String(index).padStart(5, '0')}`;
    const municipalityGroup = municipalityGroups[index % 9] ?? 'A1';
    population.push({
      code,
      type: 'kommun',
      municipalityGroup,
      mainGroup: municipalityGroup.slice(0, 1),
      countyCode: String(1 + (index % 21)).padStart(2, '0'),
    });
    const record: Record<string, string | number> = {};
    for (const question of questionList) {
      const random = seededRandom(code, question.key);
      if (random < 0.03) continue;
      if (question.showIf && 'question' in question.showIf && record[question.showIf.question] !== 'yes') continue;
      if (question.type === 'yes_no') record[question.key] = random < 0.6 ? 'yes' : 'no';
      else if (question.type === 'yes_partly_no')
        record[question.key] = random < 0.4 ? 'yes' : random < 0.7 ? 'partly' : 'no';
      else if (question.type === 'single_choice')
        record[question.key] = ['a', 'b', 'c', 'd'][Math.floor(random * 4)] ?? 'a';
      else record[question.key] = Math.round(random * 5000);
    }
    answers.set(code, record);
  }
  const data: RoundData = { population, versions: { kommun: version, region: null }, answers };
  return { data, questions: listRoundQuestions(data.versions) };
}

async function measureLargeRound(): Promise<Measured> {
  const { data, questions } = fabricateLargeRound();
  const tables = buildLinkedTables(data, computeVisibility(data), questions);
  return measure('bench round (10,000 kommuner, 60 questions)', data, questions, tables);
}

const results = [await measureDemoRound()];
if (process.env.BENCH_DISCLOSURE_LARGE !== '0') results.push(await measureLargeRound());
for (const result of results) {
  printSummaryFigure({
    scenario: `Disclosure control, ${result.label}`,
    figure: `${result.seconds.toFixed(1)} s; ${result.linked} of ${result.cells} cells suppressed (per-cell rule ${result.plain}, per-table ${result.perTable}); audit ${result.isPassed ? 'passed' : 'FAILED'}`,
    target: '< 10 s for 311 organisations; <= 1.25 x per-table cells',
    isMet: result.isPassed && result.linked <= 1.25 * result.perTable && (result.cells > 20_000 || result.seconds < 10),
  });
}
