/**
 * Benchmark of reports: on the demo data (rounds 2019 and 2023, every kommun and region, published as the public
 * reads them), the time to render the national PDF per organisation type and to write the feedback PDFs of every organisation of round 2023 in bulk.
 * Targets on the 2-core machine: national PDF under 1.5 s, all feedback reports under 60 s.
 * Before the first timed PDF it runs the report warm-up exactly as `serve` does in the background after answering
 * the first coordinator (a national PDF is asked for from a coordinator's page); with --without-warm-up the first
 * timed PDF is the first of the process instead, including loading the chart and PDF libraries.
 * Run: node --import tsx bench/reports.ts [--without-warm-up]. Never part of npm test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFixedClock } from '../src/clock.ts';
import { openDatabase } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrator.ts';
import { ensureOrganisationRegistry } from '../src/organisations/organisations.service.ts';
import { seedShippedQuestionnaires } from '../src/questionnaires/questionnaires.service.ts';
import { publishRelease } from '../src/releases/releases.service.ts';
import { generateFeedbackReports } from '../src/reports/feedback.service.ts';
import { warmUpReportRendering } from '../src/reports/report-warm-up.ts';
import { createReportCache, loadNationalReportPdf } from '../src/reports/reports.service.ts';
import { createDemo } from '../src/results/demo.service.ts';
import { printSummaryFigure } from './harness.ts';
import { benchAuditKey } from './respondent-fixture.ts';

const folder = mkdtempSync(join(tmpdir(), 'lagesbild-bench-reports-'));
const handle = openDatabase({ dialect: 'sqlite', file: join(folder, 'bench.sqlite') }, { auditKey: benchAuditKey });
const clock = createFixedClock(new Date('2026-03-01T08:00:00Z'));
const actor = { userId: null, label: 'bench' };
try {
  await migrateToLatest(handle.db);
  await ensureOrganisationRegistry(handle.db, clock);
  // The questionnaire versions live in the database (issue 17); `serve` seeds the shipped ones at start-up.
  await seedShippedQuestionnaires(handle.db, clock);
  let started = performance.now();
  await createDemo(handle.db, clock, actor);
  console.log(`demo data created in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  // The public reads a published round: its figures frozen as a release, whose rendered PDF the cache keeps. An
  // unpublished round is a coordinator's live view, computed and rendered afresh on every request (never cached).
  started = performance.now();
  for (const label of ['2019', '2023']) {
    await publishRelease(handle.db, clock, { label, embargoUntil: null, errata: null, minimumRespondents: 5, actor });
  }
  console.log(`demo rounds published in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  console.log(`machine: ${cpus().length} cores, Node ${process.version}`);
  const isWarmedUp = !process.argv.includes('--without-warm-up');
  if (isWarmedUp) {
    const milliseconds = await warmUpReportRendering();
    console.log(
      `report warm-up, as \`serve\` runs it after answering the first coordinator: ${milliseconds.toFixed(0)} ms`,
    );
  } else {
    console.log('no report warm-up: the first PDF below is the first of the process');
  }

  for (const type of ['kommun', 'region'] as const) {
    const times: number[] = [];
    let pages = 0;
    // Each cold run uses a fresh cache (rendered from scratch); the last run hits the cache of the one before.
    let cache = createReportCache();
    for (let run = 0; run < 4; run += 1) {
      if (run < 3) cache = createReportCache();
      started = performance.now();
      const { pdf } = await loadNationalReportPdf(handle.db, clock, cache, {
        label: '2023',
        type,
        reader: { isCoordinator: false },
        minimumRespondents: 5,
        language: 'sv',
      });
      times.push(performance.now() - started);
      pages = (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
    }
    const [first = 0, second = 0, third = 0, cached = 0] = times;
    console.log(
      `national PDF (${type}, ${pages} pages): cold ${first.toFixed(0)} / ${second.toFixed(0)} / ${third.toFixed(0)} ms, cached ${cached.toFixed(0)} ms (target < 1500 ms)`,
    );
    printSummaryFigure({
      scenario: `national PDF (${type}${isWarmedUp ? '' : ', no warm-up'})`,
      figure: `first ${first.toFixed(0)} ms, then ${second.toFixed(0)} / ${third.toFixed(0)} ms`,
      target: '< 1500 ms',
      isMet: Math.max(first, second, third) < 1500,
    });
  }

  const out = join(folder, 'feedback');
  const { mkdir } = await import('node:fs/promises');
  await mkdir(out);
  started = performance.now();
  const { count } = await generateFeedbackReports(handle.db, clock, {
    label: '2023',
    language: 'sv',
    minimumRespondents: 5,
    write: (fileName, pdf) => writeFile(join(out, fileName), pdf),
    actor,
  });
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `feedback PDFs: ${count} in ${seconds.toFixed(1)} s, ${((seconds * 1000) / count).toFixed(0)} ms each (target < 60 s)`,
  );
  printSummaryFigure({
    scenario: `feedback PDFs (${count})`,
    figure: `${seconds.toFixed(1)} s`,
    target: '< 60 s',
    isMet: seconds < 60,
  });
} finally {
  await handle.destroy();
  rmSync(folder, { recursive: true, force: true });
}
