/**
 * The reminder slot due now for a round, as days before closing, or null. Only the latest due slot counts: after a
 * pause (no instance running for a week) organisations get one reminder, not every missed one at once. A slot
 * that fell before the round opened is never due.
 */
export function findDueReminderDays(
  round: { reminderDays: readonly number[]; opensAt: string | null; closesAt: string | null },
  now: Date,
): number | null {
  if (round.closesAt === null) return null;
  const closes = Date.parse(round.closesAt);
  const opens = round.opensAt === null ? Number.NEGATIVE_INFINITY : Date.parse(round.opensAt);
  if (now.getTime() >= closes) return null;
  const due = round.reminderDays
    .filter((days) => {
      const at = closes - days * 86_400_000;
      return at <= now.getTime() && at >= opens;
    })
    .sort((a, b) => a - b);
  return due[0] ?? null;
}

/** Whole days left until closing, rounded up, for the reminder's wording. */
export function countDaysLeft(closesAt: string, now: Date): number {
  return Math.max(0, Math.ceil((Date.parse(closesAt) - now.getTime()) / 86_400_000));
}
