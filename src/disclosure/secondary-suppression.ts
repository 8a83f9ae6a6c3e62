/**
 * Secondary (complementary) suppression for one component of the linked set, chosen at minimum information loss
 * by a mixed-integer programme (HiGHS), with the greedy method as the documented fallback when the solver runs
 * out of time.
 *
 * One binary per cell: 1 = suppressed. The programme minimises the information lost (see costOf), subject to:
 * 1. No lone suppressed cell in a relation: in every "parent = sum of children", a suppressed member needs another
 *    suppressed member, else it is the difference of published figures.
 * 2. A follow-up is suppressed wherever its parent question is: its submitted count is the parent's count of the
 *    triggering answers.
 * 3. Protection of every primary cell within each of its relations: the other suppressed members bring enough
 *    respondents to reach the threshold, enough other answers than the cell's most common one, and, for every
 *    answer nobody in the cell gave, somebody who gave it (else that zero follows from the relation).
 * 4. The same for a zero of a complementary cell, when it is suppressed (see guardZeros).
 * The audit then checks the result exactly; these constraints are what makes it pass without a repair loop, in most
 * components (not where a count other than a zero is pinned by the groups above and below it).
 */
import type { DisclosurePolicy } from './disclosure-policy.ts';
import { LinearProgram, LoadedProgram } from './linear-program.ts';
import type { Component, LinkedCell, LinkedTable } from './linked-set.ts';
import { largestCount } from './primary-rules.ts';

/** One cell of a component with its position, so that binaries and lookups share one numbering. */
export interface IndexedCell {
  index: number;
  table: LinkedTable;
  cell: LinkedCell;
}

/** A linear constraint over the cells' suppression binaries: sum(coefficient * y) >= lower. */
interface CoverConstraint {
  lower: number;
  terms: [number, number][];
}

/** How a component's pattern was found. */
export type SuppressionMethod = 'optimal' | 'greedy-fallback' | 'none-needed';

/** Numbers every cell of a component. */
export function indexComponent(component: Component): {
  cells: IndexedCell[];
  find: (tableId: string, groupId: string) => IndexedCell | undefined;
} {
  const cells: IndexedCell[] = [];
  // By table, then group: the audits look cells up in their inner loops, where a joined key is garbage each time.
  const byTable = new Map<string, Map<string, IndexedCell>>();
  for (const table of component.tables) {
    const byGroup = byTable.get(table.id) ?? new Map<string, IndexedCell>();
    byTable.set(table.id, byGroup);
    for (const cell of table.cells) {
      const entry = { index: cells.length, table, cell };
      cells.push(entry);
      byGroup.set(cell.groupId, entry);
    }
  }
  return { cells, find: (tableId, groupId) => byTable.get(tableId)?.get(groupId) };
}

/** Builds the cover constraints (1 to 3 above) of a component. */
export function buildConstraints(
  component: Component,
  primary: ReadonlySet<number>,
  policy: DisclosurePolicy,
): CoverConstraint[] {
  const { cells, find } = indexComponent(component);
  const constraints: CoverConstraint[] = [];
  for (const table of component.tables) {
    for (const relation of table.relations) {
      // A group where nobody submitted is known to be all zeros; it neither needs nor gives protection.
      const members = [relation.parentId, ...relation.childIds].flatMap((id) => {
        const found = find(table.id, id);
        return found === undefined || (table.trigger === null && found.cell.submitted === 0) ? [] : [found];
      });
      const parent = members.find((member) => member.cell.groupId === relation.parentId);
      if (parent === undefined) continue;
      for (const member of members) {
        const others = members.filter((other) => other !== member);
        // y_member <= sum of the others' y, written as sum(others) - y_member >= 0.
        constraints.push({
          lower: 0,
          terms: [[member.index, -1], ...others.map((o): [number, number] => [o.index, 1])],
        });
        if (member === parent) continue;
        if (primary.has(member.index)) constraints.push(...protectPrimary(table, member, parent, others, policy));
        else constraints.push(...guardZeros(table, member, parent, others, false));
      }
    }
    if (table.trigger !== null) {
      for (const cell of table.cells) {
        const parent = find(table.trigger.parentTableId, cell.groupId);
        const own = find(table.id, cell.groupId);
        if (parent !== undefined && own !== undefined) {
          constraints.push({
            lower: 0,
            terms: [
              [own.index, 1],
              [parent.index, -1],
            ],
          });
        }
      }
    }
  }
  // A constraint that even suppressing every other member cannot meet asks for what can be had; the audit judges
  // the rest (and reports the cell, which then keeps the release from being published).
  return constraints.flatMap((constraint) => {
    const reachable = constraint.terms.reduce((sum, [, coefficient]) => sum + Math.max(0, coefficient), 0);
    const lower = Math.min(constraint.lower, reachable);
    return constraint.terms.length > 0 && cells.length > 0 && (lower > 0 || constraint.lower === 0)
      ? [{ lower, terms: constraint.terms }]
      : [];
  });
}

/** Constraints 3: what the other suppressed members of one relation must bring to protect a primary cell. */
function protectPrimary(
  table: LinkedTable,
  member: IndexedCell,
  parent: IndexedCell,
  others: readonly IndexedCell[],
  policy: DisclosurePolicy,
): CoverConstraint[] {
  const own = member.cell;
  // The parent stands for everything in it but the cell itself.
  const rest = (other: IndexedCell, value: (cell: LinkedCell) => number): number =>
    other === parent ? value(other.cell) - value(own) : value(other.cell);
  const constraints: CoverConstraint[] = [];
  const respondentsNeeded = policy.minimumRespondents - own.respondents;
  if (respondentsNeeded > 0) {
    constraints.push({
      lower: respondentsNeeded,
      terms: others.map((other) => [
        other.index,
        Math.max(
          0,
          rest(other, (cell) => cell.respondents),
        ),
      ]),
    });
  }
  if (table.kind === 'number') return constraints;
  if (table.kind === 'single-choice') {
    const dominant = table.codes.find((code) => (own.counts[code] ?? 0) === largestCount(own)) ?? '';
    const otherAnswers = (cell: LinkedCell) => cell.respondents - (cell.counts[dominant] ?? 0);
    const needed = policy.minimumOtherAnswers - otherAnswers(own);
    if (needed > 0) {
      constraints.push({
        lower: needed,
        terms: others.map((other) => [other.index, Math.min(needed, Math.max(0, rest(other, otherAnswers)))]),
      });
    }
  }
  constraints.push(...guardZeros(table, member, parent, others, true));
  return constraints;
}

/**
 * Constraints 4: a zero of a suppressed cell. Within a relation whose parent is published, the suppressed members'
 * counts of an answer add up to a published difference, so when none of them gave the answer, each one's zero follows.
 * Another suppressed member that gave it, or the suppressed parent (whose own count is then guarded in the relation
 * above it), keeps it open. A primary cell needs this always; any other cell only when it is suppressed:
 * sum(guards) - y_member >= 0. A zero the national figure publishes is known of every group and needs nothing.
 */
function guardZeros(
  table: LinkedTable,
  member: IndexedCell,
  parent: IndexedCell,
  others: readonly IndexedCell[],
  isPrimary: boolean,
): CoverConstraint[] {
  const own = member.cell;
  const national = table.cells.find((cell) => cell.isNational);
  if (national === undefined) return [];
  const constraints: CoverConstraint[] = [];
  for (const code of table.codes) {
    const count = (cell: LinkedCell) => cell.counts[code] ?? 0;
    const notChosen = (cell: LinkedCell) => cell.respondents - count(cell);
    const guards = table.kind === 'multiple-choice' ? [count, notChosen] : [count];
    for (const guard of guards) {
      if (guard(own) > 0 || guard(national) <= 0) continue;
      const terms = others.map((other): [number, number] => [
        other.index,
        other === parent || guard(other.cell) > 0 ? 1 : 0,
      ]);
      constraints.push(isPrimary ? { lower: 1, terms } : { lower: 0, terms: [[member.index, -1], ...terms] });
    }
  }
  return constraints;
}

/**
 * Chooses the suppressed cells of a component: the primary cells and a least costly set of complementary cells
 * that satisfies every cover constraint. Returns the indexes suppressed and how they were found.
 */
export async function chooseSuppression(
  component: Component,
  primary: ReadonlySet<number>,
  policy: DisclosurePolicy,
  options: { timeLimitSeconds: number; forced?: ReadonlySet<number> },
): Promise<{ suppressed: Set<number>; method: SuppressionMethod }> {
  const { cells } = indexComponent(component);
  const fixed = new Set([...primary, ...(options.forced ?? [])]);
  if (fixed.size === 0) return { suppressed: new Set(), method: 'none-needed' };
  const constraints = buildConstraints(component, primary, policy);
  const greedy = chooseGreedily(cells.length, fixed, constraints, cells);
  const program = new LinearProgram();
  for (const cell of cells) program.addColumn(fixed.has(cell.index) ? 1 : 0, 1, true);
  for (const constraint of constraints) program.addRow(constraint.lower, Number.POSITIVE_INFINITY, constraint.terms);
  const loaded = await LoadedProgram.load(program, { isInteger: true, timeLimitSeconds: options.timeLimitSeconds });
  try {
    const cost = cells.map((cell): [number, number] => [cell.index, costOf(cell)]);
    // Warm start from the greedy pattern, which satisfies every constraint, so the solver starts with an incumbent.
    const start = cells.map((cell) => (greedy.has(cell.index) ? 1 : 0));
    const solution = loaded.solve(cost, 'minimise', start);
    if (solution.status === 'optimal') {
      const suppressed = new Set(cells.filter((cell) => (solution.values[cell.index] ?? 0) > 0.5).map((c) => c.index));
      return { suppressed, method: 'optimal' };
    }
    return { suppressed: greedy, method: 'greedy-fallback' };
  } finally {
    loaded.dispose();
  }
}

/**
 * The fallback: while a constraint is unmet, suppress the published cell with the fewest respondents that
 * helps it. Always ends with every constraint met, since suppressing every cell meets them all.
 */
function chooseGreedily(
  size: number,
  fixed: ReadonlySet<number>,
  constraints: readonly CoverConstraint[],
  cells: readonly IndexedCell[],
): Set<number> {
  const suppressed = new Set(fixed);
  const value = (constraint: CoverConstraint) =>
    constraint.terms.reduce((sum, [index, coefficient]) => sum + (suppressed.has(index) ? coefficient : 0), 0);
  for (let pass = 0; pass <= size; pass += 1) {
    const unmet = constraints.find((constraint) => value(constraint) < constraint.lower);
    if (unmet === undefined) break;
    const candidates = unmet.terms
      .filter(([index, coefficient]) => coefficient > 0 && !suppressed.has(index))
      .map(([index]) => cells[index])
      .filter((cell): cell is IndexedCell => cell !== undefined)
      .sort((a, b) => a.cell.respondents - b.cell.respondents || a.index - b.index);
    const next = candidates[0];
    if (next === undefined) break;
    suppressed.add(next.index);
  }
  return suppressed;
}

/**
 * The information lost by suppressing a cell: the respondents it describes plus one (so that among empty-handed
 * choices fewer cells win), and a national figure as much again as it has groups, since most readers read it.
 */
export function costOf({ cell, table }: IndexedCell): number {
  return cell.respondents + 1 + (cell.isNational ? table.cells.length : 0);
}
