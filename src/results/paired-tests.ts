import { computeBinomialLowerTail } from './binomial.ts';
import { computeNormalUpperTail } from './normal-distribution.ts';

/** Which way the paired values moved, judged by the same statistic the test uses. */
export type ChangeDirection = 'increase' | 'decrease' | 'none';

/** The outcome of a two-sided paired test. */
export interface PairedTestResult {
  pValue: number;
  direction: ChangeDirection;
  /** Pairs that carried information: discordant pairs (McNemar) or non-zero differences (Wilcoxon). */
  informativePairs: number;
  method: 'exact' | 'normal-approximation';
}

/** Discordant pairs of one organisation's yes/no answer in two rounds. */
export interface DiscordantPairs {
  /** Yes in the earlier round, no in the later (b in the usual 2x2 table). */
  yesThenNo: number;
  /** No in the earlier round, yes in the later (c). */
  noThenYes: number;
}

/** Counts the discordant pairs among the organisations that answered yes/no in both rounds. */
export function countDiscordantPairs(pairs: readonly { before: boolean; after: boolean }[]): DiscordantPairs {
  let yesThenNo = 0;
  let noThenYes = 0;
  for (const { before, after } of pairs) {
    if (before && !after) yesThenNo += 1;
    if (!before && after) noThenYes += 1;
  }
  return { yesThenNo, noThenYes };
}

/**
 * Returns the exact two-sided McNemar test: under no change each discordant pair is equally likely to go either
 * way, so with b + c discordant pairs p = min(1, 2 P(X <= min(b, c))) for X ~ Bin(b + c, 1/2); p = 1 when b + c = 0.
 * @throws {RangeError} when a count is not a non-negative integer.
 */
export function testMcNemarExact({ yesThenNo, noThenYes }: DiscordantPairs): PairedTestResult {
  for (const count of [yesThenNo, noThenYes]) {
    if (!Number.isInteger(count) || count < 0) throw new RangeError(`pair counts must be non-negative, got ${count}`);
  }
  const discordant = yesThenNo + noThenYes;
  const pValue =
    discordant === 0 ? 1 : Math.min(1, 2 * computeBinomialLowerTail(Math.min(yesThenNo, noThenYes), discordant, 0.5));
  const direction = noThenYes > yesThenNo ? 'increase' : noThenYes < yesThenNo ? 'decrease' : 'none';
  return { pValue, direction, informativePairs: discordant, method: 'exact' };
}

/** Largest number of non-zero differences for which the exact null distribution is enumerated. */
export const wilcoxonExactLimit = 50;

/**
 * Returns the two-sided Wilcoxon signed-rank test of the paired differences after - before.
 *
 * Zero differences are dropped (Wilcoxon's original method, R's default too) and tied absolute differences get
 * the average of their ranks. Absolute differences are compared after rounding to 12 significant digits, so
 * that 2.1 - 2.0 and 1.1 - 1.0 count as the tie they are rather than differing in the last bit.
 * With at most 50 non-zero differences and no ties the p-value is exact: the null distribution of V (the sum of
 * the positive ranks), under which each rank is positive with probability 1/2, is enumerated by counting subsets
 * of {1..n} with each sum; p = min(1, 2 min(P(V <= v), P(V >= v))). Otherwise the normal approximation with tie
 * correction, var = n(n+1)(2n+1)/24 - sum(t^3 - t)/48, and continuity correction 0.5 towards the mean is used,
 * the same as R's wilcox.test(correct = TRUE). Unlike R, zeros do not force the approximation.
 * @throws {RangeError} when a value is not a finite number.
 */
export function testWilcoxonSignedRank(pairs: readonly { before: number; after: number }[]): PairedTestResult {
  const absoluteDifferences: number[] = [];
  const isPositive: boolean[] = [];
  for (const { before, after } of pairs) {
    if (!Number.isFinite(before) || !Number.isFinite(after)) {
      throw new RangeError(`paired values must be finite numbers, got ${before} and ${after}`);
    }
    const difference = Number((after - before).toPrecision(12));
    if (difference === 0) continue;
    absoluteDifferences.push(Math.abs(difference));
    isPositive.push(difference > 0);
  }
  const n = absoluteDifferences.length;
  if (n === 0) return { pValue: 1, direction: 'none', informativePairs: 0, method: 'exact' };

  const { ranks, tieSizes } = rankWithAverageTies(absoluteDifferences);
  let positiveRankSum = 0;
  ranks.forEach((rank, index) => {
    if (isPositive[index]) positiveRankSum += rank;
  });
  const mean = (n * (n + 1)) / 4;
  const direction = positiveRankSum > mean ? 'increase' : positiveRankSum < mean ? 'decrease' : 'none';
  const hasTies = tieSizes.some((size) => size > 1);

  if (n <= wilcoxonExactLimit && !hasTies) {
    const pValue = computeExactSignedRankPValue(positiveRankSum, n);
    return { pValue, direction, informativePairs: n, method: 'exact' };
  }
  const tieAdjustment = tieSizes.reduce((sum, t) => sum + (t * t * t - t), 0) / 48;
  const standardDeviation = Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24 - tieAdjustment);
  const deviation = positiveRankSum - mean;
  const z = (deviation - 0.5 * Math.sign(deviation)) / standardDeviation;
  const pValue = Math.min(1, 2 * computeNormalUpperTail(Math.abs(z)));
  return { pValue, direction, informativePairs: n, method: 'normal-approximation' };
}

/** Ranks values from 1 upwards, giving tied values the mean of the ranks they occupy. */
function rankWithAverageTies(values: readonly number[]): { ranks: number[]; tieSizes: number[] } {
  const order = values.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value);
  const ranks = new Array<number>(values.length).fill(0);
  const tieSizes: number[] = [];
  let start = 0;
  while (start < order.length) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]?.value === order[start]?.value) end += 1;
    const averageRank = (start + end) / 2 + 1;
    for (let position = start; position <= end; position += 1) {
      const entry = order[position];
      if (entry !== undefined) ranks[entry.index] = averageRank;
    }
    tieSizes.push(end - start + 1);
    start = end + 1;
  }
  return { ranks, tieSizes };
}

/**
 * Returns the exact two-sided p-value of V = v among n untied ranks. The subset counts stay below 2^n <= 2^50,
 * inside the 2^53 where doubles hold integers exactly, so the enumeration is exact.
 */
function computeExactSignedRankPValue(v: number, n: number): number {
  const maximum = (n * (n + 1)) / 2;
  const subsetsWithSum = new Array<number>(maximum + 1).fill(0);
  subsetsWithSum[0] = 1;
  for (let rank = 1; rank <= n; rank += 1) {
    for (let sum = maximum; sum >= rank; sum -= 1) {
      subsetsWithSum[sum] = (subsetsWithSum[sum] ?? 0) + (subsetsWithSum[sum - rank] ?? 0);
    }
  }
  let atOrBelow = 0;
  let atOrAbove = 0;
  subsetsWithSum.forEach((count, sum) => {
    if (sum <= v) atOrBelow += count;
    if (sum >= v) atOrAbove += count;
  });
  return Math.min(1, (2 * Math.min(atOrBelow, atOrAbove)) / 2 ** n);
}

/** A change is called significant (an increase or a decrease) only below this p-value. */
export const significanceLevel = 0.05;

/**
 * Returns the verdict printed beside a change figure: an increase or a decrease only when the test is significant
 * at 5 % and the figure itself is positive or negative, so that a verdict never contradicts the number it stands
 * beside; otherwise no significant change.
 */
export function judgeChange(pValue: number, figure: number): 'increase' | 'decrease' | 'no-significant-change' {
  if (!(pValue < significanceLevel) || figure === 0) return 'no-significant-change';
  return figure > 0 ? 'increase' : 'decrease';
}

/**
 * Returns the Hodges–Lehmann estimate of the paired change: the median of the Walsh averages (d_i + d_j) / 2,
 * i <= j, of the differences after - before. It is the estimate that belongs to the signed-rank test (its sign is
 * the side on which most Walsh averages lie), so the change printed and the test's verdict agree.
 * @throws {RangeError} when there are no pairs or a value is not finite.
 */
export function estimateHodgesLehmann(pairs: readonly { before: number; after: number }[]): number {
  if (pairs.length === 0) throw new RangeError('the estimate needs at least one pair');
  const differences = pairs.map(({ before, after }) => {
    if (!Number.isFinite(before) || !Number.isFinite(after)) {
      throw new RangeError(`paired values must be finite numbers, got ${before} and ${after}`);
    }
    return Number((after - before).toPrecision(12));
  });
  const averages = new Float64Array((differences.length * (differences.length + 1)) / 2);
  let position = 0;
  for (let i = 0; i < differences.length; i += 1) {
    for (let j = i; j < differences.length; j += 1) {
      averages[position] = ((differences[i] ?? 0) + (differences[j] ?? 0)) / 2;
      position += 1;
    }
  }
  averages.sort();
  const middle = averages.length / 2;
  const value = Number.isInteger(middle)
    ? ((averages[middle - 1] ?? 0) + (averages[middle] ?? 0)) / 2
    : (averages[Math.floor(middle)] ?? 0);
  return Number(value.toPrecision(12));
}
