/**
 * The attacker's own exact solver: integer variables with bounds, linear constraints `L <= sum(a_i x_i) <= U` with
 * integer coefficients, and bounds tightening (interval propagation) to a fixed point. Probing fixes a variable to
 * one end of its range and propagates: if that is infeasible, the end is cut off. Everything it concludes is implied
 * by the constraints, so a value it pins down is the only one consistent with what was published.
 *
 * Written for the attack tests only; it shares no code with the product's disclosure control.
 */

export interface LinearConstraint {
  variables: number[];
  coefficients: number[];
  lower: number;
  upper: number;
}

/** Thrown by propagation when the constraints admit no integer solution within the bounds. */
export class Infeasible extends Error {}

export class Model {
  readonly names: string[] = [];
  lower: number[] = [];
  upper: number[] = [];
  readonly constraints: LinearConstraint[] = [];
  readonly watchers: number[][] = [];

  addVariable(name: string, lower: number, upper: number): number {
    this.names.push(name);
    this.lower.push(lower);
    this.upper.push(upper);
    this.watchers.push([]);
    return this.names.length - 1;
  }

  /** Adds `lower <= sum(coefficient * variable) <= upper`; terms on the same variable are merged. */
  addConstraint(terms: ReadonlyArray<readonly [number, number]>, lower: number, upper: number): number {
    const merged = new Map<number, number>();
    for (const [variable, coefficient] of terms) merged.set(variable, (merged.get(variable) ?? 0) + coefficient);
    const variables: number[] = [];
    const coefficients: number[] = [];
    for (const [variable, coefficient] of merged) {
      if (coefficient === 0) continue;
      variables.push(variable);
      coefficients.push(coefficient);
    }
    const index = this.constraints.length;
    this.constraints.push({ variables, coefficients, lower, upper });
    for (const variable of variables) this.watchers[variable]?.push(index);
    return index;
  }

  /** A copy of the bounds, to try something and roll it back. */
  snapshot(): { lower: number[]; upper: number[] } {
    return { lower: [...this.lower], upper: [...this.upper] };
  }

  restore(state: { lower: number[]; upper: number[] }): void {
    this.lower = [...state.lower];
    this.upper = [...state.upper];
  }

  isFixed(variable: number): boolean {
    return this.lower[variable] === this.upper[variable];
  }

  /**
   * Tightens bounds until nothing changes, starting from the given constraints (all by default).
   * @throws {Infeasible} when some constraint can no longer be met.
   */
  propagate(start?: Iterable<number>): void {
    const queue: number[] = start ? [...start] : this.constraints.map((_constraint, index) => index);
    const queued = new Uint8Array(this.constraints.length);
    for (const index of queue) queued[index] = 1;
    while (queue.length > 0) {
      const index = queue.pop() ?? 0;
      queued[index] = 0;
      const constraint = this.constraints[index];
      if (!constraint) continue;
      for (const variable of this.tightenOne(constraint)) {
        for (const watcher of this.watchers[variable] ?? []) {
          if (queued[watcher]) continue;
          queued[watcher] = 1;
          queue.push(watcher);
        }
      }
    }
  }

  /** Sets a variable's bounds and propagates from its constraints. @throws {Infeasible} */
  restrict(variable: number, lower: number, upper: number): void {
    const newLower = Math.max(lower, this.lower[variable] ?? lower);
    const newUpper = Math.min(upper, this.upper[variable] ?? upper);
    if (newLower > newUpper) throw new Infeasible(`${this.names[variable]} has no value left`);
    this.lower[variable] = newLower;
    this.upper[variable] = newUpper;
    this.propagate(this.watchers[variable] ?? []);
  }

  /** Adds a constraint for good and propagates it. @throws {Infeasible} */
  impose(terms: ReadonlyArray<readonly [number, number]>, lower: number, upper: number): void {
    this.propagate([this.addConstraint(terms, lower, upper)]);
  }

  /** Whether the current bounds stay feasible with `change` applied; the bounds are left as they were. */
  isPossible(change: () => void): boolean {
    const state = this.snapshot();
    const constraintCount = this.constraints.length;
    try {
      change();
      return true;
    } catch (error) {
      if (error instanceof Infeasible) return false;
      throw error;
    } finally {
      this.restore(state);
      this.dropConstraintsFrom(constraintCount);
    }
  }

  /** The bounds and the number of constraints now, to roll back to later. */
  checkpoint(): { lower: number[]; upper: number[]; constraintCount: number } {
    return { ...this.snapshot(), constraintCount: this.constraints.length };
  }

  rollback(checkpoint: { lower: number[]; upper: number[]; constraintCount: number }): void {
    this.restore(checkpoint);
    this.dropConstraintsFrom(checkpoint.constraintCount);
  }

  /** Removes the constraints added since there were `count` (a trial's own constraints). */
  private dropConstraintsFrom(count: number): void {
    while (this.constraints.length > count) {
      const constraint = this.constraints.pop();
      const index = this.constraints.length;
      for (const variable of constraint?.variables ?? []) {
        const watchers = this.watchers[variable];
        if (watchers && watchers[watchers.length - 1] === index) watchers.pop();
      }
    }
  }

  /**
   * Cuts values off both ends of each variable's range while fixing the variable there is infeasible (at most
   * `maxSteps` cuts per end, so a wide range costs little). @throws {Infeasible}
   */
  probe(variables: Iterable<number>, maxSteps = 6): void {
    for (const variable of variables) {
      for (let step = 0; step < maxSteps; step += 1) {
        const low = this.lower[variable] ?? 0;
        if (low >= (this.upper[variable] ?? 0)) break;
        if (this.isPossible(() => this.restrict(variable, low, low))) break;
        this.restrict(variable, low + 1, Number.POSITIVE_INFINITY);
      }
      for (let step = 0; step < maxSteps; step += 1) {
        const high = this.upper[variable] ?? 0;
        if (high <= (this.lower[variable] ?? 0)) break;
        if (this.isPossible(() => this.restrict(variable, high, high))) break;
        this.restrict(variable, Number.NEGATIVE_INFINITY, high - 1);
      }
    }
  }

  /** Tightens the bounds of one constraint's variables; returns the variables whose bounds changed. */
  private tightenOne(constraint: LinearConstraint): number[] {
    const { variables, coefficients, lower, upper } = constraint;
    let minimum = 0;
    let maximum = 0;
    for (let position = 0; position < variables.length; position += 1) {
      const variable = variables[position] ?? 0;
      const coefficient = coefficients[position] ?? 0;
      const low = this.lower[variable] ?? 0;
      const high = this.upper[variable] ?? 0;
      minimum += coefficient > 0 ? coefficient * low : coefficient * high;
      maximum += coefficient > 0 ? coefficient * high : coefficient * low;
    }
    if (minimum > upper || maximum < lower) {
      throw new Infeasible(`constraint over ${variables.map((variable) => this.names[variable]).join(', ')}`);
    }
    const changed: number[] = [];
    for (let position = 0; position < variables.length; position += 1) {
      const variable = variables[position] ?? 0;
      const coefficient = coefficients[position] ?? 0;
      const low = this.lower[variable] ?? 0;
      const high = this.upper[variable] ?? 0;
      const ownMinimum = coefficient > 0 ? coefficient * low : coefficient * high;
      const ownMaximum = coefficient > 0 ? coefficient * high : coefficient * low;
      // coefficient * x lies within [lower - (maximum - ownMaximum), upper - (minimum - ownMinimum)].
      const termLow = lower - (maximum - ownMaximum);
      const termHigh = upper - (minimum - ownMinimum);
      let newLow = low;
      let newHigh = high;
      if (coefficient > 0) {
        if (Number.isFinite(termLow)) newLow = Math.max(newLow, Math.ceil(termLow / coefficient - 1e-9));
        if (Number.isFinite(termHigh)) newHigh = Math.min(newHigh, Math.floor(termHigh / coefficient + 1e-9));
      } else {
        if (Number.isFinite(termHigh)) newLow = Math.max(newLow, Math.ceil(termHigh / coefficient - 1e-9));
        if (Number.isFinite(termLow)) newHigh = Math.min(newHigh, Math.floor(termLow / coefficient + 1e-9));
      }
      if (newLow > newHigh) throw new Infeasible(`${this.names[variable]} has no value left`);
      if (newLow !== low || newHigh !== high) {
        this.lower[variable] = newLow;
        this.upper[variable] = newHigh;
        changed.push(variable);
        // Later terms of this constraint must see the tighter bound: recompute the activity.
        minimum += coefficient > 0 ? coefficient * (newLow - low) : coefficient * (newHigh - high);
        maximum += coefficient > 0 ? coefficient * (newHigh - high) : coefficient * (newLow - low);
      }
    }
    return changed;
  }
}
