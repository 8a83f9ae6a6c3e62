import { parse } from 'csv-parse/sync';
import { normaliseEmail } from '../accounts/accounts.service.ts';
import { CsvReadError, type CsvRecord, readCsvRecords } from '../imports/csv-records.ts';

export type ContactInput = {
  organisationCode: string;
  contactName: string;
  contactEmail: string;
  /** The language of the mail the contact gets. */
  contactLanguage: 'sv' | 'en';
};

export type ContactProblemReason =
  | 'not_csv'
  | 'header'
  | 'columns'
  | 'not_invited'
  | 'missing_name'
  | 'invalid_email'
  | 'invalid_language'
  | 'duplicate'
  | 'not_utf8'
  | 'too_many_rows';

/** One bad line of a contacts file; line 1 is the header. */
export type ContactProblem = { line: number; reason: ContactProblemReason; value: string };

const expectedHeader = ['organisation', 'name', 'email'];
// The language column is optional, so files written before it existed still read.
const headerWithLanguage = [...expectedHeader, 'language'];

/**
 * Reads a contacts file (`organisation,name,email[,language]`; UTF-8, optional byte order mark; language sv or en,
 * Swedish when left out or empty) against the round's invited
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
  return checkContactRows(rows, invitedCodes);
}

/**
 * Reads a contacts file as it streams in (a posted text or the bytes of a file), strictly as UTF-8 and with at most
 * one row per invited organisation: reading stops at the first line that is not UTF-8 or at the first row past the
 * limit, whatever the file's size. Otherwise as parseContactsCsv.
 */
export async function readContactsCsv(
  source: string | Buffer,
  invitedCodes: ReadonlySet<string>,
): Promise<{ contacts: ContactInput[]; problems: ContactProblem[] }> {
  let records: CsvRecord[];
  try {
    records = await readCsvRecords([source], { maxRows: invitedCodes.size });
  } catch (error) {
    if (!(error instanceof CsvReadError)) throw error;
    const { problem } = error;
    const value =
      problem.kind === 'not_utf8'
        ? `0x${problem.byte.toString(16)}`
        : problem.kind === 'too_many_rows'
          ? String(problem.maxRows)
          : problem.message;
    return { contacts: [], problems: [{ line: problem.line, reason: problem.kind, value }] };
  }
  return checkContactRows(
    records.map((entry) => entry.record),
    invitedCodes,
  );
}

function checkContactRows(
  rows: string[][],
  invitedCodes: ReadonlySet<string>,
): { contacts: ContactInput[]; problems: ContactProblem[] } {
  const [header = [], ...body] = rows;
  const columns = header.map((cell) => cell.toLowerCase()).join(',');
  if (columns !== expectedHeader.join(',') && columns !== headerWithLanguage.join(',')) {
    return { contacts: [], problems: [{ line: 1, reason: 'header', value: header.join(',') }] };
  }
  const contacts: ContactInput[] = [];
  const problems: ContactProblem[] = [];
  const seen = new Set<string>();
  body.forEach((cells, index) => {
    const line = index + 2;
    const [code = '', name = '', email = '', language = ''] = cells;
    const contactLanguage =
      language === '' || language.toLowerCase() === 'sv' ? 'sv' : language.toLowerCase() === 'en' ? 'en' : null;
    if (cells.length !== header.length) problems.push({ line, reason: 'columns', value: cells.join(',') });
    else if (!invitedCodes.has(code)) problems.push({ line, reason: 'not_invited', value: code });
    else if (seen.has(code)) problems.push({ line, reason: 'duplicate', value: code });
    else if (name === '') problems.push({ line, reason: 'missing_name', value: code });
    else if (contactLanguage === null) problems.push({ line, reason: 'invalid_language', value: language });
    else {
      seen.add(code);
      try {
        contacts.push({
          organisationCode: code,
          contactName: name,
          contactEmail: normaliseEmail(email),
          contactLanguage,
        });
      } catch {
        problems.push({ line, reason: 'invalid_email', value: email });
      }
    }
  });
  return { contacts, problems };
}
