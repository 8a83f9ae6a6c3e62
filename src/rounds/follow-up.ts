import type { OrganisationType } from '../organisations/organisations.service.ts';
import { type ReviewState, reviewStates } from '../responses/review.service.ts';
import { type DeliveryFilter, type DeliveryState, matchesDeliveryFilter } from './delivery.ts';

export type FollowUpStatus = 'not_started' | 'in_progress' | 'submitted';
export const followUpStatuses: readonly FollowUpStatus[] = ['not_started', 'in_progress', 'submitted'];

/** One invited organisation as the coordinator follows it. */
export type FollowUpEntry = {
  code: string;
  name: string;
  type: OrganisationType;
  group: string | null;
  /** The kommungrupp's name in the registry ("Storstäder"), or null for a region or an unknown code. */
  groupName: string | null;
  countyCode: string;
  countyName: string;
  status: FollowUpStatus;
  contactName: string | null;
  contactEmail: string | null;
  /** The organisation's second, third … contacts, the first being contactName and contactEmail. */
  furtherContacts: Array<{ name: string; email: string }>;
  updatedAt: string | null;
  submittedAt: string | null;
  /** Where the coordinator's review of the response stands, or null before anything was submitted. */
  review: ReviewState | null;
  /** The latest invitation or reminder to the contact, or null when none was queued. */
  mail: DeliveryState | null;
};

/** The organisations of one group (a type, a kommungrupp, a län) counted by status. */
export type Tally = {
  key: string;
  label: string;
  total: number;
  counts: Record<FollowUpStatus, number>;
  /** Share of the group in each status, in per cent with one decimal; 0 for an empty group. */
  percentages: Record<FollowUpStatus, number>;
};

export type FollowUpSummary = { total: Tally; byType: Tally[]; byGroup: Tally[]; byCounty: Tally[] };

export type FollowUpFilter = {
  type?: OrganisationType;
  group?: string;
  county?: string;
  status?: FollowUpStatus | 'not_submitted';
  mail?: DeliveryFilter;
};

/** A share in per cent with one decimal, so that 2 of 3 reads 66.7. */
export function toPercentage(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10;
}

function tally(key: string, label: string, entries: readonly FollowUpEntry[]): Tally {
  const counts = { not_started: 0, in_progress: 0, submitted: 0 };
  for (const entry of entries) counts[entry.status] += 1;
  return {
    key,
    label,
    total: entries.length,
    counts,
    percentages: {
      not_started: toPercentage(counts.not_started, entries.length),
      in_progress: toPercentage(counts.in_progress, entries.length),
      submitted: toPercentage(counts.submitted, entries.length),
    },
  };
}

function groupBy(
  entries: readonly FollowUpEntry[],
  keyOf: (entry: FollowUpEntry) => { key: string; label: string } | null,
): Tally[] {
  const groups = new Map<string, { label: string; members: FollowUpEntry[] }>();
  for (const entry of entries) {
    const group = keyOf(entry);
    if (!group) continue;
    const existing = groups.get(group.key);
    if (existing) existing.members.push(entry);
    else groups.set(group.key, { label: group.label, members: [entry] });
  }
  return [...groups]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, group]) => tally(key, group.label, group.members));
}

/** How many organisations are in each state of the review (awaiting review, reviewed, completion requested). */
export function countReviewStates(entries: readonly FollowUpEntry[]): Record<ReviewState, number> {
  const counts = Object.fromEntries(reviewStates.map((state) => [state, 0])) as Record<ReviewState, number>;
  for (const entry of entries) if (entry.review) counts[entry.review] += 1;
  return counts;
}

/** A kommungrupp as people read it: its code and name, "A1 Storstäder"; the code alone when the name is unknown. */
export function describeGroup(code: string, name: string | null): string {
  return name ? `${code} ${name}` : code;
}

/**
 * Counts the response status per organisation type, per kommungrupp (kommuner only) and per län (kommuner and the
 * region of the län together).
 */
export function summariseFollowUp(entries: readonly FollowUpEntry[]): FollowUpSummary {
  return {
    total: tally('all', 'all', entries),
    byType: groupBy(entries, (entry) => ({ key: entry.type, label: entry.type })),
    byGroup: groupBy(entries, (entry) =>
      entry.group ? { key: entry.group, label: describeGroup(entry.group, entry.groupName) } : null,
    ),
    byCounty: groupBy(entries, (entry) => ({ key: entry.countyCode, label: entry.countyName })),
  };
}

/** The organisations behind one number of the summary. */
export function filterFollowUp(entries: readonly FollowUpEntry[], filter: FollowUpFilter): FollowUpEntry[] {
  return entries.filter(
    (entry) =>
      (filter.type === undefined || entry.type === filter.type) &&
      (filter.group === undefined || entry.group === filter.group) &&
      (filter.county === undefined || entry.countyCode === filter.county) &&
      (filter.status === undefined ||
        (filter.status === 'not_submitted' ? entry.status !== 'submitted' : entry.status === filter.status)) &&
      (filter.mail === undefined || matchesDeliveryFilter(entry.mail, filter.mail)),
  );
}

/** A CSV cell (comma separated) that a spreadsheet never runs as a formula. */
export function csvCell(value: string, separator: ',' | ';' = ','): string {
  // A leading =, +, - or @ would make a spreadsheet run the cell as a formula.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /["\n\r]/.test(safe) || safe.includes(separator) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** The non-responders (not submitted) as CSV, with a byte order mark so that Excel reads the å, ä and ö. */
export function renderNonRespondersCsv(entries: readonly FollowUpEntry[]): string {
  const header = ['code', 'name', 'type', 'group', 'county', 'status', 'contact_name', 'contact_email'];
  const lines = filterFollowUp(entries, { status: 'not_submitted' }).map((entry) =>
    [
      entry.code,
      entry.name,
      entry.type,
      entry.group ?? '',
      entry.countyName,
      entry.status,
      entry.contactName ?? '',
      entry.contactEmail ?? '',
    ]
      .map((cell) => csvCell(cell))
      .join(','),
  );
  return `\uFEFF${[header.join(','), ...lines].join('\r\n')}\r\n`;
}
