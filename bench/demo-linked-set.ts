/**
 * The demo round of 2023 (311 organisations) as the linked table set its release would publish, built in a fresh
 * SQLite database in a temporary folder: what bench/disclosure.ts and bench/disclosure-search.ts protect.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFixedClock } from '../src/clock.ts';
import { openDatabase } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrator.ts';
import { seedShippedQuestionnaires } from '../src/questionnaires/questionnaires.service.ts';
import { createDemo } from '../src/results/demo.service.ts';
import { listExemptableQuestions } from '../src/results/disclosure-settings.service.ts';
import { loadRoundLinkedSet } from '../src/results/results.service.ts';
import { benchAuditKey } from './respondent-fixture.ts';

/** The suppression threshold both benches protect with: the product's default `SUPPRESSION_THRESHOLD`. */
export const benchThreshold = 5;

/** The round's linked set and figures, and the questions its publisher exempts at the national level. */
export async function loadDemoLinkedSet(): Promise<
  Awaited<ReturnType<typeof loadRoundLinkedSet>> & { nationalExemptions: string[] }
> {
  const folder = mkdtempSync(join(tmpdir(), 'lagesbild-bench-demo-'));
  const handle = openDatabase({ dialect: 'sqlite', file: join(folder, 'bench.sqlite') }, { auditKey: benchAuditKey });
  try {
    await migrateToLatest(handle.db);
    const clock = createFixedClock(new Date('2026-03-01T08:00:00.000Z'));
    await seedShippedQuestionnaires(handle.db, clock);
    await createDemo(handle.db, clock, { userId: null, label: 'bench' });
    const linkedSet = await loadRoundLinkedSet(handle.db, '2023');
    // As the demo round would be published: with the national exemptions its publisher set.
    const exempt = (await listExemptableQuestions(handle.db, '2023')).filter((question) => question.isExempt);
    return { ...linkedSet, nationalExemptions: exempt.map((question) => question.key) };
  } finally {
    await handle.destroy();
    rmSync(folder, { recursive: true, force: true });
  }
}
