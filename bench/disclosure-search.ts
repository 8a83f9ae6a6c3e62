/**
 * How far the demo round's suppression pattern is from the fewest cells the attacker's audit allows, per component
 * of the linked set: `node --import tsx bench/disclosure-search.ts`. Never part of `npm test` or `npm run bench` (it
 * runs for half an hour or more); BENCHMARKS.md (issue 13) has its figures.
 *
 * Per component it searches the patterns that meet the secondary suppression's cover constraints, fewest cells first
 * (HiGHS, a count of cells as the objective), and audits each with the product's audit (`auditComponent`, the same
 * exact organisation model). A pattern the audit refuses is cut off with every pattern that must fail for the same
 * reason: a leak about a primary cell or an organisation's answer stays a leak when fewer cells are suppressed, so
 * one more cell outside the pattern is needed; a complementary cell pinned down may be published instead, so the cut
 * also admits patterns without it. Each solve's optimum is a lower bound on any passing pattern smaller than the best
 * found; when none is left, the best one is the fewest.
 *
 *   BENCH_SEARCH_NATIONAL=1     national figures may be suppressed too (by default a component's national figures stay
 *                               as the product's pattern has them: the product counts a national figure as costly as
 *                               all its groups together, since most readers read it)
 *   BENCH_SEARCH_STRICT=1       only the cover constraints that every passing pattern meets (each relation's lone
 *                               suppressed cell, follow-ups with their parent, zeros): a bound that does not rest on
 *                               the protection intervals' cover constraints
 *   BENCH_SEARCH_STEPS=800  BENCH_SEARCH_SECONDS=90   limits per component
 *   BENCH_SEARCH_ONLY=TABLE_ID  one component (by its first table's id)
 */
import { type AuditFailure, auditComponent } from '../src/disclosure/attacker-audit.ts';
import { createDisclosurePolicy, type DisclosurePolicy } from '../src/disclosure/disclosure-policy.ts';
import { LinearProgram, LoadedProgram } from '../src/disclosure/linear-program.ts';
import { type Component, cellKey, splitComponents } from '../src/disclosure/linked-set.ts';
import { isPrimarySensitive } from '../src/disclosure/primary-rules.ts';
import { isKnownEmpty, protectLinkedSet } from '../src/disclosure/protect-linked-set.ts';
import { buildConstraints, costOf, indexComponent } from '../src/disclosure/secondary-suppression.ts';
import { benchThreshold, loadDemoLinkedSet } from './demo-linked-set.ts';

const mayHideNational = process.env.BENCH_SEARCH_NATIONAL === '1';
const isStrict = process.env.BENCH_SEARCH_STRICT === '1';
const maxSteps = Number(process.env.BENCH_SEARCH_STEPS ?? 800);
const maxSeconds = Number(process.env.BENCH_SEARCH_SECONDS ?? 90);
const only = process.env.BENCH_SEARCH_ONLY;

type Row = { lower: number; terms: [number, number][] };

interface Searched {
  product: number;
  productLoss: number;
  best: number;
  bestLoss: number;
  lower: number;
  isProven: boolean;
  steps: number;
  audits: number;
  seconds: number;
}

async function searchComponent(component: Component, policy: DisclosurePolicy): Promise<Searched | null> {
  const { cells, find } = indexComponent(component);
  const empty = new Set(cells.filter(({ table, cell }) => isKnownEmpty(table, cell)).map(({ index }) => index));
  const primary = new Set(
    cells
      .filter(({ table, cell, index }) => !empty.has(index) && isPrimarySensitive(table, cell, policy))
      .map(({ index }) => index),
  );
  if (primary.size === 0) return null;
  const { suppressed: keys } = await protectLinkedSet(component.tables, policy);
  const product = new Set(
    cells
      .filter(({ table, cell, index }) => !empty.has(index) && keys.has(cellKey(table.id, cell.groupId)))
      .map(({ index }) => index),
  );
  const loss = (pattern: ReadonlySet<number>) =>
    cells.reduce((sum, cell) => sum + (pattern.has(cell.index) ? costOf(cell) : 0), 0);
  /** Cells the search may suppress. */
  const isFree = (index: number) => {
    const entry = cells[index];
    if (entry === undefined || empty.has(index)) return false;
    return mayHideNational || !entry.cell.isNational || product.has(index);
  };
  const constraints: Row[] = buildConstraints(component, primary, policy).filter(
    (constraint) => !isStrict || constraint.lower === 0,
  );
  const cuts: Row[] = [];
  /**
   * Whether some failure stays in every pattern inside this one (a leak about a primary cell or an organisation's
   * answer), and otherwise the complementary cells whose own figures failed (they may pass once published).
   */
  const classify = (failures: readonly AuditFailure[], pattern: ReadonlySet<number>) => {
    const complementary = new Set<number>();
    for (const failure of failures) {
      const isAboutCell =
        failure.check === 'range' || failure.check === 'determined' || failure.detail.includes('suppressed count');
      const cell = isAboutCell ? find(failure.tableId, failure.groupId) : undefined;
      if (cell === undefined || primary.has(cell.index) || !pattern.has(cell.index)) {
        return { staysFailed: true, complementary };
      }
      complementary.add(cell.index);
    }
    return { staysFailed: false, complementary };
  };
  const everyCell = cells.map((cell): [number, number] => [cell.index, 1]);
  let best = product;
  let lower = primary.size;
  let steps = 0;
  let audits = 0;
  let isProven = false;
  const started = performance.now();
  while (steps < maxSteps && (performance.now() - started) / 1000 < maxSeconds) {
    steps += 1;
    const program = new LinearProgram();
    for (const cell of cells) program.addColumn(primary.has(cell.index) ? 1 : 0, isFree(cell.index) ? 1 : 0, true);
    for (const row of [...constraints, ...cuts]) program.addRow(row.lower, Number.POSITIVE_INFINITY, row.terms);
    program.addRow(0, best.size - 1, everyCell);
    const loaded = await LoadedProgram.load(program, { isInteger: true, timeLimitSeconds: 30 });
    const solution = (() => {
      try {
        return loaded.solve(everyCell, 'minimise');
      } finally {
        loaded.dispose();
      }
    })();
    if (solution.status === 'infeasible') {
      lower = best.size;
      isProven = true;
      break;
    }
    if (solution.status !== 'optimal') throw new Error(`The search's solve ended ${solution.status}.`);
    lower = Math.max(lower, Math.round(solution.objective));
    const pattern = new Set(cells.filter((cell) => (solution.values[cell.index] ?? 0) > 0.5).map(({ index }) => index));
    audits += 1;
    const audit = await auditComponent(component, pattern, policy, { stopsAtFirstFailure: true });
    const failures = [...audit.failures, ...audit.unrefuted];
    if (failures.length === 0) {
      best = pattern;
      continue;
    }
    const { staysFailed, complementary } = classify(failures, pattern);
    if (staysFailed) {
      // Every pattern inside one that fails for good fails too: grow the failing pattern cell by cell while it still
      // fails for good, so that the cut excludes all patterns inside the grown one.
      for (const { index } of cells) {
        if (pattern.has(index) || !isFree(index)) continue;
        pattern.add(index);
        audits += 1;
        const trial = await auditComponent(component, pattern, policy, { stopsAtFirstFailure: true });
        if (!classify([...trial.failures, ...trial.unrefuted], pattern).staysFailed) pattern.delete(index);
      }
    }
    const terms = cells
      .filter(({ index }) => !pattern.has(index) && isFree(index))
      .map(({ index }): [number, number] => [index, 1]);
    if (staysFailed) cuts.push({ lower: 1, terms });
    else
      cuts.push({
        lower: 1 - complementary.size,
        terms: [...terms, ...[...complementary].map((index): [number, number] => [index, -1])],
      });
  }
  return {
    product: product.size,
    productLoss: loss(product),
    best: best.size,
    bestLoss: loss(best),
    lower,
    isProven,
    steps,
    audits,
    seconds: (performance.now() - started) / 1000,
  };
}

const { tables, nationalExemptions } = await loadDemoLinkedSet();
const policy = createDisclosurePolicy(benchThreshold, nationalExemptions);
console.log(
  `Demo round 2023; national figures ${mayHideNational ? 'may be suppressed' : 'as the product has them'}; ` +
    `${isStrict ? 'only the cover constraints every passing pattern meets' : 'the cover constraints of the product'}; ` +
    `at most ${maxSteps} solves and ${maxSeconds} s per component.`,
);
console.log('component (first table)                    product  best  lower  loss product/best  status');
const total = { product: 0, best: 0, lower: 0, productLoss: 0, bestLoss: 0 };
for (const component of splitComponents(tables)) {
  const id = component.tables[0]?.id ?? '';
  if (only !== undefined && id !== only) continue;
  const searched = await searchComponent(component, policy);
  if (searched === null) continue;
  total.product += searched.product;
  total.best += searched.best;
  total.lower += searched.lower;
  total.productLoss += searched.productLoss;
  total.bestLoss += searched.bestLoss;
  const status = searched.isProven ? 'fewest' : 'limit';
  console.log(
    `${id.padEnd(42)} ${String(searched.product).padStart(7)} ${String(searched.best).padStart(5)} ${String(searched.lower).padStart(6)}  ${`${searched.productLoss}/${searched.bestLoss}`.padStart(16)}  ${status} (${searched.steps} solves, ${searched.audits} audits, ${searched.seconds.toFixed(1)} s)`,
  );
}
console.log(
  `total (cells with a primary cell in their component): product ${total.product}, best found ${total.best}, lower bound ${total.lower}; information lost (costOf) ${total.productLoss} against ${total.bestLoss}`,
);
