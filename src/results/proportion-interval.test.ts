import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  compareProportions,
  computeFinitePopulationCorrection,
  computeWilsonInterval,
  type ShareInterval,
} from './proportion-interval.ts';

const infinite = Number.POSITIVE_INFINITY;

function assertInterval(actual: ShareInterval | null, lower: number, upper: number, tolerance: number): void {
  assert.ok(actual !== null, 'expected an interval');
  assert.ok(Math.abs(actual.lower - lower) <= tolerance, `lower ${actual.lower}, expected ${lower}`);
  assert.ok(Math.abs(actual.upper - upper) <= tolerance, `upper ${actual.upper}, expected ${upper}`);
}

test('without finite population correction the interval equals Newcombe 1998 Table I (score method)', () => {
  // Published to four decimals: Newcombe, "Two-sided confidence intervals for the single proportion",
  // Statistics in Medicine 17:857-872 (1998), method 3 (Wilson score, no continuity correction).
  assertInterval(computeWilsonInterval({ count: 81, respondents: 263, population: infinite }), 0.2553, 0.3662, 5e-5);
  assertInterval(computeWilsonInterval({ count: 15, respondents: 148, population: infinite }), 0.0624, 0.1605, 5e-5);
  assertInterval(computeWilsonInterval({ count: 0, respondents: 20, population: infinite }), 0, 0.1611, 5e-5);
  assertInterval(computeWilsonInterval({ count: 1, respondents: 29, population: infinite }), 0.0061, 0.1718, 5e-5);
  // The same to full precision: roots of (1 + a)p^2 - (2 p_hat + a)p + p_hat^2 = 0 with a = z^2/n, solved in mpmath
  // at 50 digits (a different route from the centre +- half-width form in the code).
  assertInterval(
    computeWilsonInterval({ count: 81, respondents: 263, population: infinite }),
    0.2552885198782742,
    0.36620957698280004,
    1e-14,
  );
});

test('the finite population correction narrows the interval as z * sqrt((N - n)/(N - 1))', () => {
  // By hand: N = 290, n = 250 gives sqrt(40/289) = 0.37203...; N = 21, n = 20 gives sqrt(1/20).
  assert.ok(Math.abs(computeFinitePopulationCorrection(250, 290) - Math.sqrt(40 / 289)) < 1e-15);
  assert.ok(Math.abs(computeFinitePopulationCorrection(20, 21) - Math.sqrt(1 / 20)) < 1e-15);
  assert.equal(computeFinitePopulationCorrection(21, 21), 0);
  // Expected bounds: the quadratic above with z_eff = z * fpc, mpmath at 50 digits.
  const kommuner = { count: 203, respondents: 250, population: 290 };
  assertInterval(computeWilsonInterval(kommuner), 0.7933264193564264, 0.8293492993248412, 1e-14);
  assertInterval(
    computeWilsonInterval({ count: 17, respondents: 20, population: 21 }),
    0.8116863892693679,
    0.8816550046966246,
    1e-14,
  );
  assertInterval(
    computeWilsonInterval({ count: 1, respondents: 5, population: 290 }),
    0.03658465213765697,
    0.6220520047711005,
    1e-14,
  );
});

test('edge cases: nobody answered, nobody said yes, everybody said yes, a census', () => {
  assert.equal(computeWilsonInterval({ count: 0, respondents: 0, population: 21 }), null);
  // x = 0: lower is exactly 0; upper from mpmath as above.
  const none = computeWilsonInterval({ count: 0, respondents: 12, population: 21 });
  assert.equal(none?.lower, 0);
  assertInterval(none, 0, 0.12591592434237245, 1e-14);
  // x = n: upper is exactly 1.
  const all = computeWilsonInterval({ count: 20, respondents: 20, population: 21 });
  assert.equal(all?.upper, 1);
  assertInterval(all, 0.9904877056657035, 1, 1e-14);
  // n = N: the observed share is the population share, so the interval has no width.
  assert.deepEqual(computeWilsonInterval({ count: 17, respondents: 21, population: 21 }), {
    share: 17 / 21,
    lower: 17 / 21,
    upper: 17 / 21,
  });
  assert.deepEqual(computeWilsonInterval({ count: 0, respondents: 1, population: 1 }), {
    share: 0,
    lower: 0,
    upper: 0,
  });
});

test('invalid counts are refused', () => {
  assert.throws(() => computeWilsonInterval({ count: 6, respondents: 5, population: 10 }), RangeError);
  assert.throws(() => computeWilsonInterval({ count: 1, respondents: 11, population: 10 }), RangeError);
  assert.throws(() => computeWilsonInterval({ count: 1.5, respondents: 5, population: 10 }), RangeError);
});

test('the difference of two shares equals Newcombe 1998 Table II (method 10) without correction', () => {
  // Newcombe, "Interval estimation for the difference between independent proportions", Statistics in Medicine
  // 17:873-890 (1998), examples (a), (b) and (d), four decimals; full digits from mpmath at 50 digits.
  const a = compareProportions(
    { count: 56, respondents: 70, population: infinite },
    { count: 48, respondents: 80, population: infinite },
  );
  assertInterval(a === null ? null : { share: a.difference, ...a }, 0.05243147240236488, 0.33387265403690597, 1e-14);
  assert.equal(a?.isSignificant, true);
  const b = compareProportions(
    { count: 9, respondents: 10, population: infinite },
    { count: 3, respondents: 10, population: infinite },
  );
  assertInterval(b === null ? null : { share: b.difference, ...b }, 0.1705, 0.809, 5e-5);
  const d = compareProportions(
    { count: 5, respondents: 56, population: infinite },
    { count: 0, respondents: 29, population: infinite },
  );
  assertInterval(d === null ? null : { share: d.difference, ...d }, -0.0381, 0.1926, 5e-5);
  assert.equal(d?.isSignificant, false);
  assert.equal(
    compareProportions({ count: 0, respondents: 0, population: 5 }, { count: 1, respondents: 2, population: 5 }),
    null,
  );
});

test('two census rounds differ exactly by the difference of their shares', () => {
  const difference = compareProportions(
    { count: 21, respondents: 21, population: 21 },
    { count: 20, respondents: 21, population: 21 },
  );
  assert.ok(difference !== null);
  // No sampling error on either side: the interval is the single point 1 - 20/21 = 1/21.
  for (const value of [difference.difference, difference.lower, difference.upper]) {
    assert.ok(Math.abs(value - 1 / 21) < 1e-15, `${value} is not 1/21`);
  }
  assert.equal(difference.isSignificant, true);
});
