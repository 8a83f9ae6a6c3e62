import { parse } from 'csv-parse/sync';
import { normaliseEmail } from '../accounts/accounts.service.ts';

export type ContactInput = { organisationCode: string; contactName: string; contactEmail: string };

export type ContactProblemReason =
  | 'not_csv'
  | 'header'
  | 'columns'
  | 'not_invited'
  | 'missing_name'
  | 'invalid_email'
  | 'duplicate';

/** One bad line of a contacts file; line 1 is the header. */
export type ContactProblem = { line: number; reason: ContactProblemReason; value: string };

const expectedHeader = ['organisation', 'name', 'email'];

/**
 * Reads a contacts file (`organisation,name,email`; UTF-8, optional byte order mark) against the round's invited
 * organisations. Every bad line is reported; the caller writes nothing unless `problems` is empty.
 */
export function parseContactsCsv(
  text: string,
  invitedCodes: ReadonlySet<string>,
): { contacts: ContactInput[]; problems: ContactProblem[] } {
  let rows: string[][];
  try {
    rows = parse(text.replace(/^\uFEFF/, ''), { skip_empty_lines: true, relax_column_count: true, trim: true });
  } catch (error) {
    return {
      contacts: [],
      problems: [{ line: 1, reason: 'not_csv', value: error instanceof Error ? error.message : '' }],
    };
  }
  const [header = [], ...body] = rows;
  if (header.map((cell) => cell.toLowerCase()).join(',') !== expectedHeader.join(',')) {
    return { contacts: [], problems: [{ line: 1, reason: 'header', value: header.join(',') }] };
  }
  const contacts: ContactInput[] = [];
  const problems: ContactProblem[] = [];
  const seen = new Set<string>();
  body.forEach((cells, index) => {
    const line = index + 2;
    const [code = '', name = '', email = ''] = cells;
    if (cells.length !== 3) problems.push({ line, reason: 'columns', value: cells.join(',') });
    else if (!invitedCodes.has(code)) problems.push({ line, reason: 'not_invited', value: code });
    else if (seen.has(code)) problems.push({ line, reason: 'duplicate', value: code });
    else if (name === '') problems.push({ line, reason: 'missing_name', value: code });
    else {
      seen.add(code);
      try {
        contacts.push({ organisationCode: code, contactName: name, contactEmail: normaliseEmail(email) });
      } catch {
        problems.push({ line, reason: 'invalid_email', value: email });
      }
    }
  });
  return { contacts, problems };
}
