/** Median and quartiles of a set of numbers. */
export interface Quartiles {
  firstQuartile: number;
  median: number;
  thirdQuartile: number;
}

/**
 * Returns the p-quantile of ascending sorted values by Hyndman & Fan's type 7 (the default of R and of Excel's
 * QUARTILE.INC): with h = (n - 1) p, the value x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h]),
 * zero-based. Type 7 was chosen because analysts will check our figures in R or Excel and get the same numbers.
 * @throws {RangeError} when the list is empty or p is outside [0, 1].
 */
export function computeQuantile(sortedValues: ArrayLike<number>, p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`a quantile needs 0 <= p <= 1, got ${p}`);
  const h = (sortedValues.length - 1) * p;
  const below = Math.floor(h);
  const low = sortedValues[below];
  if (low === undefined) throw new RangeError('a quantile needs at least one value');
  const high = sortedValues[Math.min(below + 1, sortedValues.length - 1)] ?? low;
  return low + (h - below) * (high - low);
}

/**
 * Returns the first quartile, median and third quartile (type 7) of the values, or null for no values.
 * @throws {RangeError} when a value is not a finite number.
 */
export function computeQuartiles(values: readonly number[]): Quartiles | null {
  for (const value of values) {
    if (!Number.isFinite(value)) throw new RangeError(`quartiles need finite numbers, got ${value}`);
  }
  if (values.length === 0) return null;
  // A typed array sorts numerically without calling a comparator per pair: several times faster on large groups.
  const sorted = Float64Array.from(values).sort();
  return {
    firstQuartile: computeQuantile(sorted, 0.25),
    median: computeQuantile(sorted, 0.5),
    thirdQuartile: computeQuantile(sorted, 0.75),
  };
}
