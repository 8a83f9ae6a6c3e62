/** n! is exactly representable (or within one rounding) as a double up to here; above it Stirling is used. */
const stirlingThreshold = 20;

const smallLogFactorials: readonly number[] = (() => {
  const table = [0];
  let factorial = 1;
  for (let n = 1; n < stirlingThreshold; n += 1) {
    factorial *= n;
    table.push(Math.log(factorial));
  }
  return table;
})();

/**
 * Returns ln(n!) for a non-negative integer n.
 *
 * Uses a table below 20 and Stirling's series with four correction terms above; the truncation error there is
 * below 1/(1188 n^9) < 2e-15, so the result is as good as the double that holds it.
 * @throws {RangeError} when n is not a non-negative integer.
 */
export function computeLogFactorial(n: number): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`ln(n!) needs a non-negative integer, got ${n}`);
  const tabled = smallLogFactorials[n];
  if (tabled !== undefined) return tabled;
  const inverse = 1 / n;
  const inverseSquared = inverse * inverse;
  const series = inverse * (1 / 12 - inverseSquared * (1 / 360 - inverseSquared * (1 / 1260 - inverseSquared / 1680)));
  return n * Math.log(n) - n + 0.5 * Math.log(2 * Math.PI * n) + series;
}

/**
 * Returns ln C(n, k), the log of the binomial coefficient.
 * @throws {RangeError} when n or k is not an integer with 0 <= k <= n.
 */
export function computeLogBinomialCoefficient(n: number, k: number): number {
  if (!Number.isInteger(k) || k < 0 || k > n) throw new RangeError(`C(n, k) needs 0 <= k <= n, got n=${n}, k=${k}`);
  return computeLogFactorial(n) - computeLogFactorial(k) - computeLogFactorial(n - k);
}

/**
 * Returns P(X <= k) for X ~ Bin(n, p), computed without underflow or cancellation for any n a survey produces.
 *
 * The largest term, P(X = k) when k is at or below the mode, is evaluated once in log space; the smaller terms
 * below it follow by the ratio P(X = j - 1) / P(X = j) = j (1 - p) / ((n - j + 1) p), so the sum is a sum of
 * positive numbers relative to that term. Above the mode the complement of the upper tail is used, which is near
 * one there and therefore loses nothing in relative terms.
 * @throws {RangeError} when n is not a non-negative integer, k is not an integer or p is outside [0, 1].
 */
export function computeBinomialLowerTail(k: number, n: number, p: number): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`Bin(n, p) needs a non-negative integer n, got ${n}`);
  if (!Number.isInteger(k)) throw new RangeError(`P(X <= k) needs an integer k, got ${k}`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`Bin(n, p) needs 0 <= p <= 1, got ${p}`);
  if (k < 0) return 0;
  if (k >= n) return 1;
  if (p === 0) return 1;
  if (p === 1) return 0;
  if (k > n * p) return 1 - sumTailBelowMode(n - k - 1, n, 1 - p);
  return sumTailBelowMode(k, n, p);
}

/** Sums P(X <= k) for X ~ Bin(n, p) when k <= n p, so the terms fall as j goes down from k. */
function sumTailBelowMode(k: number, n: number, p: number): number {
  const logTop = computeLogBinomialCoefficient(n, k) + k * Math.log(p) + (n - k) * Math.log1p(-p);
  const ratio = (1 - p) / p;
  let relativeTerm = 1;
  let relativeSum = 1;
  for (let j = k; j > 0; j -= 1) {
    relativeTerm *= (j / (n - j + 1)) * ratio;
    relativeSum += relativeTerm;
    if (relativeTerm < relativeSum * 1e-17) break;
  }
  return Math.min(1, Math.exp(logTop) * relativeSum);
}
