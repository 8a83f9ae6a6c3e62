import { parse } from 'csv-parse/sync';
import type ExcelJS from 'exceljs';
import { normaliseEmail } from '../accounts/accounts.service.ts';
import { CsvReadError, type CsvRecord, readCsvRecords } from '../imports/csv-records.ts';
import { readCellText } from '../imports/workbook-cells.ts';

export type ContactInput = {
  organisationCode: string;
  contactName: string;
  contactEmail: string;
  /** The language of the mail the contact gets. */
  contactLanguage: 'sv' | 'en';
};

export type ContactProblemReason =
  | 'not_csv'
  | 'not_xlsx'
  | 'name_not_code'
  | 'header'
  | 'columns'
  | 'not_invited'
  | 'missing_name'
  | 'invalid_email'
  | 'invalid_language'
  | 'duplicate'
  | 'too_many_contacts'
  | 'empty'
  | 'not_utf8'
  | 'too_many_rows';

/** The most contacts one organisation may have in a round: the first and four more. */
export const maxContactsPerOrganisation = 5;

/** One bad line of a contacts file; line 1 is the header. */
export type ContactProblem = { line: number; reason: ContactProblemReason; value: string; suggestion?: string };

/** The accepted names of each column, Swedish and English, compared in lower case. */
const columnNames = {
  organisation: ['organisation', 'kommunkod', 'lanskod', 'länskod', 'regionkod', 'kod', 'organisationskod'],
  name: ['name', 'namn', 'kontaktperson'],
  email: ['email', 'e-mail', 'e-post', 'epost', 'e-postadress'],
  language: ['language', 'språk', 'sprak'],
} as const;
type Column = keyof typeof columnNames;

function findColumn(cell: string): Column | undefined {
  const name = cell.trim().toLowerCase();
  return (Object.keys(columnNames) as Column[]).find((column) =>
    (columnNames[column] as readonly string[]).includes(name),
  );
}

/** Swedish Excel writes semicolons: the header line decides which separator the file uses. */
function detectSeparator(text: string): ';' | ',' {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  return (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
}

/**
 * Reads a contacts file as CSV: comma or semicolon separated, UTF-8 with or without a byte order mark, with a
 * header of Swedish or English column names (`kommunkod`/`organisation`, `namn`/`name`, `e-post`/`email`, optional
 * `språk`/`language`: sv or en, Swedish when left out or empty), in any order. `invitedNames` maps the invited
 * organisations' names (lower case) to their codes, so that a name in place of a code gets the code suggested.
 * Every bad line is reported; the caller writes nothing unless `problems` is empty.
 */
export function parseContactsCsv(
  text: string,
  invitedCodes: ReadonlySet<string>,
  invitedNames: ReadonlyMap<string, string> = new Map(),
): { contacts: ContactInput[]; problems: ContactProblem[] } {
  const content = text.replace(/^\uFEFF/, '');
  let rows: string[][];
  try {
    rows = parse(content, {
      delimiter: detectSeparator(content),
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
    });
  } catch (error) {
    return {
      contacts: [],
      problems: [{ line: 1, reason: 'not_csv', value: error instanceof Error ? error.message : '' }],
    };
  }
  return parseContactRows(rows, invitedCodes, invitedNames);
}

/**
 * Reads a contacts CSV as it streams in (a posted text or the bytes of a file), strictly as UTF-8 and with at most
 * maxContactsPerOrganisation rows per invited organisation: reading stops at the first line that is not UTF-8 or at the first row past that
 * limit, whatever the file's size (security review, finding 12). Otherwise as parseContactsCsv.
 */
export async function readContactsCsv(
  source: string | Buffer,
  invitedCodes: ReadonlySet<string>,
  invitedNames: ReadonlyMap<string, string> = new Map(),
): Promise<{ contacts: ContactInput[]; problems: ContactProblem[] }> {
  // The separator is decided by the header line alone, so only that line is looked at here.
  const firstLine = (
    typeof source === 'string' ? source.slice(0, 4096) : source.subarray(0, 4096).toString('utf8')
  ).replace(/^\uFEFF/, '');
  let records: CsvRecord[];
  try {
    records = await readCsvRecords([source], {
      maxRows: invitedCodes.size * maxContactsPerOrganisation,
      delimiter: detectSeparator(firstLine),
    });
  } catch (error) {
    if (!(error instanceof CsvReadError)) throw error;
    const { problem } = error;
    const value =
      problem.kind === 'not_utf8'
        ? `0x${problem.byte.toString(16)}`
        : problem.kind === 'too_many_rows'
          ? String(invitedCodes.size)
          : problem.message;
    return { contacts: [], problems: [{ line: problem.line, reason: problem.kind, value }] };
  }
  return parseContactRows(
    records.map((entry) => entry.record),
    invitedCodes,
    invitedNames,
  );
}

/**
 * Reads the first sheet of an XLSX contacts file into rows of text, as parseContactRows takes them; a code typed as
 * a number keeps its leading zero only when the cell was text, so a four-digit code is padded back (0180).
 */
export async function readContactsWorkbook(
  content: Buffer,
): Promise<{ rows: string[][] } | { problem: ContactProblem }> {
  // Loaded on use: exceljs is large and most processes never read a workbook.
  const { default: excel } = await import('exceljs');
  const workbook = new excel.Workbook();
  try {
    // exceljs declares its own Buffer type as an ArrayBuffer; a copy of the bytes satisfies it without a cast.
    const bytes = new ArrayBuffer(content.byteLength);
    new Uint8Array(bytes).set(content);
    await workbook.xlsx.load(bytes);
  } catch {
    return { problem: { line: 1, reason: 'not_xlsx', value: '' } };
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return { problem: { line: 1, reason: 'not_xlsx', value: '' } };
  const width = sheet.getRow(1).cellCount;
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => {
    const cells = Array.from({ length: width }, (_, index) => readCellText(row.getCell(index + 1).value, 'true-false'));
    rows.push(cells);
  });
  const header = rows[0] ?? [];
  const codeColumn = header.findIndex((cell) => findColumn(cell) === 'organisation');
  for (const row of rows.slice(1)) {
    const code = row[codeColumn];
    // Excel drops the leading zero of 0180 when the cell is a number; kommunkoder have four digits.
    if (code !== undefined && /^[0-9]{3}$/.test(code) && header[codeColumn]?.toLowerCase() === 'kommunkod') {
      row[codeColumn] = code.padStart(4, '0');
    }
  }
  return { rows: rows.filter((row, index) => index === 0 || row.some((cell) => cell !== '')) };
}

/** Checks rows of a contacts file (the header first) against the round's invited organisations. */
export function parseContactRows(
  rows: readonly string[][],
  invitedCodes: ReadonlySet<string>,
  invitedNames: ReadonlyMap<string, string> = new Map(),
): { contacts: ContactInput[]; problems: ContactProblem[] } {
  const [header = [], ...body] = rows;
  const columns = header.map(findColumn);
  const position = (column: Column) => columns.indexOf(column);
  const isHeaderValid =
    columns.every((column) => column !== undefined) &&
    new Set(columns).size === columns.length &&
    position('organisation') >= 0 &&
    position('name') >= 0 &&
    position('email') >= 0;
  if (!isHeaderValid) {
    return { contacts: [], problems: [{ line: 1, reason: 'header', value: header.join(';') }] };
  }
  const contacts: ContactInput[] = [];
  const problems: ContactProblem[] = [];
  // The addresses seen for each organisation: one organisation may have several contacts, each address once.
  const seen = new Map<string, Set<string>>();
  body.forEach((cells, index) => {
    const line = index + 2;
    const cell = (column: Column) => cells[position(column)] ?? '';
    const code = cell('organisation');
    const name = cell('name');
    const email = cell('email');
    const language = position('language') >= 0 ? cell('language') : '';
    const contactLanguage =
      language === '' || language.toLowerCase() === 'sv' ? 'sv' : language.toLowerCase() === 'en' ? 'en' : null;
    const suggestedCode = invitedNames.get(code.toLowerCase());
    if (cells.length !== header.length) problems.push({ line, reason: 'columns', value: cells.join(',') });
    else if (!invitedCodes.has(code) && suggestedCode !== undefined) {
      problems.push({ line, reason: 'name_not_code', value: code, suggestion: suggestedCode });
    } else if (!invitedCodes.has(code)) problems.push({ line, reason: 'not_invited', value: code });
    else if (name === '') problems.push({ line, reason: 'missing_name', value: code });
    else if (contactLanguage === null) problems.push({ line, reason: 'invalid_language', value: language });
    else {
      let address: string;
      try {
        address = normaliseEmail(email);
      } catch {
        problems.push({ line, reason: 'invalid_email', value: email });
        return;
      }
      const addresses = seen.get(code) ?? new Set<string>();
      seen.set(code, addresses);
      if (addresses.has(address.toLowerCase()))
        problems.push({ line, reason: 'duplicate', value: `${code} ${address}` });
      else if (addresses.size >= maxContactsPerOrganisation) {
        problems.push({ line, reason: 'too_many_contacts', value: code });
      } else {
        addresses.add(address.toLowerCase());
        contacts.push({ organisationCode: code, contactName: name, contactEmail: address, contactLanguage });
      }
    }
  });
  return { contacts, problems };
}

type ContactPerson = { name: string; email: string; language: 'sv' | 'en' };

/** What reading a contacts file would do to one organisation's contacts, for the preview. */
export type ContactChange = {
  organisationCode: string;
  organisationName: string;
  kind: 'new' | 'changed' | 'unchanged';
  /** The organisation's contacts now, the first one first. */
  before: ContactPerson[];
  /** Its contacts after the import, in the file's order: the first row is the first contact. */
  after: ContactPerson[];
};

/**
 * Compares the file's contacts with the round's current ones, one change per organisation in the file, in the
 * file's order; an organisation the file does not name keeps its contacts.
 */
export function listContactChanges(
  current: ReadonlyArray<{
    organisationCode: string;
    contactName: string | null;
    contactEmail: string | null;
    contactLanguage: 'sv' | 'en';
  }>,
  organisations: ReadonlyArray<{ code: string; name: string }>,
  contacts: readonly ContactInput[],
): ContactChange[] {
  const names = new Map(organisations.map((organisation) => [organisation.code, organisation.name]));
  const person = (contact: {
    contactName: string | null;
    contactEmail: string | null;
    contactLanguage: 'sv' | 'en';
  }) =>
    contact.contactEmail && contact.contactName !== null
      ? [{ name: contact.contactName, email: contact.contactEmail, language: contact.contactLanguage }]
      : [];
  const before = new Map<string, ContactPerson[]>();
  for (const row of current)
    before.set(row.organisationCode, [...(before.get(row.organisationCode) ?? []), ...person(row)]);
  const after = new Map<string, ContactPerson[]>();
  for (const contact of contacts) {
    after.set(contact.organisationCode, [...(after.get(contact.organisationCode) ?? []), ...person(contact)]);
  }
  const same = (a: readonly ContactPerson[], b: readonly ContactPerson[]) =>
    a.length === b.length &&
    a.every((x, i) => x.name === b[i]?.name && x.email === b[i]?.email && x.language === b[i]?.language);
  return [...after].map(([code, people]) => {
    const now = before.get(code) ?? [];
    return {
      organisationCode: code,
      organisationName: names.get(code) ?? code,
      kind: now.length === 0 ? 'new' : same(now, people) ? 'unchanged' : 'changed',
      before: now,
      after: people,
    };
  });
}

/** A problem as the validation error carries it: "reason: value", with "|code" for a suggested code. */
export function describeContactProblem(problem: ContactProblem): string {
  if (problem.value === '') return problem.reason;
  return `${problem.reason}: ${problem.value}${problem.suggestion ? `|${problem.suggestion}` : ''}`;
}
