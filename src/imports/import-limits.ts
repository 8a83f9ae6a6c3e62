/**
 * Limits on an import file: its size on disk (before it is read), for a workbook the total uncompressed size its ZIP
 * directory declares and then the size its entries really inflate to (a small "zip bomb" expands to gigabytes), the
 * number of rows (a CSV's reading stops at the limit), and UTF-8 text (csv-records.ts).
 * Reasons are in Swedish first, as the people who import read them.
 */
import { createInflateRaw } from 'node:zlib';
import type { CsvReadProblem } from './csv-records.ts';

/** One reason an import file is rejected, with the row it concerns (1 is the header). */
export interface ImportProblem {
  row: number;
  reason: string;
}

export type ImportLimits = { maxFileBytes: number; maxRows: number; maxUncompressedBytes: number };

const megabyte = 1024 * 1024;

function inMegabytes(bytes: number): string {
  return `${Math.round((bytes / megabyte) * 10) / 10} MB`;
}

/** A file larger than the limit, refused before it is read. */
export function checkFileSize(size: number, limits: ImportLimits): ImportProblem | null {
  if (size <= limits.maxFileBytes) return null;
  return {
    row: 1,
    reason: `filen är ${inMegabytes(size)}, större än gränsen ${inMegabytes(limits.maxFileBytes)} (IMPORT_MAX_FILE_MB) / the file is larger than the limit`,
  };
}

/** More rows than the limit. */
export function checkRowCount(rows: number, limits: ImportLimits): ImportProblem | null {
  if (rows <= limits.maxRows) return null;
  return {
    row: limits.maxRows + 1,
    reason: `filen har fler än ${limits.maxRows} rader (IMPORT_MAX_ROWS) / the file has more rows than the limit`,
  };
}

/** Words a problem of the streaming CSV reader for the people who import (Swedish first). */
export function describeCsvReadProblem(problem: CsvReadProblem): ImportProblem {
  switch (problem.kind) {
    case 'not_utf8':
      return {
        row: problem.line,
        reason: `filen är inte UTF-8: rad ${problem.line} har byten 0x${problem.byte.toString(16)} som inte är giltig UTF-8 (troligen Latin-1/Windows-1252; spara filen som "CSV UTF-8") / not UTF-8: line ${problem.line} has an invalid byte sequence`,
      };
    case 'too_many_rows':
      return {
        row: problem.line,
        reason: `filen har fler än ${problem.maxRows} rader (IMPORT_MAX_ROWS) / the file has more rows than the limit`,
      };
    case 'not_csv':
      return { row: problem.line, reason: `not readable as CSV: ${problem.message}` };
  }
}

/**
 * Sums the uncompressed sizes in a ZIP file's central directory (an XLSX is a ZIP) and refuses more than the limit
 * before anything is inflated. ZIP64 entries (sizes beyond 4 GB) are refused outright.
 */
export function checkUncompressedSize(content: Buffer, limits: ImportLimits): ImportProblem | null {
  const refuse = (what: string): ImportProblem => ({
    row: 1,
    reason: `arbetsboken packas upp till ${what}, mer än gränsen ${inMegabytes(limits.maxUncompressedBytes)} (IMPORT_MAX_XLSX_MB) / the workbook expands beyond the limit`,
  });
  const endSignature = 0x06054b50;
  let end = -1;
  for (let index = content.length - 22; index >= Math.max(0, content.length - 22 - 65_535); index -= 1) {
    if (content.readUInt32LE(index) === endSignature) {
      end = index;
      break;
    }
  }
  if (end < 0) return { row: 1, reason: 'filen är inte en XLSX-arbetsbok (ingen ZIP-katalog) / not an XLSX workbook' };
  const entries = content.readUInt16LE(end + 10);
  let offset = content.readUInt32LE(end + 16);
  let total = 0;
  for (let entry = 0; entry < entries; entry += 1) {
    if (offset + 46 > content.length || content.readUInt32LE(offset) !== 0x02014b50) {
      return { row: 1, reason: 'arbetsbokens ZIP-katalog är trasig / the workbook’s ZIP directory is damaged' };
    }
    const size = content.readUInt32LE(offset + 24);
    if (size === 0xffffffff) return refuse('mer än 4 GB');
    total += size;
    if (total > limits.maxUncompressedBytes) return refuse(`minst ${inMegabytes(total)}`);
    offset +=
      46 + content.readUInt16LE(offset + 28) + content.readUInt16LE(offset + 30) + content.readUInt16LE(offset + 32);
  }
  return null;
}

/** One entry of a ZIP's central directory: where its data starts, how it is stored and how long it is packed. */
type ZipEntry = { name: string; method: number; compressedSize: number; localHeaderOffset: number };

function readZipEntries(content: Buffer): ZipEntry[] | null {
  let end = -1;
  for (let index = content.length - 22; index >= Math.max(0, content.length - 22 - 65_535); index -= 1) {
    if (content.readUInt32LE(index) === 0x06054b50) {
      end = index;
      break;
    }
  }
  if (end < 0) return null;
  const entries: ZipEntry[] = [];
  let offset = content.readUInt32LE(end + 16);
  for (let entry = 0; entry < content.readUInt16LE(end + 10); entry += 1) {
    if (offset + 46 > content.length || content.readUInt32LE(offset) !== 0x02014b50) return null;
    const nameLength = content.readUInt16LE(offset + 28);
    entries.push({
      name: content.subarray(offset + 46, offset + 46 + nameLength).toString('utf8'),
      method: content.readUInt16LE(offset + 10),
      compressedSize: content.readUInt32LE(offset + 20),
      localHeaderOffset: content.readUInt32LE(offset + 42),
    });
    offset += 46 + nameLength + content.readUInt16LE(offset + 30) + content.readUInt16LE(offset + 32);
  }
  return entries;
}

/** Inflates deflated bytes, counting and discarding the output; resolves with the count, or -1 past `budget`. */
function countInflated(data: Buffer, budget: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const inflater = createInflateRaw();
    let total = 0;
    inflater.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > budget) {
        inflater.destroy();
        resolve(-1);
      }
    });
    inflater.on('end', () => resolve(total));
    inflater.on('error', reject);
    inflater.end(data);
  });
}

/**
 * Inflates every entry of a workbook's ZIP (discarding the output) and refuses it as soon as the real total passes
 * IMPORT_MAX_XLSX_MB, whatever its directory declares: memory stays at one chunk, time at the limit's worth.
 */
export async function checkInflatedSize(content: Buffer, limits: ImportLimits): Promise<ImportProblem | null> {
  const damaged: ImportProblem = {
    row: 1,
    reason: 'arbetsbokens ZIP-fil är trasig / the workbook’s ZIP file is damaged',
  };
  const entries = readZipEntries(content);
  if (entries === null) return damaged;
  let total = 0;
  for (const entry of entries) {
    const local = entry.localHeaderOffset;
    if (local + 30 > content.length || content.readUInt32LE(local) !== 0x04034b50) return damaged;
    const start = local + 30 + content.readUInt16LE(local + 26) + content.readUInt16LE(local + 28);
    const data = content.subarray(start, start + entry.compressedSize);
    const budget = limits.maxUncompressedBytes - total;
    let size: number;
    if (entry.method === 0) size = data.length;
    else if (entry.method === 8) size = await countInflated(data, budget).catch(() => Number.NaN);
    else return { row: 1, reason: `arbetsboken använder en okänd packning (${entry.name}) / unknown ZIP method` };
    if (Number.isNaN(size)) return damaged;
    if (size < 0 || size > budget) {
      return {
        row: 1,
        reason: `arbetsboken packas upp till mer än gränsen ${inMegabytes(limits.maxUncompressedBytes)} (IMPORT_MAX_XLSX_MB), fast den uppger mindre / the workbook expands beyond the limit`,
      };
    }
    total += size;
  }
  return null;
}
