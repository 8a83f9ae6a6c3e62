/**
 * A small linear (and mixed-integer) programme over HiGHS, the WebAssembly build of the Edinburgh solver (npm
 * `highs`). Disclosure control builds one per connected component of the linked tables: the secondary suppression
 * solves it once as a MIP, the attacker's audit re-solves it with one objective after another on the same model,
 * so that HiGHS starts each solve from the previous basis.
 */
import highsModule, { type Highs } from 'highs';

let solver: Promise<Highs> | undefined;

/** Loads HiGHS once per process; its WebAssembly module takes some 50 ms to instantiate. */
export function loadSolver(): Promise<Highs> {
  // The package's types describe its CommonJS build; Node loads its ES module, whose default export is the loader.
  const load = highsModule as unknown as (typeof highsModule)['default'];
  solver ??= load();
  return solver;
}

/** One linear row: lower <= sum(coefficient * column) <= upper. */
export interface Row {
  lower: number;
  upper: number;
  columns: number[];
  coefficients: number[];
}

/** The outcome of one solve: the optimum and the primal values, or why there is none. */
export type Solution =
  | { status: 'optimal'; objective: number; values: Float64Array }
  /** An integer programme stopped at its first feasible solution (`stopAtFirstSolution`). */
  | { status: 'feasible'; values: Float64Array }
  | { status: 'time-limit'; values: Float64Array | null }
  | { status: 'infeasible' | 'failed' };

/** Columns and rows written in JavaScript first, then handed to HiGHS in one call. */
export class LinearProgram {
  readonly lower: number[] = [];
  readonly upper: number[] = [];
  readonly isInteger: boolean[] = [];
  readonly rows: Row[] = [];

  /** Adds a column and returns its index. */
  addColumn(lower: number, upper: number, isInteger = false): number {
    this.lower.push(lower);
    this.upper.push(upper);
    this.isInteger.push(isInteger);
    return this.lower.length - 1;
  }

  addRow(lower: number, upper: number, terms: readonly (readonly [number, number])[]): void {
    this.rows.push({
      lower,
      upper,
      columns: terms.map(([column]) => column),
      coefficients: terms.map(([, coefficient]) => coefficient),
    });
  }

  get columnCount(): number {
    return this.lower.length;
  }
}

/**
 * A programme loaded into HiGHS, to be solved with several objectives. The caller must call dispose(): the
 * WebAssembly memory is not garbage collected.
 */
export class LoadedProgram {
  /** The objective and sense HiGHS holds, so that solving again with the same ones passes nothing. */
  private objective: { terms: readonly (readonly [number, number])[]; sense: 'minimise' | 'maximise' } | null = null;
  private pinnedBasis: ReturnType<ReturnType<Highs['createModel']>['getBasis']> | null = null;

  private constructor(
    private readonly highs: Highs,
    private readonly model: ReturnType<Highs['createModel']>,
    private readonly columnCount: number,
    private readonly lower: readonly number[],
    private readonly upper: readonly number[],
  ) {}

  /**
   * `presolve: false` suits many re-solves of one model after small changes (each starts from the last basis);
   * `stopAtFirstSolution` makes an integer programme a feasibility question: the first integer solution is returned.
   */
  static async load(
    program: LinearProgram,
    options: { isInteger: boolean; timeLimitSeconds?: number; presolve?: boolean; stopAtFirstSolution?: boolean },
  ) {
    const highs = await loadSolver();
    const starts: number[] = [0];
    const indices: number[] = [];
    const values: number[] = [];
    for (const row of program.rows) {
      indices.push(...row.columns);
      values.push(...row.coefficients);
      starts.push(indices.length);
    }
    const numCols = program.columnCount;
    const numRows = program.rows.length;
    const { variableType } = highs.constants;
    const model = highs.createModel({
      numCols,
      numRows,
      colCost: new Array<number>(numCols).fill(0),
      colLower: program.lower,
      colUpper: program.upper,
      rowLower: program.rows.map((row) => row.lower),
      rowUpper: program.rows.map((row) => row.upper),
      matrix: { format: 'csr', numRows, numCols, starts, indices, values },
      ...(options.isInteger
        ? {
            integrality: program.isInteger.map((isInteger) =>
              isInteger ? variableType.integer : variableType.continuous,
            ),
          }
        : {}),
    });
    model.options.set({ output_flag: false });
    if (options.timeLimitSeconds !== undefined) model.options.set({ time_limit: options.timeLimitSeconds });
    if (options.presolve === false) model.options.set({ presolve: 'off' });
    if (options.stopAtFirstSolution === true) model.options.set({ mip_max_improving_sols: 1 });
    return new LoadedProgram(highs, model, numCols, [...program.lower], [...program.upper]);
  }

  /**
   * Solves with the objective sum(cost * column), minimised or maximised; a warm start is used if given. The same
   * objective (the same array) as the last solve's is not passed again.
   */
  solve(
    objective: readonly (readonly [number, number])[],
    sense: 'minimise' | 'maximise',
    start?: readonly number[],
  ): Solution {
    const { objectiveSense, modelStatus } = this.highs.constants;
    if (this.objective?.terms !== objective) {
      const costs = new Array<number>(this.columnCount).fill(0);
      for (const [column, cost] of objective) costs[column] = (costs[column] ?? 0) + cost;
      this.model.changeColsCost({ kind: 'range', from: 0, to: this.columnCount - 1 }, costs);
    }
    if (this.objective?.terms !== objective || this.objective.sense !== sense) {
      this.model.changeObjectiveSense(sense === 'minimise' ? objectiveSense.minimize : objectiveSense.maximize);
    }
    this.objective = { terms: objective, sense };
    if (start !== undefined) this.model.setSolution({ colValue: [...start] });
    if (this.pinnedBasis !== null) this.model.setBasis(this.pinnedBasis);
    this.model.run();
    const status = this.model.getModelStatus();
    if (status === modelStatus.optimal) {
      return {
        status: 'optimal',
        objective: this.model.getObjectiveValue(),
        values: this.model.getSolution().colValue,
      };
    }
    if (status === modelStatus.solutionLimit) return { status: 'feasible', values: this.model.getSolution().colValue };
    if (status === modelStatus.timeLimit) {
      const values = this.model.getSolution().colValue;
      return { status: 'time-limit', values: values.length === this.columnCount ? values : null };
    }
    if (status === modelStatus.infeasible) return { status: 'infeasible' };
    return { status: 'failed' };
  }

  /** Makes some columns integer (or continuous again) for the next solves. */
  setIntegrality(columns: readonly number[], isInteger: boolean): void {
    const { variableType } = this.highs.constants;
    for (const column of columns) {
      this.model.changeColIntegrality(column, isInteger ? variableType.integer : variableType.continuous);
    }
  }

  /** Raises a column's lower bound for the next solves; the returned function puts it back. */
  raiseLowerBound(column: number, lower: number): () => void {
    const original = this.lower[column] ?? 0;
    const upper = this.upper[column] ?? Number.POSITIVE_INFINITY;
    this.model.changeColBounds(column, Math.max(original, lower), upper);
    return () => {
      this.model.changeColBounds(column, original, upper);
    };
  }

  /** Sets a column's bounds for the next solves (the caller puts them back). */
  setBounds(column: number, lower: number, upper: number): void {
    this.model.changeColBounds(column, lower, upper);
  }

  /** Sets a row's bounds for the next solves. */
  setRowBounds(row: number, lower: number, upper: number): void {
    this.model.changeRowBounds(row, lower, upper);
  }

  /**
   * Makes every later solve start from the last solve's basis rather than from wherever the solve before it ended:
   * for many small changes of one model around the same point (the organisation model's true answers), about a
   * third of the time of starting from the last world found.
   */
  pinBasis(): void {
    this.pinnedBasis = this.model.getBasis();
  }

  dispose(): void {
    this.model.dispose();
  }
}
