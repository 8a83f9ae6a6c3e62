import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeQuantile, computeQuartiles } from './quantiles.ts';

test('quartiles follow type 7, as R quantile(1:4) = 1.75, 2.5, 3.25', () => {
  // By hand: h = 3 * 0.25 = 0.75 -> 1 + 0.75 * (2 - 1) = 1.75; h = 1.5 -> 2.5; h = 2.25 -> 3.25.
  assert.deepEqual(computeQuartiles([4, 1, 3, 2]), { firstQuartile: 1.75, median: 2.5, thirdQuartile: 3.25 });
});

test('an odd count puts the median on a value and interpolates the quartiles', () => {
  // Sorted 2, 4, 8, 16, 32: h = 1 -> 4; h = 2 -> 8; h = 3 -> 16. Sorted 10, 20, 40: h = 0.5 -> 15, 1 -> 20, 1.5 -> 30.
  assert.deepEqual(computeQuartiles([32, 2, 16, 4, 8]), { firstQuartile: 4, median: 8, thirdQuartile: 16 });
  assert.deepEqual(computeQuartiles([40, 10, 20]), { firstQuartile: 15, median: 20, thirdQuartile: 30 });
});

test('one value is all quartiles; no values gives none', () => {
  assert.deepEqual(computeQuartiles([0.4]), { firstQuartile: 0.4, median: 0.4, thirdQuartile: 0.4 });
  assert.equal(computeQuartiles([]), null);
});

test('extreme probabilities give the minimum and maximum, and bad input is refused', () => {
  assert.equal(computeQuantile([1, 5, 9], 0), 1);
  assert.equal(computeQuantile([1, 5, 9], 1), 9);
  // Type 7 at p = 0.9 of 1..10: h = 8.1 -> 9 + 0.1 = 9.1 (R: quantile(1:10, 0.9) = 9.1).
  assert.ok(Math.abs(computeQuantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9) - 9.1) < 1e-12);
  assert.throws(() => computeQuantile([], 0.5), RangeError);
  assert.throws(() => computeQuantile([1], 1.5), RangeError);
  assert.throws(() => computeQuartiles([1, Number.NaN]), RangeError);
});
