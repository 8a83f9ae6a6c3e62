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
