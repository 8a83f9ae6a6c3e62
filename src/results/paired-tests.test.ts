import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  countDiscordantPairs,
  estimateHodgesLehmann,
  judgeChange,
  testMcNemarExact,
  testWilcoxonSignedRank,
} from './paired-tests.ts';

function pairsFromDifferences(differences: readonly number[]): { before: number; after: number }[] {
  return differences.map((difference) => ({ before: 10, after: 10 + difference }));
}

/** Two-sided exact p-value by brute force over all 2^n sign patterns of ranks 1..n: a different method. */
function enumerateSignedRankPValue(positiveRankSum: number, n: number): number {
  let atOrBelow = 0;
  let atOrAbove = 0;
  for (let mask = 0; mask < 2 ** n; mask += 1) {
    let sum = 0;
    for (let rank = 1; rank <= n; rank += 1) if (mask & (1 << (rank - 1))) sum += rank;
    if (sum <= positiveRankSum) atOrBelow += 1;
    if (sum >= positiveRankSum) atOrAbove += 1;
  }
  return Math.min(1, (2 * Math.min(atOrBelow, atOrAbove)) / 2 ** n);
}

/** The binomial tail is evaluated in log space, so agreement is to a few units in the last place, not bit-exact. */
function assertClose(actual: number, expected: number): void {
  assert.ok(Math.abs(actual - expected) <= 1e-13 * expected, `${actual} differs from ${expected}`);
}

test('McNemar exact p-values equal hand-computed binomial sums', () => {
  // b = 1, c = 9: 2 * (C(10,0) + C(10,1)) / 2^10 = 22/1024.
  assertClose(testMcNemarExact({ yesThenNo: 1, noThenYes: 9 }).pValue, 22 / 1024);
  // b = 0, c = 5: 2 / 2^5 = 0.0625, not significant although every change went up.
  assertClose(testMcNemarExact({ yesThenNo: 0, noThenYes: 5 }).pValue, 0.0625);
  // b = 10, c = 2: 2 * (1 + 12 + 66) / 4096 = 158/4096.
  const decline = testMcNemarExact({ yesThenNo: 10, noThenYes: 2 });
  assertClose(decline.pValue, 158 / 4096);
  assert.equal(decline.direction, 'decrease');
  // b = c = 3: 2 * 42/64 > 1, so p = 1; no discordant pairs: p = 1.
  assert.equal(testMcNemarExact({ yesThenNo: 3, noThenYes: 3 }).pValue, 1);
  assert.deepEqual(testMcNemarExact({ yesThenNo: 0, noThenYes: 0 }), {
    pValue: 1,
    direction: 'none',
    informativePairs: 0,
    method: 'exact',
  });
});

test('McNemar on many discordant pairs matches scipy binomtest', () => {
  // scipy 1.17 binomtest(3, 20, 0.5).pvalue = 0.0025768280029296875 (= 2 * 1351 / 2^20) and
  // binomtest(100, 250, 0.5).pvalue = 0.0018833009350761602.
  assert.ok(Math.abs(testMcNemarExact({ yesThenNo: 3, noThenYes: 17 }).pValue - 0.0025768280029296875) < 1e-15);
  const large = testMcNemarExact({ yesThenNo: 100, noThenYes: 150 }).pValue;
  assert.ok(Math.abs(large - 0.0018833009350761602) < 1e-12 * 0.0019);
  assert.throws(() => testMcNemarExact({ yesThenNo: -1, noThenYes: 2 }), RangeError);
});

test('discordant pairs are counted from paired yes/no answers', () => {
  const pairs = [
    { before: true, after: false },
    { before: false, after: true },
    { before: false, after: true },
    { before: true, after: true },
    { before: false, after: false },
  ];
  assert.deepEqual(countDiscordantPairs(pairs), { yesThenNo: 1, noThenYes: 2 });
});

test('Wilcoxon exact p-value on the Hollander & Wolfe depression data equals R and enumeration', () => {
  // R's ?wilcox.test example (Hollander & Wolfe 1973, p. 29): wilcox.test(x, y, paired = TRUE,
  // alternative = "greater") gives V = 40, p-value = 0.01953 (= 10/512); two-sided is twice that, 0.0390625.
  const x = [1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3];
  const y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29];
  const result = testWilcoxonSignedRank(x.map((value, index) => ({ before: y[index] ?? 0, after: value })));
  assert.equal(result.method, 'exact');
  assert.equal(result.direction, 'increase');
  assert.equal(result.pValue, enumerateSignedRankPValue(40, 9));
  assert.equal(result.pValue, 20 / 512);
});

test('Wilcoxon exact p-value for 20 untied differences equals brute-force enumeration of 2^20 sign patterns', () => {
  // By hand: the negative differences -0.3, -1.7, -0.6, -2.5, -0.9, -1.2 have ranks 2, 10, 4, 14, 6, 8 among the
  // 20 absolute values, 44 in all, so V = 210 - 44 = 166.
  const differences = [1.5, -0.3, 2.2, 3.1, -1.7, 0.8, 4.4, 2.9, -0.6, 1.1, 3.8, -2.5, 0.4, 2.6, 1.9, -0.9, 3.3, 0.2];
  const all = [...differences, 2.0, -1.2];
  const result = testWilcoxonSignedRank(pairsFromDifferences(all));
  // scipy 1.17 wilcoxon(d, method='exact') reports the smaller rank sum 44 and p = 0.021484375; V = 210 - 44 = 166.
  assert.equal(result.pValue, enumerateSignedRankPValue(166, 20));
  assert.equal(result.pValue, 0.021484375);
  assert.equal(result.method, 'exact');
});

test('Wilcoxon drops zeros and uses the tie-corrected normal approximation when ranks are tied', () => {
  // Differences 2, 2, -1, 3, 0, 4, 4, 4, -2, 5, 1, 6: the zero is dropped, n = 11. By hand: |d| ranks 1.5 (1, 1),
  // 4 (2, 2, 2), 6, 8 (4, 4, 4), 10, 11; negative ranks 1.5 + 4 = 5.5, so V = 66 - 5.5 = 60.5, mean 33,
  // ties (2, 3, 3) give sum(t^3 - t)/48 = 54/48, var = 11*12*23/24 - 1.125 = 125.375, z = (27.5 - 0.5)/11.1971 = 2.4113.
  // scipy 1.17 wilcoxon(d, zero_method='wilcox', correction=True, method='approx') gives p = 0.015894062441606942.
  const result = testWilcoxonSignedRank(pairsFromDifferences([2, 2, -1, 3, 0, 4, 4, 4, -2, 5, 1, 6]));
  assert.equal(result.method, 'normal-approximation');
  assert.equal(result.informativePairs, 11);
  assert.ok(Math.abs(result.pValue - 0.015894062441606942) < 1e-12);
});

test('Wilcoxon uses the normal approximation above 50 pairs', () => {
  // d_i = ((37 i) mod 61 - 22) + i/100, i = 1..60: 60 distinct non-zero values, 39 positive.
  // scipy 1.17 wilcoxon(d, method='approx', correction=True) gives p = 0.0008649564124887719.
  const differences = Array.from({ length: 60 }, (_, index) => (((index + 1) * 37) % 61) - 22 + (index + 1) / 100);
  const result = testWilcoxonSignedRank(pairsFromDifferences(differences));
  assert.equal(result.method, 'normal-approximation');
  assert.ok(Math.abs(result.pValue - 0.0008649564124887719) < 1e-12);
});

test('Wilcoxon treats floating-point near-ties as ties and all-zero differences as no change', () => {
  const nearTies = testWilcoxonSignedRank([
    { before: 1.0, after: 1.1 },
    { before: 2.0, after: 2.1 },
    { before: 5, after: 4 },
  ]);
  assert.equal(nearTies.method, 'normal-approximation');
  assert.deepEqual(testWilcoxonSignedRank([{ before: 3, after: 3 }]), {
    pValue: 1,
    direction: 'none',
    informativePairs: 0,
    method: 'exact',
  });
  assert.throws(() => testWilcoxonSignedRank([{ before: Number.NaN, after: 1 }]), RangeError);
});

test('judgeChange needs significance and takes its sign from the figure it stands beside', () => {
  assert.equal(judgeChange(0.01, 0.12), 'increase');
  assert.equal(judgeChange(0.01, -0.43), 'decrease');
  assert.equal(judgeChange(0.05, 0.2), 'no-significant-change');
  assert.equal(judgeChange(0.2, -0.1), 'no-significant-change');
  assert.equal(judgeChange(0.001, 0), 'no-significant-change');
  // From the tests: b = 1, c = 9 is significant (p = 22/1024); b = 0, c = 5 is not (p = 0.0625).
  assert.equal(judgeChange(testMcNemarExact({ yesThenNo: 1, noThenYes: 9 }).pValue, 8 / 20), 'increase');
  assert.equal(judgeChange(testMcNemarExact({ yesThenNo: 0, noThenYes: 5 }).pValue, 5 / 20), 'no-significant-change');
});

test('the Hodges–Lehmann estimate is the median of the Walsh averages, with the sign of the signed-rank test', () => {
  // Differences 1, 2, 6: Walsh averages 1, 1.5, 3.5, 2, 4, 6; median (2 + 3.5) / 2 = 2.75.
  const pairs = [
    { before: 0, after: 1 },
    { before: 0, after: 2 },
    { before: 0, after: 6 },
  ];
  assert.equal(estimateHodgesLehmann(pairs), 2.75);
  // Differences -1, -1, 10: Walsh averages -1, -1, -1, 4.5, 4.5, 10: median (-1 + 4.5) / 2 = 1.75; V+ = 3 of 6.
  assert.equal(
    estimateHodgesLehmann([
      { before: 2, after: 1 },
      { before: 2, after: 1 },
      { before: 0, after: 10 },
    ]),
    1.75,
  );
  assert.equal(estimateHodgesLehmann([{ before: 1.1, after: 1.0 }]), -0.1);
  assert.throws(() => estimateHodgesLehmann([]), RangeError);
});
