import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeBinomialLowerTail, computeLogFactorial } from './binomial.ts';

/** Exact P(X <= k) for X ~ Bin(n, 1/2) as a double, from big-integer sums of binomial coefficients. */
function computeExactHalfLowerTail(k: number, n: number): number {
  let coefficient = 1n;
  let numerator = 0n;
  for (let j = 0; j <= k; j += 1) {
    numerator += coefficient;
    coefficient = (coefficient * BigInt(n - j)) / BigInt(j + 1);
  }
  // numerator / 2^n, keeping 64 significant bits of the quotient before the conversion to a double.
  const shift = BigInt(n) - BigInt(numerator.toString(2).length) + 64n;
  const scaled = shift >= 0n ? (numerator << shift) >> BigInt(n) : numerator >> (BigInt(n) - shift);
  return Number(scaled) * 2 ** -Number(shift);
}

function assertRelativelyClose(actual: number, expected: number, tolerance: number): void {
  assert.ok(Math.abs(actual - expected) <= tolerance * expected, `${actual} differs from ${expected}`);
}

test('ln(n!) matches exact factorials on both sides of the switch to Stirling', () => {
  // 20! = 2432902008176640000 and 25! = 15511210043330985984000000 (exact integers; their logs by Math.log).
  assertRelativelyClose(computeLogFactorial(20), Math.log(Number(2432902008176640000n)), 1e-15);
  assertRelativelyClose(computeLogFactorial(25), Math.log(Number(15511210043330985984000000n)), 1e-15);
  assert.equal(computeLogFactorial(0), 0);
  assert.equal(computeLogFactorial(1), 0);
});

test('small binomial tails equal hand-computed fractions', () => {
  // P(X <= 1), X ~ Bin(10, 1/2) = (1 + 10)/1024; P(X <= 2), Bin(4, 1/3) = (16 + 32 + 24)/81.
  assertRelativelyClose(computeBinomialLowerTail(1, 10, 0.5), 11 / 1024, 1e-14);
  assertRelativelyClose(computeBinomialLowerTail(2, 4, 1 / 3), 72 / 81, 1e-14);
  // Above the mode the complement branch runs: P(X <= 3), Bin(4, 1/3) = 1 - 1/81.
  assertRelativelyClose(computeBinomialLowerTail(3, 4, 1 / 3), 80 / 81, 1e-14);
  assert.equal(computeBinomialLowerTail(-1, 10, 0.5), 0);
  assert.equal(computeBinomialLowerTail(10, 10, 0.5), 1);
});

test('binomial tails up to n = 311 and beyond match exact big-integer sums', () => {
  for (const [k, n] of [
    [0, 311],
    [1, 311],
    [100, 311],
    [150, 311],
    [155, 311],
    [40, 1000],
    [480, 1000],
  ] as const) {
    assertRelativelyClose(computeBinomialLowerTail(k, n, 0.5), computeExactHalfLowerTail(k, n), 1e-11);
  }
  // P(X = 0) for Bin(311, 1/2) is 2^-311, about 2.4e-94, far below where naive products would underflow to 0.
  assertRelativelyClose(computeBinomialLowerTail(0, 311, 0.5), 2 ** -311, 1e-12);
});

test('invalid binomial arguments are refused', () => {
  assert.throws(() => computeBinomialLowerTail(1, 2.5, 0.5), RangeError);
  assert.throws(() => computeBinomialLowerTail(1, 10, 1.5), RangeError);
  assert.throws(() => computeLogFactorial(-1), RangeError);
});
