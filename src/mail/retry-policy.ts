/**
 * How often and when a mail is tried again after a temporary failure: 30 s after the first attempt, doubling up to
 * an hour, and given up after 12 attempts (about six hours), by when a mail server that is down has been noticed.
 */
export const mailRetryPolicy = { firstDelayMs: 30_000, maxDelayMs: 3_600_000, maxAttempts: 12 } as const;

/** The wait before the next attempt, after `attempts` attempts have failed. */
export function findRetryDelayMs(attempts: number): number {
  const doublings = Math.max(0, attempts - 1);
  return Math.min(mailRetryPolicy.firstDelayMs * 2 ** Math.min(doublings, 20), mailRetryPolicy.maxDelayMs);
}
