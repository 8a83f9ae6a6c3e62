/**
 * Reads an import file into rows of (round, org, question, value) text, without judging the values: the long CSV
 * `round,org,question,value`, or a workbook with one row per organisation and one column per question key.
 * Row numbers are the file's own (the header is row 1), so every problem can be found in the file.
 */
import type ExcelJS from 'exceljs';
import { CsvReadError, type CsvRecord, readCsvRecords } from '../imports/csv-records.ts';
import { describeCsvReadProblem, type ImportProblem } from '../imports/import-limits.ts';
import { readCellText } from '../imports/workbook-cells.ts';

/** One answer as written in the file; `row` is the line or spreadsheet row it came from. */
export interface ImportRow {
  row: number;
  round: string;
  org: string;
  question: string;
  value: string;
}

export type { ImportProblem } from '../imports/import-limits.ts';

export type ParsedImportFile = { ok: true; rows: ImportRow[] } | { ok: false; problems: ImportProblem[] };

const csvHeader = ['round', 'org', 'question', 'value'] as const;

/**
 * Parses the long CSV (UTF-8, comma-separated, optional BOM; empty lines are skipped) as it streams in: a text, or the
 * chunks of a file read from disk. Reading stops at the first line that is not UTF-8 or as soon as there are more
 * than `maxRows` rows, so memory is bounded by the limit, never by the file.
 */
export async function parseResponsesCsv(
  source: string | AsyncIterable<Uint8Array | string>,
  options: { maxRows: number } = { maxRows: Number.MAX_SAFE_INTEGER },
): Promise<ParsedImportFile> {
  let records: CsvRecord[];
  try {
    records = await readCsvRecords(typeof source === 'string' ? [source] : source, options);
  } catch (error) {
    if (error instanceof CsvReadError) return { ok: false, problems: [describeCsvReadProblem(error.problem)] };
    throw error;
  }
  const [header, ...body] = records;
  const headerCells = header?.record.map((cell) => cell.toLowerCase()) ?? [];
  if (headerCells.join(',') !== csvHeader.join(',')) {
    const found = header ? `"${header.record.join(',')}"` : 'an empty file';
    return { ok: false, problems: [{ row: 1, reason: `the header must be "${csvHeader.join(',')}", found ${found}` }] };
  }
  const rows: ImportRow[] = [];
  const problems: ImportProblem[] = [];
  for (const { record, line } of body) {
    const [round = '', org = '', question = '', value = ''] = record;
    if (record.length !== csvHeader.length) {
      problems.push({ row: line, reason: `expected 4 columns, found ${record.length}` });
      continue;
    }
    rows.push({ row: line, round, org, question, value });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, rows };
}

/**
 * Parses a workbook with one sheet: row 1 holds `org`, optionally `round`, and question keys; each further row is
 * one organisation. Empty cells are no answer. Without a `round` column, `round` (the --round option) names it.
 */
export async function parseResponsesWorkbook(content: Buffer, round: string | undefined): Promise<ParsedImportFile> {
  // Loaded on use: exceljs is large and most processes never read or write a workbook.
  const { default: excel } = await import('exceljs');
  const workbook = new excel.Workbook();
  try {
    // exceljs declares its own Buffer type as an ArrayBuffer; a copy of the bytes satisfies it without a cast.
    const bytes = new ArrayBuffer(content.byteLength);
    new Uint8Array(bytes).set(content);
    await workbook.xlsx.load(bytes);
  } catch (error) {
    return { ok: false, problems: [{ row: 1, reason: `not readable as XLSX: ${String(error)}` }] };
  }
  const sheets = workbook.worksheets;
  const sheet = sheets[0];
  if (sheet === undefined || sheets.length !== 1) {
    return {
      ok: false,
      problems: [{ row: 1, reason: `the workbook must have exactly one sheet, found ${sheets.length}` }],
    };
  }
  const columns = new Map<number, string>();
  sheet.getRow(1).eachCell((cell, column) => columns.set(column, readCellText(cell.value, 'yes-no').toLowerCase()));
  const orgColumn = [...columns].find(([, name]) => name === 'org')?.[0];
  const roundColumn = [...columns].find(([, name]) => name === 'round')?.[0];
  const problems: ImportProblem[] = [];
  if (orgColumn !== 1) problems.push({ row: 1, reason: 'the first column must be "org"' });
  if (roundColumn === undefined && (round === undefined || round === '')) {
    problems.push({ row: 1, reason: 'without a "round" column the round must be given (--round)' });
  }
  if (problems.length > 0) return { ok: false, problems };
  const rows: ImportRow[] = [];
  sheet.eachRow((row, rowNumber) => {
    if (rowNumber === 1) return;
    const org = readCellText(row.getCell(1).value, 'yes-no');
    const rowRound = roundColumn === undefined ? (round ?? '') : readCellText(row.getCell(roundColumn).value, 'yes-no');
    const answers = [...columns].filter(([column]) => column !== orgColumn && column !== roundColumn);
    const given = answers
      .map(([column, question]) => ({ question, value: readCellText(row.getCell(column).value, 'yes-no') }))
      .filter((answer) => answer.value !== '');
    if (org === '' && given.length === 0) return;
    if (org === '') {
      problems.push({ row: rowNumber, reason: 'the organisation code (column "org") is missing' });
      return;
    }
    for (const { question, value } of given) rows.push({ row: rowNumber, round: rowRound, org, question, value });
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, rows };
}
