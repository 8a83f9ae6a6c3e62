/**
 * The fewest cells that a suppression pattern of one component of a linked set can have and still pass the attacker's
 * audit: a search over the patterns that meet the secondary suppression's cover constraints, fewest cells first
 * (HiGHS, a count of cells as the objective), each audited with the product's audit (`auditComponent`, the same exact
 * organisation model). A pattern the audit refuses is cut off with every pattern that must fail for the same reason:
 * a leak about a primary cell or an organisation's answer stays a leak when fewer cells are suppressed, so one more
 * cell outside the pattern is needed; a complementary cell pinned down may be published instead, so the cut also
 * admits patterns without it. Each solve's optimum is a lower bound on any passing pattern smaller than the best
 * found; when none is left, the best one is the fewest. Used by bench/disclosure-search.ts (the whole search) and
 * bench/disclosure.ts (a shorter one, for the bound beside the product's count).
 */
import { type AuditFailure, auditComponent } from '../src/disclosure/attacker-audit.ts';
import type { DisclosurePolicy } from '../src/disclosure/disclosure-policy.ts';
import { LinearProgram, LoadedProgram } from '../src/disclosure/linear-program.ts';
import { type Component, cellKey } from '../src/disclosure/linked-set.ts';
import { isPrimarySensitive } from '../src/disclosure/primary-rules.ts';
import { isKnownEmpty } from '../src/disclosure/protect-linked-set.ts';
import { buildConstraints, costOf, indexComponent } from '../src/disclosure/secondary-suppression.ts';

/** How far one component's search goes, and which patterns it considers. */
export interface SearchLimits {
  maxSteps: number;
  maxSeconds: number;
  /** National figures may be suppressed too (else they stay as the product's pattern has them). */
  mayHideNational: boolean;
  /** Only the cover constraints that every passing pattern meets (else the product's own cover programme). */
  isStrict: boolean;
}

type Row = { lower: number; terms: [number, number][] };

export interface Searched {
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

/**
 * Searches one component for the fewest cells an audited pattern can have; `suppressed` holds the product's pattern
 * (cell keys, over any set of tables). Null when the component has no primary cell (nothing to suppress).
 */
export async function searchFewestCells(
  component: Component,
  policy: DisclosurePolicy,
  suppressed: ReadonlySet<string>,
  limits: SearchLimits,
): Promise<Searched | null> {
  const { mayHideNational, isStrict, maxSteps, maxSeconds } = limits;
  const { cells, find } = indexComponent(component);
  const empty = new Set(cells.filter(({ table, cell }) => isKnownEmpty(table, cell)).map(({ index }) => index));
  const primary = new Set(
    cells
      .filter(({ table, cell, index }) => !empty.has(index) && isPrimarySensitive(table, cell, policy))
      .map(({ index }) => index),
  );
  if (primary.size === 0) return null;
  const product = new Set(
    cells
      .filter(({ table, cell, index }) => !empty.has(index) && suppressed.has(cellKey(table.id, cell.groupId)))
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
