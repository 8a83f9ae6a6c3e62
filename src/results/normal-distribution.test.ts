import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeErfc, computeNormalUpperTail, z95 } from './normal-distribution.ts';

// Expected values from mpmath 1.3 at 50 significant digits (mpmath.erfc and 1 - mpmath.ncdf), rounded to 17.
const erfcReference: readonly (readonly [number, number])[] = [
  [0.1, 0.887537083981715],
  [1, 0.15729920705028513],
  [1.9, 0.0072095707647425325],
  [2, 0.004677734981047266],
  [2.1, 0.002979466656332984],
  [4, 1.541725790028002e-8],
  [8, 1.1224297172982926e-29],
  [20, 5.395865611607901e-176],
];

const upperTailReference: readonly (readonly [number, number])[] = [
  [-1, 0.8413447460685429],
  [0.5, 0.3085375387259869],
  [1.5, 0.06680720126885807],
  [1.96, 0.024997895148220435],
  [2.5, 0.006209665325776135],
  [3, 0.0013498980316300946],
  [5, 2.866515718791939e-7],
  [10, 7.619853024160525e-24],
];

test('erfc matches a 50-digit reference on both sides of the series/continued-fraction switch', () => {
  for (const [x, expected] of erfcReference) {
    const actual = computeErfc(x);
    assert.ok(Math.abs(actual - expected) <= 1e-13 * expected, `erfc(${x}) = ${actual}, expected ${expected}`);
  }
  assert.equal(computeErfc(0), 1);
});

test('the normal upper tail matches a 50-digit reference and the printed 1.96 table value', () => {
  for (const [z, expected] of upperTailReference) {
    const actual = computeNormalUpperTail(z);
    assert.ok(Math.abs(actual - expected) <= 1e-13 * expected, `P(Z >= ${z}) = ${actual}, expected ${expected}`);
  }
  // The 95 % critical value leaves 2.5 % in the upper tail.
  assert.ok(Math.abs(computeNormalUpperTail(z95) - 0.025) < 1e-15);
});
