/**
 * The exact organisation-level model of one component (a question with its follow-ups, one organisation type): one
 * 0/1 column per organisation, table and state (each answer code and "left unanswered"; for multiple choice and
 * numbers "answered" too), with every cell's counts as rows over its organisations: fixed at the published figures
 * where the cell is published, free (an answer count: a column from nought to the population) where it is
 * suppressed. A feasible integer point is a set of answers that publishes exactly what was published: a witness
 * world. The organisation audit asks it for a world in which a claim fails, with some organisations kept at their own
 * answers (an insider knows its own), when its cheap exchanges of answers do not refute the claim. One model serves
 * every suppression of its component (the repair rounds, the pruning trials): a new suppression changes bounds only.
 *
 * Why integer solves: for one yes/no question the rows are the groups of two laminar families (län; kommungrupp
 * within main group within the nation) over the organisations, a totally unimodular matrix, so the linear
 * relaxation's vertices are integral. With three or more answers each organisation's "exactly one answer" couples
 * the families per answer: the 3-index planar transportation polytope, whose vertices can be fractional (a world
 * of halves where no world of answers exists). A linear relaxation's "not determined" would then be unsound, so
 * every solve is a MIP; HiGHS stops at the root when the relaxation's optimum is already integral, which is the
 * usual case.
 *
 * What the model assumes of the attacker, each at least what a real one knows: which organisations submitted (only
 * group counts are public; knowing more only makes the attacker stronger, and makes the components independent, so
 * that a world per component is a world of the whole release); every published count, respondents and item
 * non-response of a group; a follow-up shown exactly to the organisations whose answer to its parent is a triggering
 * one. A suppressed cell is unknown (one marker, no reason). Numbers are modelled by who answered them; their
 * published quartiles are not (as in the exchanges, and a suppressed small group has none).
 */
import { LinearProgram, LoadedProgram, type Solution } from './linear-program.ts';
import type { Component, LinkedTable } from './linked-set.ts';
import { type Answer, createWorld, type OrganisationClaim, type World } from './organisation-worlds.ts';

/** What a search for a world found: one, proof that there is none, or nothing in the time given. */
export type WorldSearch = { status: 'found'; world: World } | { status: 'none' } | { status: 'unknown' };

/** The integer model's objective: none, since it only asks whether a world exists. */
const noObjective: [number, number][] = [];
const answered = '~answered';
const skipped = '~skipped';

/** Longest solve for one world before the claim counts as not refuted. */
const solveSeconds = 2;

/** A cell's rows and count columns, whose bounds say whether it is published. */
interface CellBounds {
  tableId: string;
  groupId: string;
  /** Rows of its unanswered and answered counts: the published value, or free when suppressed. */
  valueRows: { row: number; value: number }[];
  /** Columns of its answer counts: the published value, or anything up to the population when suppressed. */
  countColumns: { column: number; value: number; population: number; members: number[] }[];
  /** Whether the true answers give its published figures (they always give its answer counts). */
  isFitting: boolean;
}

export class OrganisationModel {
  /** Solves run, for the audit's summary. */
  solves = 0;
  integerSolves = 0;
  /** The same model with integer columns, loaded when a relaxation's optimum is fractional. */
  private integer: LoadedProgram | null = null;
  /** The suppression the bounds describe (by `${tableId}|${groupId}`); null before the first. */
  private suppressed: Set<string> | null = null;

  private constructor(
    private readonly loaded: LoadedProgram,
    private readonly program: LinearProgram,
    private readonly truth: readonly number[],
    /** Every column's bounds under the current suppression, the permanently fixed ones at the truth. */
    private readonly lower: number[],
    private readonly upper: number[],
    private readonly cellBounds: ReadonlyMap<string, CellBounds>,
    private readonly columnOf: ReadonlyMap<string, number>,
    private readonly columnsByOrganisation: readonly (readonly number[])[],
    private readonly countColumns: ReadonlyMap<string, number>,
    /** Per count column, its members' columns of the code (the count is their sum). */
    private readonly countMembers: ReadonlyMap<number, readonly number[]>,
    private readonly objective: readonly [number, number][],
    private readonly stateOfColumn: readonly ({ table: LinkedTable; state: string } | undefined)[],
    private readonly tables: ReadonlyMap<string, LinkedTable>,
  ) {}

  /**
   * Builds the model of a component, every cell's figures as rows whose bounds say whether it is published, so that
   * one model serves every suppression of the component (publish() sets one); null when the component carries no
   * organisations, or its true answers do not give its answer counts (a hand-made set), so that only the exchanges
   * judge it.
   */
  static async build(component: Component): Promise<OrganisationModel | null> {
    const [first] = component.tables;
    const organisations = first?.organisations;
    if (organisations === undefined || component.tables.some((table) => table.answers === undefined)) return null;
    const byId = new Map(component.tables.map((table) => [table.id, table]));
    const program = new LinearProgram();
    const truth: number[] = [];
    const columnOf = new Map<string, number>();
    const columnsByOrganisation = organisations.map((): number[] => []);
    const stateOfColumn: ({ table: LinkedTable; state: string } | undefined)[] = [];
    const permanentlyFixed = new Set<number>();
    const rows: { lower: number; upper: number; terms: [number, number][] }[] = [];
    const addRow = (lower: number, upper: number, terms: [number, number][]) => {
      rows.push({ lower, upper, terms });
      return rows.length - 1;
    };
    const key = (table: LinkedTable, organisation: number, state: string) => `${table.id}|${organisation}|${state}`;
    /** Per table and state, each organisation's column (the sums over a group's members read these). */
    const stateColumns = new Map<string, Map<string, number[]>>();
    // Parents before their follow-ups, so that a follow-up's "shown" is written over its parent's columns.
    const ordered = orderByTrigger(component.tables);
    for (const table of ordered) {
      const parent = table.trigger === null ? undefined : byId.get(table.trigger.parentTableId);
      const shownBy = parent === undefined ? null : triggerStates(parent, table.trigger?.codes ?? null);
      if (parent !== undefined && shownBy === null) {
        // A condition that is no sum of the parent's states: the parent's answers stay as they are, so that the
        // follow-up is shown to the same organisations in every world.
        for (let organisation = 0; organisation < organisations.length; organisation += 1) {
          for (const state of statesOf(parent)) {
            const column = columnOf.get(key(parent, organisation, state));
            if (column !== undefined) permanentlyFixed.add(column);
          }
        }
      }
      for (let organisation = 0; organisation < organisations.length; organisation += 1) {
        const answer = table.answers?.[organisation];
        let shown: [number, number][] | null = null;
        if (parent !== undefined && shownBy !== null) {
          shown = shownBy.flatMap((state): [number, number][] => {
            const column = columnOf.get(key(parent, organisation, state));
            return column === undefined ? [] : [[column, -1]];
          });
          if (shown.length === 0) continue;
        } else if (answer === undefined) {
          continue;
        }
        const states = statesOf(table);
        const own: number[] = [];
        for (const state of states) {
          const column = program.addColumn(0, 1, true);
          truth.push(isInState(answer, state) ? 1 : 0);
          columnOf.set(key(table, organisation, state), column);
          stateOfColumn[column] = { table, state };
          let byState = stateColumns.get(table.id);
          if (byState === undefined) {
            byState = new Map();
            stateColumns.set(table.id, byState);
          }
          let byOrganisation = byState.get(state);
          if (byOrganisation === undefined) {
            byOrganisation = [];
            byState.set(state, byOrganisation);
          }
          byOrganisation[organisation] = column;
          columnsByOrganisation[organisation]?.push(column);
          own.push(column);
        }
        const column = (state: string) => columnOf.get(key(table, organisation, state)) ?? -1;
        // Shown: exactly one state (single choice), or answered or not (multiple choice, numbers).
        const shownStates =
          table.kind === 'single-choice' ? own : [column(answered), column(skipped)].filter((at) => at >= 0);
        addRow(shown === null ? 1 : 0, shown === null ? 1 : 0, [
          ...shownStates.map((at): [number, number] => [at, 1]),
          ...(shown ?? []),
        ]);
        if (table.kind === 'multiple-choice') {
          const chosen = table.codes.map(column);
          for (const at of chosen) {
            addRow(Number.NEGATIVE_INFINITY, 0, [
              [at, 1],
              [column(answered), -1],
            ]);
          }
          addRow(0, Number.POSITIVE_INFINITY, [
            ...chosen.map((at): [number, number] => [at, 1]),
            [column(answered), -1],
          ]);
        }
      }
    }

    // Every cell: its counts per state over its organisations, published or not.
    const countColumns = new Map<string, number>();
    const cellBounds = new Map<string, CellBounds>();
    const members = new Map<string, number[]>();
    organisations.forEach((organisation, index) => {
      for (const groupId of organisation.groupIds) {
        const list = members.get(groupId);
        if (list === undefined) members.set(groupId, [index]);
        else list.push(index);
      }
    });
    const truthOf = (terms: readonly [number, number][]) =>
      terms.reduce((total, [column, coefficient]) => total + coefficient * (truth[column] ?? 0), 0);
    for (const table of component.tables) {
      const byState = stateColumns.get(table.id);
      for (const cell of table.cells) {
        const inGroup = members.get(cell.groupId) ?? [];
        const sum = (state: string) => {
          const byOrganisation = byState?.get(state) ?? [];
          const terms: [number, number][] = [];
          for (const organisation of inGroup) {
            const column = byOrganisation[organisation];
            if (column !== undefined) terms.push([column, 1]);
          }
          return terms;
        };
        const bounds: CellBounds = {
          tableId: table.id,
          groupId: cell.groupId,
          valueRows: [],
          countColumns: [],
          isFitting: true,
        };
        cellBounds.set(`${table.id}|${cell.groupId}`, bounds);
        const values: [string, number][] = [
          [skipped, cell.submitted - cell.respondents],
          ...(table.kind === 'single-choice' ? [] : [[answered, cell.respondents] as [string, number]]),
        ];
        for (const [state, value] of values) {
          const terms = sum(state);
          if (Math.abs(truthOf(terms) - value) > 1e-9) bounds.isFitting = false;
          bounds.valueRows.push({ row: addRow(value, value, terms), value });
        }
        if (table.kind === 'number') continue;
        for (const code of table.codes) {
          const value = cell.counts[code] ?? 0;
          const count = program.addColumn(value, value, true);
          truth.push(value);
          countColumns.set(`${table.id}|${cell.groupId}|${code}`, count);
          const terms = sum(code);
          bounds.countColumns.push({
            column: count,
            value,
            population: cell.population,
            members: terms.map(([at]) => at),
          });
          addRow(0, 0, [[count, -1], ...terms]);
        }
      }
    }

    // The true answers must give every answer count and fit each organisation's rows, or the model misreads the
    // set; the published figures they must give are checked by publish().
    const valueRows = new Set([...cellBounds.values()].flatMap((bounds) => bounds.valueRows.map(({ row }) => row)));
    for (const [index, row] of rows.entries()) {
      const value = truthOf(row.terms);
      if (!valueRows.has(index) && (value < row.lower - 1e-9 || value > row.upper + 1e-9)) return null;
      program.addRow(row.lower, row.upper, row.terms);
    }
    const fix = (bound: number, column: number) => (permanentlyFixed.has(column) ? (truth[column] ?? 0) : bound);
    const lower = program.lower.map(fix);
    const upper = program.upper.map(fix);
    const loaded = await LoadedProgram.load(program, { isInteger: false, presolve: false });
    for (const column of permanentlyFixed) loaded.setBounds(column, lower[column] ?? 0, upper[column] ?? 0);
    // As few changed answers as possible: each state column away from the truth costs one.
    const objective: [number, number][] = [];
    for (const columns of columnsByOrganisation) {
      for (const column of columns) objective.push([column, truth[column] === 1 ? -1 : 1]);
    }
    return new OrganisationModel(
      loaded,
      program,
      truth,
      lower,
      upper,
      cellBounds,
      columnOf,
      columnsByOrganisation,
      countColumns,
      new Map(
        [...cellBounds.values()].flatMap((bounds) =>
          bounds.countColumns.map(({ column, members }): [number, number[]] => [column, members]),
        ),
      ),
      objective,
      stateOfColumn,
      byId,
    );
  }

  /**
   * Sets the bounds of a suppression (cell indexes of indexComponent, given as a lookup of table id and group id):
   * a published cell's figures fixed, a suppressed one's free. False when the true answers do not give the published
   * figures (a hand-made set), so that only the exchanges judge it.
   */
  publish(isSuppressed: (tableId: string, groupId: string) => boolean): boolean {
    const suppressed = new Set<string>();
    for (const [key, bounds] of this.cellBounds) {
      if (isSuppressed(bounds.tableId, bounds.groupId)) suppressed.add(key);
      else if (!bounds.isFitting) return false;
    }
    let isChanged = false;
    for (const [key, bounds] of this.cellBounds) {
      const isHidden = suppressed.has(key);
      if (this.suppressed !== null && this.suppressed.has(key) === isHidden) continue;
      if (this.suppressed === null && !isHidden) continue;
      isChanged = true;
      for (const { row, value } of bounds.valueRows) {
        const [lower, upper] = isHidden ? [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY] : [value, value];
        this.loaded.setRowBounds(row, lower, upper);
        this.integer?.setRowBounds(row, lower, upper);
      }
      for (const { column, value, population } of bounds.countColumns) {
        this.lower[column] = isHidden ? 0 : value;
        this.upper[column] = isHidden ? population : value;
        this.loaded.setBounds(column, this.lower[column] ?? 0, this.upper[column] ?? 0);
        this.integer?.setBounds(column, this.lower[column] ?? 0, this.upper[column] ?? 0);
      }
    }
    if (isChanged || this.suppressed === null) {
      // The true answers are the objective's unique optimum: every search starts from their basis, a few pivots away.
      if (this.loaded.solve(this.objective, 'minimise').status === 'optimal') this.loaded.pinBasis();
    }
    this.suppressed = suppressed;
    return true;
  }

  /**
   * Searches a world in which the claim fails and the `kept` organisations give their true answers: the relaxation
   * first (each solve starts from the last basis), the integer model when its optimum is fractional.
   */
  async findWorld(claim: OrganisationClaim, kept: Iterable<number>): Promise<WorldSearch> {
    const keptList = [...kept];
    const attempts: { column: number; lower: number; upper: number }[] = [];
    if (claim.kind === 'answer') {
      const column = this.columnOf.get(`${claim.table.id}|${claim.organisation}|${claim.code}`);
      if (column === undefined) return { status: 'none' };
      attempts.push({ column, lower: 0, upper: 0 });
    } else {
      const column = this.countColumns.get(`${claim.table.id}|${claim.groupId}|${claim.code}`);
      if (column === undefined) return { status: 'none' };
      if (claim.value > 0) attempts.push({ column, lower: 0, upper: claim.value - 1 });
      if (claim.value < claim.population) {
        attempts.push({ column, lower: claim.value + 1, upper: claim.population });
      }
    }
    let isUnknown = false;
    for (const attempt of attempts) {
      const found = await this.attempt(attempt, keptList);
      if (found.status === 'found') return found;
      if (found.status === 'unknown') isUnknown = true;
    }
    return isUnknown ? { status: 'unknown' } : { status: 'none' };
  }

  dispose(): void {
    this.loaded.dispose();
    this.integer?.dispose();
  }

  private async attempt(
    target: { column: number; lower: number; upper: number },
    kept: readonly number[],
  ): Promise<WorldSearch> {
    if (this.isOutOfReach(target, kept)) return { status: 'none' };
    this.solves += 1;
    const relaxed = this.withBounds(this.loaded, target, kept, () => this.loaded.solve(this.objective, 'minimise'));
    if (relaxed.status === 'infeasible') return { status: 'none' };
    if (relaxed.status === 'optimal' && isIntegral(relaxed.values)) return this.read(relaxed.values, target, kept);
    // Fractional (or no optimum): the same question on the integer model.
    this.integerSolves += 1;
    if (this.integer === null) {
      this.integer = await LoadedProgram.load(this.program, {
        isInteger: true,
        timeLimitSeconds: solveSeconds,
        stopAtFirstSolution: true,
      });
      // The current suppression's bounds and the permanently fixed columns, wherever they differ from the build's.
      for (const [column, lower] of this.lower.entries()) {
        const upper = this.upper[column] ?? 0;
        if (lower !== this.program.lower[column] || upper !== this.program.upper[column]) {
          this.integer.setBounds(column, lower, upper);
        }
      }
      for (const [key, bounds] of this.cellBounds) {
        if (this.suppressed?.has(key) !== true) continue;
        for (const { row } of bounds.valueRows) {
          this.integer.setRowBounds(row, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY);
        }
      }
    }
    const integer = this.integer;
    // A feasibility question: any world will do, so no objective, and the first integer solution ends the search.
    const solution = this.withBounds(integer, target, kept, () => integer.solve(noObjective, 'minimise'));
    if (solution.status === 'infeasible') return { status: 'none' };
    // A solve stopped by its time limit proves nothing either way: the claim stands (and gets repaired).
    if (solution.status !== 'optimal' && solution.status !== 'feasible') return { status: 'unknown' };
    return this.read(solution.values, target, kept);
  }

  /**
   * Whether a count's target lies beyond what its members can give with the kept organisations (and the permanently
   * fixed columns) at their true answers: the kept members' count at least, and one more per other member at most.
   * Insiders that hold the count's answer themselves make many such searches, which need no solve to fail.
   */
  private isOutOfReach(target: { column: number; lower: number; upper: number }, kept: readonly number[]): boolean {
    const members = this.countMembers.get(target.column);
    if (members === undefined) return false;
    const keptColumns = new Set(kept.flatMap((organisation) => this.columnsByOrganisation[organisation] ?? []));
    let least = 0;
    let most = 0;
    for (const column of members) {
      const isKept = keptColumns.has(column);
      least += (isKept ? this.truth[column] : this.lower[column]) ?? 0;
      most += (isKept ? this.truth[column] : this.upper[column]) ?? 0;
    }
    return target.upper < least || target.lower > most;
  }

  /** Runs a solve with the target's bounds and the kept organisations fixed, and puts the bounds back. */
  private withBounds(
    program: LoadedProgram,
    target: { column: number; lower: number; upper: number },
    kept: readonly number[],
    solve: () => Solution,
  ): Solution {
    const changed: number[] = [];
    for (const organisation of kept) {
      for (const column of this.columnsByOrganisation[organisation] ?? []) {
        const value = this.truth[column] ?? 0;
        program.setBounds(column, value, value);
        changed.push(column);
      }
    }
    program.setBounds(target.column, target.lower, target.upper);
    changed.push(target.column);
    try {
      return solve();
    } finally {
      for (const column of changed) program.setBounds(column, this.lower[column] ?? 0, this.upper[column] ?? 0);
    }
  }

  /** The world of a solution, if it meets the target and leaves the kept organisations as they are. */
  private read(
    values: Float64Array,
    target: { column: number; lower: number; upper: number },
    kept: readonly number[],
  ): WorldSearch {
    const value = Math.round(values[target.column] ?? 0);
    if (value < target.lower || value > target.upper) return { status: 'none' };
    const answers = new Map<number, Map<string, Answer>>();
    this.columnsByOrganisation.forEach((columns, organisation) => {
      if (columns.some((column) => Math.abs((values[column] ?? 0) - (this.truth[column] ?? 0)) > 0.5)) {
        answers.set(organisation, this.answersOf(columns, values));
      }
    });
    if (kept.some((organisation) => answers.has(organisation))) return { status: 'none' };
    return { status: 'found', world: createWorld(this.tables, answers, false) };
  }

  /** An organisation's answer to each table in a solution, read off its state columns. */
  private answersOf(columns: readonly number[], values: Float64Array): Map<string, Answer> {
    const states = new Map<LinkedTable, string[]>();
    for (const column of columns) {
      const entry = this.stateOfColumn[column];
      if (entry === undefined) continue;
      const list = states.get(entry.table) ?? [];
      if ((values[column] ?? 0) > 0.5) list.push(entry.state);
      states.set(entry.table, list);
    }
    const answers = new Map<string, Answer>();
    for (const [table, chosen] of states) {
      let answer: Answer;
      if (chosen.includes(skipped)) answer = null;
      else if (table.kind === 'number') answer = chosen.includes(answered) ? [] : undefined;
      else if (table.kind === 'multiple-choice') {
        answer = chosen.includes(answered) ? table.codes.filter((code) => chosen.includes(code)) : undefined;
      } else answer = chosen.length === 0 ? undefined : chosen;
      answers.set(table.id, answer);
    }
    return answers;
  }
}

function isIntegral(values: Float64Array): boolean {
  return values.every((value) => Math.abs(value - Math.round(value)) < 1e-6);
}

/** An organisation's states in a table: its answer codes, unanswered, and for multiple choice and numbers answered. */
function statesOf(table: LinkedTable): string[] {
  if (table.kind === 'single-choice') return [...table.codes, skipped];
  return [answered, skipped, ...table.codes];
}

function isInState(answer: Answer, state: string): boolean {
  if (answer === undefined) return false;
  if (state === skipped) return answer === null;
  if (state === answered) return answer !== null;
  return answer?.includes(state) ?? false;
}

/**
 * The parent's states whose sum is "shown the follow-up": the triggering codes of a single choice, or the one
 * triggering option of a multiple choice; null for any other condition.
 */
function triggerStates(parent: LinkedTable, codes: readonly string[] | null): string[] | null {
  if (codes === null || codes.length === 0) return null;
  if (parent.kind === 'single-choice') return codes.filter((code) => parent.codes.includes(code));
  if (parent.kind === 'multiple-choice' && codes.length === 1) return [...codes];
  return null;
}

function orderByTrigger(tables: readonly LinkedTable[]): LinkedTable[] {
  const ids = new Set(tables.map((table) => table.id));
  const ordered: LinkedTable[] = [];
  const placed = new Set<string>();
  const place = (table: LinkedTable, depth: number) => {
    if (placed.has(table.id) || depth > tables.length) return;
    const parentId = table.trigger?.parentTableId;
    const parent = parentId !== undefined && ids.has(parentId) ? tables.find((t) => t.id === parentId) : undefined;
    if (parent !== undefined) place(parent, depth + 1);
    placed.add(table.id);
    ordered.push(table);
  };
  for (const table of tables) place(table, 0);
  return ordered;
}
