/**
 * Reads CSV records from a stream of bytes without holding the file twice: complete lines are decoded strictly as
 * UTF-8 (a Latin-1 or Windows-1252 file is refused, naming its first bad line, instead of being stored garbled),
 * fed to csv-parse's streaming parser, and reading stops as soon as the row limit is passed. Used by the responses
 * import (a file on disk) and the contacts import (a posted text).
 */
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';

/** One record with the line it ends on (the header is line 1). */
export type CsvRecord = { record: string[]; line: number };

export type CsvReadProblem =
  | { kind: 'not_utf8'; line: number; byte: number }
  | { kind: 'too_many_rows'; line: number; maxRows: number }
  | { kind: 'not_csv'; line: number; message: string };

/** Why a CSV could not be read; `problem` says where. */
export class CsvReadError extends Error {
  constructor(readonly problem: CsvReadProblem) {
    super(`CSV not readable: ${problem.kind} at line ${problem.line}`);
  }
}

const newline = 0x0a;

/** The first line (1-based) of `bytes` that is not valid UTF-8, with its first byte above 0x7f, or null. */
export function findInvalidUtf8Line(bytes: Uint8Array): { line: number; byte: number } | null {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  let start = 0;
  for (let index = 0; index <= bytes.length; index += 1) {
    if (index === bytes.length || bytes[index] === newline) {
      const part = bytes.subarray(start, index);
      try {
        decoder.decode(part);
      } catch {
        return { line, byte: [...part].find((byte) => byte >= 0x80) ?? 0 };
      }
      line += 1;
      start = index + 1;
    }
  }
  return null;
}

/**
 * Decodes a byte stream into text at line boundaries (a newline never falls inside a UTF-8 sequence), strictly.
 * @throws CsvReadError('not_utf8') naming the first bad line.
 */
async function* decodeLines(
  source: Iterable<Uint8Array | string> | AsyncIterable<Uint8Array | string>,
): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let carry: Uint8Array = new Uint8Array(0);
  let linesBefore = 0;
  const decode = (bytes: Uint8Array): string => {
    try {
      return decoder.decode(bytes);
    } catch {
      const bad = findInvalidUtf8Line(bytes);
      throw new CsvReadError({ kind: 'not_utf8', line: linesBefore + (bad?.line ?? 1), byte: bad?.byte ?? 0 });
    }
  };
  for await (const chunk of source) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    const joined = carry.length === 0 ? bytes : Buffer.concat([carry, bytes]);
    const end = joined.lastIndexOf(newline);
    if (end < 0) {
      carry = joined;
      continue;
    }
    const complete = joined.subarray(0, end + 1);
    const text = decode(complete);
    for (const byte of complete) if (byte === newline) linesBefore += 1;
    carry = joined.subarray(end + 1);
    yield text;
  }
  if (carry.length > 0) yield decode(carry);
}

/**
 * Reads the header and at most `maxRows` further records (empty lines skipped, cells trimmed, a leading byte order
 * mark dropped), stopping the stream as soon as one more record appears.
 * @throws CsvReadError for text that is not UTF-8, not CSV, or longer than the limit.
 */
export async function readCsvRecords(
  source: Iterable<Uint8Array | string> | AsyncIterable<Uint8Array | string>,
  options: { maxRows: number; delimiter?: string },
): Promise<CsvRecord[]> {
  const records: CsvRecord[] = [];
  const parser = parse({
    bom: true,
    info: true,
    trim: true,
    skip_empty_lines: true,
    relax_column_count: true,
    delimiter: options.delimiter ?? ',',
  });
  const input = Readable.from(decodeLines(source));
  // A decoding error ends the parser with it, so the loop below throws it.
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);
  let tooMany: CsvReadError | undefined;
  try {
    for await (const entry of parser) {
      const record = readRecord(entry);
      if (records.length > options.maxRows) {
        tooMany = new CsvReadError({ kind: 'too_many_rows', line: record.line, maxRows: options.maxRows });
        break;
      }
      records.push(record);
    }
  } catch (error) {
    if (error instanceof CsvReadError) throw error;
    const line = error instanceof Error && 'lines' in error && typeof error.lines === 'number' ? error.lines : 1;
    throw new CsvReadError({ kind: 'not_csv', line, message: error instanceof Error ? error.message : String(error) });
  } finally {
    // Leaving the loop early stops reading the source: the rest of the file is never read.
    input.destroy();
  }
  if (tooMany) throw tooMany;
  return records;
}

/** csv-parse with `info` yields { record, info: { lines } }; checked rather than cast. */
function readRecord(entry: unknown): CsvRecord {
  if (typeof entry === 'object' && entry !== null && 'record' in entry && 'info' in entry) {
    const { record, info } = entry;
    const lines = typeof info === 'object' && info !== null && 'lines' in info ? info.lines : undefined;
    if (Array.isArray(record) && typeof lines === 'number') return { record: record.map(String), line: lines };
  }
  throw new Error('csv-parse returned an unexpected record shape');
}
