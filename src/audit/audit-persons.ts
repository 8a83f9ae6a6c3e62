/**
 * Keeps personal data out of the audit hash chain: before an event is hashed, every e-mail address in its actor
 * label and its details is replaced by `[person:<reference>]`; the address behind a reference is kept in
 * `audit_persons`, outside the chain. Erasing a person deletes that row: their events stay, verifiable, naming a
 * reference that leads nowhere. Reading events puts the addresses that are still kept back in.
 */

// Wide on purpose, as wide as the accounts' address check (non-ASCII letters too): anything that looks like an
// address is treated as one; a false positive only costs a reference.
const addressPattern = /[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:".]+/g;
const referencePattern = /\[person:([0-9a-f]{24})\]/g;

/** Formats a reference as it stands in a pseudonymised event. */
export function formatPersonReference(reference: string): string {
  return `[person:${reference}]`;
}

function mapStrings(value: unknown, map: (text: string) => string): unknown {
  if (typeof value === 'string') return map(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, map));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapStrings(item, map)]));
  }
  return value;
}

function collect(value: unknown, pattern: RegExp, found: Set<string>, group: 0 | 1): void {
  mapStrings(value, (text) => {
    for (const match of text.matchAll(pattern)) {
      const part = match[group];
      if (part !== undefined) found.add(group === 0 ? part.toLowerCase() : part);
    }
    return text;
  });
}

/** The lower-cased addresses in the given values (strings, arrays, objects). */
export function findAddresses(...values: unknown[]): string[] {
  const found = new Set<string>();
  for (const value of values) collect(value, addressPattern, found, 0);
  return [...found];
}

/** Replaces every address with its reference (every address must have one in `references`). */
export function pseudonymise<T>(value: T, references: ReadonlyMap<string, string>): T {
  return mapStrings(value, (text) =>
    text.replace(addressPattern, (address) => {
      const reference = references.get(address.toLowerCase());
      if (reference === undefined) throw new Error('An address in an audit event has no reference.');
      return formatPersonReference(reference);
    }),
  ) as T;
}

/** The references named in the given values. */
export function findReferences(...values: unknown[]): string[] {
  const found = new Set<string>();
  for (const value of values) collect(value, referencePattern, found, 1);
  return [...found];
}

/** Puts back the addresses still kept; an erased person's reference stays as it is. */
export function resolveReferences<T>(value: T, addresses: ReadonlyMap<string, string>): T {
  return mapStrings(value, (text) =>
    text.replace(referencePattern, (whole, reference: string) => addresses.get(reference) ?? whole),
  ) as T;
}
