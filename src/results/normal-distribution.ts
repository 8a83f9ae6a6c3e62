/** The two-sided 95 % critical value of the standard normal distribution, qnorm(0.975), to double precision. */
export const z95 = 1.959963984540054;

const inverseSqrtPi = 1 / Math.sqrt(Math.PI);

/**
 * Returns the complementary error function erfc(x) with a relative error near machine precision.
 *
 * Below 2 the positive-term series erf(x) = 2/sqrt(pi) e^(-x^2) sum (2x^2)^k x / (1*3*...*(2k+1)) is used
 * (no cancellation between terms, and 1 - erf(x) loses at most two digits there); from 2 on, the continued
 * fraction for erfc, which converges fast for large x and keeps the full relative precision of tiny tails.
 */
export function computeErfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x < 0) return 2 - computeErfc(-x);
  if (x < 2) {
    const twoXSquared = 2 * x * x;
    let term = x;
    let sum = x;
    for (let k = 1; term > sum * 1e-17; k += 1) {
      term *= twoXSquared / (2 * k + 1);
      sum += term;
    }
    return 1 - 2 * inverseSqrtPi * Math.exp(-x * x) * sum;
  }
  // Modified Lentz evaluation of x + (1/2)/(x + 1/(x + (3/2)/(x + ...))), partial numerators k/2.
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let k = 1; k < 10_000; k += 1) {
    const a = k / 2;
    d = x + a * d;
    c = x + a / c;
    if (Math.abs(d) < tiny) d = tiny;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return (inverseSqrtPi * Math.exp(-x * x)) / f;
}

/** Returns P(Z >= z) for a standard normal Z, accurate in relative terms far into the tail. */
export function computeNormalUpperTail(z: number): number {
  return 0.5 * computeErfc(z / Math.SQRT2);
}
