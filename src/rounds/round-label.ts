// A round's label is its identifier in URLs, file names and the command line: a restricted alphabet (letters,
// digits, `-`, `_`, `.`), beginning with a letter or digit, without `..`, so that it can never leave a folder or
// mean something else in a path (security review, finding 11). Every route, form, import and file name checks it
// with this one pattern.

/** The pattern every route's label parameter and every new round's label must match. */
export const roundLabelPattern = '^(?!.*\\.\\.)[A-Za-z0-9][A-Za-z0-9._-]{0,39}$';
const roundLabelExpression = new RegExp(roundLabelPattern);

/** Whether a label may name a round. */
export function isValidRoundLabel(label: string): boolean {
  return roundLabelExpression.test(label);
}

/** The longest display name a round may have. */
export const roundDisplayNameMaxLength = 120;

/**
 * Checks a round's display name (free text beside the label, shown on pages, always escaped there): trimmed, empty
 * means none; at most 120 characters, no line breaks or other control characters (a name is one line in headings,
 * titles and mail subjects). Returns the name (or null) or the problem.
 */
export function checkRoundDisplayName(
  text: string | undefined,
): { displayName: string | null; problem: null } | { displayName: null; problem: 'too_long' | 'invalid' } {
  const trimmed = (text ?? '').trim();
  if (trimmed === '') return { displayName: null, problem: null };
  if ([...trimmed].length > roundDisplayNameMaxLength) return { displayName: null, problem: 'too_long' };
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(trimmed)) return { displayName: null, problem: 'invalid' };
  return { displayName: trimmed, problem: null };
}

/** What pages call a round: its display name, or its label when it has none. */
export function formatRoundTitle(round: { label: string; displayName: string | null }): string {
  return round.displayName ?? round.label;
}

/**
 * The label as a file-name part: anything outside the label alphabet, and any run of dots, becomes `_`, so that a
 * label stored before labels were restricted still yields one harmless name within its folder.
 */
export function toFileNameSlug(label: string): string {
  return (
    label
      .replace(/[^A-Za-z0-9._-]+/g, '_')
      .replace(/\.{2,}/g, '_')
      .replace(/^[._-]+/, '') || 'omgang'
  );
}
