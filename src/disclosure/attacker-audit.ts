/**
 * The attacker's audit: for every suppressed cell, the smallest and largest value of each of its numbers that is
 * consistent with everything published (published figures fixed, unknown ones free within the group's public
 * size, and every relation: group sums, answers adding up to respondents, respondents plus item non-response
 * equal to the submitted count, a follow-up's submitted count equal to its parent's triggering answers). A cell
 * passes when each range is at least the protection interval, and no organisation's answer is determined, also
 * not for a member of the group that knows its own answer (its feedback report shows it beside the group's "..").
 *
 * Linear programmes on HiGHS, one model per component re-solved with one objective after another. Integer where
 * it matters: a bound whose optimum is fractional is solved again as an integer programme. A check that some
 * feasible solution already meets (the true figures, or an integral optimum of an earlier solve) needs no solve.
 */
import type { DisclosurePolicy } from './disclosure-policy.ts';
import { LinearProgram, LoadedProgram } from './linear-program.ts';
import type { Component, LinkedCell, LinkedTable } from './linked-set.ts';
import { auditOrganisations } from './organisation-audit.ts';
import { indexComponent } from './secondary-suppression.ts';

/** What the audit found wrong with one suppressed cell. */
export interface AuditFailure {
  tableId: string;
  groupId: string;
  /**
   * `range`: a number is pinned down more narrowly than the interval; `determined`: members' answers follow;
   * `organisation`: one organisation's answer, or a count, follows when each organisation's answer is reasoned about.
   */
  check: 'range' | 'determined' | 'organisation';
  detail: string;
}

/** The audit of one component (or, summed, of a release). */
export interface AuditResult {
  cellsProtected: number;
  cellsSuppressed: number;
  /**
   * The smallest feasible range of a suppressed cell's answer count, as far as it was worked out (a range shown by
   * witnesses to reach the protection interval counts as the interval, one whose largest value alone reaches it as
   * that distance; a range narrower than the interval is exact); null when nothing was ranged.
   */
  smallestRange: number | null;
  failures: AuditFailure[];
  solves: number;
  /**
   * Claims about single organisations that the organisation audit found determined (see organisation-audit: its
   * exact model proves them; a solve that ran out of time counts as determined). Protection answers each with more
   * suppression where an exchange of answers shows which (`repairs`), then with the claim's whole table; a release
   * whose audit still has one is refused (`AuditSummary.isPassed`).
   */
  unrefuted: AuditFailure[];
  /** Published cells whose suppression would refute the unrefuted claims (indexes of the component). */
  repairs: Set<number>;
}

/** How a component is audited: by default every suppressed cell is checked, starting from the true figures. */
export interface AuditOptions {
  /**
   * False when some hidden cells' values are not known (an earlier version's answers that have changed since): the
   * cells' values are then no feasible solution, so every range is solved for and never read off them.
   */
  isTruthFeasible?: boolean;
  /** Only these suppressed cells are checked (the others are unknowns of the programme all the same). */
  checked?: ReadonlySet<number>;
  /** Largest organisation type audited organisation by organisation (organisation-audit.ts has the default). */
  organisationLimit?: number;
  /**
   * Cells (by cellKey) withheld as if a primary rule withheld them (the differences with earlier versions): the
   * organisation-level audit claims their counts for every insider too, not only for the public.
   */
  extraPrimary?: ReadonlySet<string>;
  /**
   * A trial pattern only asks whether it passes: the audit ends at its first failure, which it reports (what it left
   * unchecked is then neither a failure nor protected).
   */
  stopsAtFirstFailure?: boolean;
}

/** A cell's columns in the attacker's programme. */
interface CellColumns {
  respondents: number;
  itemNonResponse: number;
  /** Per answer code: how many gave it (choice) or chose it (multiple choice). */
  counts: Map<string, number>;
  /** Multiple choice: per option, how many did not choose it. */
  notChosen: Map<string, number>;
}

/** A linear expression over columns: pairs of column and coefficient. */
type Expression = [number, number][];

const tolerance = 1e-6;

/**
 * Audits one component with the given cells suppressed.
 * @throws {Error} when the published figures themselves are inconsistent (the true figures must be feasible).
 */
export async function auditComponent(
  component: Component,
  suppressed: ReadonlySet<number>,
  policy: DisclosurePolicy,
  options: AuditOptions = {},
): Promise<AuditResult> {
  const { cells, find } = indexComponent(component);
  const result: AuditResult = {
    cellsProtected: 0,
    cellsSuppressed: suppressed.size,
    smallestRange: null,
    failures: [],
    solves: 0,
    unrefuted: [],
    repairs: new Set(),
  };
  // Each organisation's answer, with the registry's cross-classification and insiders' own answers.
  const organisationAudit = await auditOrganisations(component, suppressed, policy, options);
  result.unrefuted = organisationAudit.failures;
  result.repairs = organisationAudit.repairs;
  if (suppressed.size === 0 || (options.stopsAtFirstFailure === true && result.unrefuted.length > 0)) return result;
  const program = new LinearProgram();
  const truth: number[] = [];
  const column = (value: number, isHidden: boolean, upper: number): number => {
    truth.push(value);
    return isHidden ? program.addColumn(0, upper) : program.addColumn(value, value);
  };
  const columns: CellColumns[] = cells.map(({ table, cell, index }) => {
    const isHidden = suppressed.has(index);
    const upper = cell.population;
    const counts = new Map<string, number>();
    const notChosen = new Map<string, number>();
    const entry: CellColumns = {
      respondents: column(cell.respondents, isHidden, upper),
      itemNonResponse: column(cell.submitted - cell.respondents, isHidden, upper),
      counts,
      notChosen,
    };
    if (table.kind === 'number') return entry;
    for (const code of table.codes) {
      const count = cell.counts[code] ?? 0;
      counts.set(code, column(count, isHidden, upper));
      if (table.kind === 'multiple-choice') notChosen.set(code, column(cell.respondents - count, isHidden, upper));
    }
    return entry;
  });
  const columnsOf = (tableId: string, groupId: string): CellColumns | undefined => {
    const found = find(tableId, groupId);
    return found === undefined ? undefined : columns[found.index];
  };
  addRelations(program, component, columns, columnsOf);

  const loaded = await LoadedProgram.load(program, { isInteger: false });
  const allColumns = truth.map((_, index) => index);
  const witnesses: Float64Array[] = options.isTruthFeasible === false ? [] : [Float64Array.from(truth)];
  const evaluate = (expression: Expression, values: Float64Array) =>
    expression.reduce((sum, [index, coefficient]) => sum + coefficient * (values[index] ?? 0), 0);
  const isIntegral = (values: Float64Array) => values.every((value) => Math.abs(value - Math.round(value)) < tolerance);
  /** The optimum of an expression, integer where the linear optimum is fractional. */
  const optimise = (expression: Expression, sense: 'minimise' | 'maximise'): number => {
    result.solves += 1;
    let solution = loaded.solve(expression, sense);
    if (solution.status === 'optimal' && !isIntegral(solution.values)) {
      loaded.setIntegrality(allColumns, true);
      result.solves += 1;
      solution = loaded.solve(expression, sense);
      loaded.setIntegrality(allColumns, false);
    }
    if (solution.status !== 'optimal') throw new Error(`the attacker's programme has no optimum (${solution.status})`);
    if (isIntegral(solution.values)) witnesses.push(solution.values);
    return Math.round(evaluate(expression, solution.values));
  };
  /** Some feasible integral solution reaches at least (sense max) or at most (sense min) the value. */
  const hasWitness = (expression: Expression, sense: 'minimise' | 'maximise', value: number) =>
    witnesses.some((values) => {
      const reached = evaluate(expression, values);
      return sense === 'maximise' ? reached >= value - tolerance : reached <= value + tolerance;
    });

  try {
    for (const { table, cell, index } of cells) {
      if (options.stopsAtFirstFailure === true && result.failures.length > 0) break;
      if (!suppressed.has(index) || (options.checked !== undefined && !options.checked.has(index))) continue;
      const own = columns[index];
      if (own === undefined) continue;
      const { failures, smallestRange } = checkCell(table, cell, own, find, policy, suppressed, {
        optimise,
        hasWitness,
        loaded,
        witnesses,
      });
      if (smallestRange !== null) result.smallestRange = Math.min(result.smallestRange ?? smallestRange, smallestRange);
      result.failures.push(...failures);
      if (failures.length === 0) result.cellsProtected += 1;
    }
  } finally {
    loaded.dispose();
  }
  return result;
}

interface Solver {
  optimise: (expression: Expression, sense: 'minimise' | 'maximise') => number;
  hasWitness: (expression: Expression, sense: 'minimise' | 'maximise', value: number) => boolean;
}

/**
 * The width of an expression's feasible range, solved only as far as needed: once known witnesses show a range of
 * at least `enough` around the true value, that is returned; once the largest value alone is `enough` above the true
 * one, that distance is (a range the smallest value can only widen). Only a range narrower than `enough` is solved
 * on both sides, so a failure reports it exactly.
 */
function rangeOf(expression: Expression, trueValue: number, enough: number, solver: Solver): number {
  for (let below = 0; below <= enough; below += 1) {
    const above = enough - below;
    if (
      solver.hasWitness(expression, 'minimise', trueValue - below) &&
      solver.hasWitness(expression, 'maximise', trueValue + above)
    ) {
      return enough;
    }
  }
  const largest = solver.optimise(expression, 'maximise');
  if (largest - trueValue >= enough) return largest - trueValue;
  return largest - solver.optimise(expression, 'minimise');
}

function checkCell(
  table: LinkedTable,
  cell: LinkedCell,
  own: CellColumns,
  find: ReturnType<typeof indexComponent>['find'],
  policy: DisclosurePolicy,
  suppressed: ReadonlySet<number>,
  solver: Solver & { loaded: LoadedProgram; witnesses: Float64Array[] },
): { failures: AuditFailure[]; smallestRange: number | null } {
  const failures: AuditFailure[] = [];
  let smallestRange: number | null = null;
  const fail = (check: AuditFailure['check'], detail: string) =>
    failures.push({ tableId: table.id, groupId: cell.groupId, check, detail });
  // A number's quartiles do not add up, so nothing links a suppressed one to what is published; its respondents may
  // well be known (submitted counts are public) without telling anything of the answers.
  if (table.kind === 'number') return { failures, smallestRange };
  const national = table.cells.find((candidate) => candidate.isNational);
  const nationalFound = national === undefined ? undefined : find(table.id, national.groupId);
  for (const code of table.codes) {
    const column = own.counts.get(code);
    if (column === undefined) continue;
    // A zero the national figure publishes is known of every group; that is the national figure's disclosure.
    // (Only a published one: a withheld national zero, say in a later version, leaves the groups' counts to check.)
    if (
      nationalFound !== undefined &&
      national !== undefined &&
      !suppressed.has(nationalFound.index) &&
      (national.counts[code] ?? 0) === 0
    ) {
      continue;
    }
    const range = rangeOf([[column, 1]], cell.counts[code] ?? 0, policy.protectionInterval, solver);
    smallestRange = Math.min(smallestRange ?? range, range);
    if (range < policy.protectionInterval) fail('range', `the count of "${code}" lies within a range of ${range}`);
  }
  // Answers as partitions of the respondents: one for a single choice, one (chose / did not) per option otherwise.
  const partitions: { label: string; parts: { label: string; column: number; value: number }[] }[] =
    table.kind === 'single-choice'
      ? [
          {
            label: 'answer',
            parts: table.codes.flatMap((code) => {
              const column = own.counts.get(code);
              return column === undefined ? [] : [{ label: code, column, value: cell.counts[code] ?? 0 }];
            }),
          },
        ]
      : table.codes.flatMap((code) => {
          const chosen = own.counts.get(code);
          const notChosen = own.notChosen.get(code);
          if (chosen === undefined || notChosen === undefined) return [];
          const count = cell.counts[code] ?? 0;
          return [
            {
              label: code,
              parts: [
                { label: `${code} chosen`, column: chosen, value: count },
                { label: `${code} not chosen`, column: notChosen, value: cell.respondents - count },
              ],
            },
          ];
        });
  // Nobody in the group answered: "every respondent gave X" is then true of every X and tells nothing of anyone (that
  // the group has no respondents is the submitted count's or the parent question's disclosure, checked there).
  if (cell.respondents === 0) return { failures, smallestRange };
  for (const partition of partitions) {
    for (const answer of partition.parts) {
      // Can everyone, or everyone but one insider, be shown to have given this answer? Maximise the others.
      const others: Expression = [
        [own.respondents, 1],
        [answer.column, -1],
      ];
      if (cell.respondents - answer.value >= 2) continue;
      // Anyone: did every respondent give this answer?
      if (!solver.hasWitness(others, 'maximise', 1) && solver.optimise(others, 'maximise') < 1) {
        fail('determined', `anyone can tell that every respondent gave "${answer.label}"`);
      }
      // A member that gave another answer, knowing its own: did all the others give this one? With a single
      // respondent there are no others to learn about.
      if (cell.respondents < 2) continue;
      for (const insider of partition.parts) {
        if (insider === answer || insider.value < 1) continue;
        if (solver.witnesses.some((values) => isInsiderWitness(values, others, insider.column, 2))) continue;
        if (maximiseWithInsider(solver, others, insider.column) < 2) {
          fail('determined', `a member that gave "${insider.label}" can tell that the others gave "${answer.label}"`);
        }
      }
    }
  }
  return { failures, smallestRange };
}

function isInsiderWitness(values: Float64Array, others: Expression, insiderColumn: number, needed: number): boolean {
  const value = others.reduce((sum, [index, coefficient]) => sum + coefficient * (values[index] ?? 0), 0);
  return (values[insiderColumn] ?? 0) >= 1 - tolerance && value >= needed - tolerance;
}

/** The largest value of an expression when the insider's own answer is known to be among the group's. */
function maximiseWithInsider(
  solver: Solver & { loaded: LoadedProgram },
  expression: Expression,
  insiderColumn: number,
): number {
  const restore = solver.loaded.raiseLowerBound(insiderColumn, 1);
  try {
    return solver.optimise(expression, 'maximise');
  } finally {
    restore();
  }
}

/** The attacker's rows: counts add up, submitted counts are known, groups add up, follow-ups match their parents. */
function addRelations(
  program: LinearProgram,
  component: Component,
  columns: readonly CellColumns[],
  columnsOf: (tableId: string, groupId: string) => CellColumns | undefined,
): void {
  let position = 0;
  for (const table of component.tables) {
    for (const cell of table.cells) {
      const own = columns[position];
      position += 1;
      if (own === undefined) continue;
      const answered: Expression = [
        [own.respondents, 1],
        [own.itemNonResponse, 1],
      ];
      const parent = table.trigger === null ? undefined : columnsOf(table.trigger.parentTableId, cell.groupId);
      const triggerCodes = table.trigger?.codes;
      if (table.trigger === null) {
        // Submitted counts are published as response rates for every group, suppressed or not.
        program.addRow(cell.submitted, cell.submitted, answered);
      } else if (parent !== undefined && triggerCodes !== null && triggerCodes !== undefined) {
        const triggering = triggerCodes.flatMap((code): [number, number][] => {
          const column = parent.counts.get(code);
          return column === undefined ? [] : [[column, -1]];
        });
        program.addRow(0, 0, [...answered, ...triggering]);
      }
      const counts = [...own.counts.values()];
      if (table.kind === 'single-choice' && counts.length > 0) {
        program.addRow(0, 0, [[own.respondents, -1], ...counts.map((column): [number, number] => [column, 1])]);
      }
      if (table.kind === 'multiple-choice') {
        for (const [code, chosen] of own.counts) {
          const notChosen = own.notChosen.get(code);
          if (notChosen === undefined) continue;
          program.addRow(0, 0, [
            [own.respondents, -1],
            [chosen, 1],
            [notChosen, 1],
          ]);
        }
      }
    }
    for (const relation of table.relations) {
      const parent = columnsOf(table.id, relation.parentId);
      const children = relation.childIds.flatMap((id) => {
        const found = columnsOf(table.id, id);
        return found === undefined ? [] : [found];
      });
      if (parent === undefined || children.length !== relation.childIds.length) continue;
      const pick = (entry: CellColumns): number[] => [
        entry.respondents,
        entry.itemNonResponse,
        ...entry.counts.values(),
        ...entry.notChosen.values(),
      ];
      const parentColumns = pick(parent);
      parentColumns.forEach((parentColumn, at) => {
        const terms: [number, number][] = [[parentColumn, -1]];
        for (const child of children) {
          const childColumn = pick(child)[at];
          if (childColumn !== undefined) terms.push([childColumn, 1]);
        }
        program.addRow(0, 0, terms);
      });
    }
  }
}
