import { z95 } from './normal-distribution.ts';

/** An observed share with its 95 % interval; lower and upper always lie in [0, 1]. */
export interface ShareInterval {
  share: number;
  lower: number;
  upper: number;
}

/** A proportion observed among respondents drawn from a finite population (all organisations of a group). */
export interface FiniteProportion {
  /** Organisations that said yes (or gave the answer counted). */
  count: number;
  /** Respondents to the question. */
  respondents: number;
  /** All organisations of the group; Number.POSITIVE_INFINITY for the textbook infinite-population case. */
  population: number;
}

/**
 * Returns the finite population correction sqrt((N - n) / (N - 1)) for n respondents out of N organisations.
 *
 * Respondents are treated as a simple random sample without replacement from the group, so the variance of the
 * observed share is p(1 - p)/n * (N - n)/(N - 1); the factor is 1 for an infinite population and 0 for a census.
 * @throws {RangeError} when the counts are not integers with 0 <= n <= N (N may be infinite).
 */
export function computeFinitePopulationCorrection(respondents: number, population: number): number {
  if (!Number.isInteger(respondents) || respondents < 0) {
    throw new RangeError(`respondents must be a non-negative integer, got ${respondents}`);
  }
  if (population === Number.POSITIVE_INFINITY) return 1;
  if (!Number.isInteger(population) || population < respondents) {
    throw new RangeError(`population must be an integer >= respondents (${respondents}), got ${population}`);
  }
  if (respondents === population) return 0;
  return Math.sqrt((population - respondents) / (population - 1));
}

/**
 * Returns the Wilson score 95 % interval with finite population correction, or null when nobody answered.
 *
 * The Wilson interval solves |p - p_hat| = z sqrt(p(1 - p)/n) for p. With the correction the variance is scaled by
 * fpc^2 = (N - n)/(N - 1), which is the same as using z_eff = z * fpc in the unchanged Wilson formula:
 * centre = (p_hat + z_eff^2/(2n)) / (1 + z_eff^2/n),
 * half width = z_eff / (1 + z_eff^2/n) * sqrt(p_hat(1 - p_hat)/n + z_eff^2/(4n^2)).
 * When n = N, z_eff = 0 and the interval collapses to the observed share: there is no sampling error in a census.
 * @throws {RangeError} when the counts are not integers with 0 <= count <= respondents <= population.
 */
export function computeWilsonInterval(proportion: FiniteProportion, z: number = z95): ShareInterval | null {
  const { count, respondents, population } = proportion;
  const fpc = computeFinitePopulationCorrection(respondents, population);
  if (!Number.isInteger(count) || count < 0 || count > respondents) {
    throw new RangeError(`count must be an integer in [0, ${respondents}], got ${count}`);
  }
  if (respondents === 0) return null;
  const share = count / respondents;
  const zEffective = z * fpc;
  const zSquaredOverN = (zEffective * zEffective) / respondents;
  const denominator = 1 + zSquaredOverN;
  const centre = (share + zSquaredOverN / 2) / denominator;
  const halfWidth =
    (zEffective / denominator) * Math.sqrt((share * (1 - share)) / respondents + zSquaredOverN / (4 * respondents));
  // At x = 0 and x = n the bound is mathematically exact (0 or 1); pin it so rounding cannot leave 1e-17 behind.
  const lower = count === 0 ? 0 : Math.max(0, centre - halfWidth);
  const upper = count === respondents ? 1 : Math.min(1, centre + halfWidth);
  return { share, lower, upper };
}

/** The difference between two shares (first minus second) with its 95 % interval. */
export interface ShareDifference {
  difference: number;
  lower: number;
  upper: number;
  /** True when the interval excludes zero, i.e. the shares differ at the 5 % level. */
  isSignificant: boolean;
}

/**
 * Returns Newcombe's hybrid score interval (his method 10) for the difference of two independent shares.
 *
 * Used for unpaired comparisons: two groups in the same round, or the published shares of two rounds when the
 * organisations that answered differ. Each share gets its Wilson interval with finite population correction
 * (l, u), and the difference d = p1 - p2 gets
 * [d - sqrt((p1 - l1)^2 + (u2 - p2)^2), d + sqrt((u1 - p1)^2 + (p2 - l2)^2)]
 * (Newcombe 1998, Statistics in Medicine 17:873-890). For the same organisations in two rounds the answers are
 * positively correlated, so this interval is conservative there; the paired McNemar test is the sharper tool.
 * Returns null when either side has no respondents.
 * @throws {RangeError} when either proportion is invalid (see computeWilsonInterval).
 */
export function compareProportions(first: FiniteProportion, second: FiniteProportion): ShareDifference | null {
  const a = computeWilsonInterval(first);
  const b = computeWilsonInterval(second);
  if (a === null || b === null) return null;
  const difference = a.share - b.share;
  const lower = difference - Math.hypot(a.share - a.lower, b.upper - b.share);
  const upper = difference + Math.hypot(a.upper - a.share, b.share - b.lower);
  return { difference, lower, upper, isSignificant: lower > 0 || upper < 0 };
}
