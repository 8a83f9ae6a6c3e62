import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeErfc, computeNormalUpperTail, z95 } from './normal-distribution.ts';

// Expected values from mpmath 1.3 at 50 significant digits (mpmath.erfc and 1 - mpmath.ncdf), rounded to 17.
const erfcReference: readonly (readonly [number, number])[] = [
  [0.1, 0.8875370839817151],
  [1, 0.15729920705028513],
  [1.9, 0.0072095707647425328],
  [2, 0.0046777349810472658],
  [2.1, 0.0029794666563329843],
  [4, 1.5417257900280019e-8],
  [8, 1.1224297172982927e-29],
  [20, 5.3958656116079009e-176],
];

const upperTailReference: readonly (readonly [number, number])[] = [
  [-1, 0.84134474606854295],
  [0.5, 0.3085375387259869],
  [1.5, 0.066807201268858066],
  [1.96, 0.024997895148220436],
  [2.5, 0.0062096653257761352],
  [3, 0.0013498980316300945],
  [5, 2.8665157187919391e-7],
  [10, 7.6198530241605261e-24],
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
