/** Rounds open and close by Swedish wall-clock time; the database keeps UTC. */
export const roundTimeZone = 'Europe/Stockholm';

const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: roundTimeZone,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** Formats an instant as the Stockholm wall-clock value of an `<input type="datetime-local">`: 2026-03-31T23:59. */
export function toStockholmLocal(isoUtc: string): string {
  const parts = Object.fromEntries(
    partsFormat.formatToParts(new Date(isoUtc)).map((part) => [part.type, part.value] as const),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** Formats an instant for people: "2026-03-31 23:59", Stockholm time. */
export function formatStockholm(isoUtc: string | null): string {
  return isoUtc === null ? '' : toStockholmLocal(isoUtc).replace('T', ' ');
}

const localPattern = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})$/;

/**
 * Reads a Stockholm wall-clock time ("2026-03-31T23:59") as an ISO UTC instant; undefined when it is malformed or
 * does not exist (the hour skipped when summer time begins).
 */
export function fromStockholmLocal(local: string): string | undefined {
  const match = localPattern.exec(local.trim());
  if (!match) return undefined;
  const [year, month, day, hour, minute] = match.slice(1).map(Number);
  if (year === undefined || month === undefined || day === undefined || hour === undefined || minute === undefined) {
    return undefined;
  }
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  // Stockholm is UTC+1 or UTC+2; try both offsets (summer first, so a repeated autumn hour reads as its first occurrence) and keep the one that reads back as the same wall-clock time.
  for (const offsetHours of [2, 1]) {
    const candidate = new Date(asUtc - offsetHours * 3_600_000).toISOString();
    if (toStockholmLocal(candidate) === `${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}`) return candidate;
  }
  return undefined;
}
