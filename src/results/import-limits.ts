/**
 * Limits on an import file, checked before it is parsed: its size on disk, for a workbook the total uncompressed
 * size its ZIP directory declares (a small "zip bomb" expands to gigabytes), the number of rows, and UTF-8 text.
 * Reasons are in Swedish first, as the people who import read them.
 */
import type { ImportProblem } from './import-file.ts';

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

/**
 * Decodes UTF-8 strictly: a file in another encoding (Latin-1, Windows-1252 from Excel's "CSV") would otherwise be
 * stored with replacement characters. Names the first line with an invalid byte sequence.
 */
export function decodeUtf8(content: Buffer): { ok: true; text: string } | { ok: false; problem: ImportProblem } {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    return { ok: true, text: decoder.decode(content) };
  } catch {
    let line = 1;
    let start = 0;
    for (let index = 0; index <= content.length; index += 1) {
      if (index === content.length || content[index] === 0x0a) {
        try {
          decoder.decode(content.subarray(start, index));
        } catch {
          const bad = [...content.subarray(start, index)].find((byte) => byte >= 0x80) ?? 0;
          return {
            ok: false,
            problem: {
              row: line,
              reason: `filen är inte UTF-8: rad ${line} har byten 0x${bad.toString(16)} som inte är giltig UTF-8 (troligen Latin-1/Windows-1252; spara filen som "CSV UTF-8") / not UTF-8: line ${line} has an invalid byte sequence`,
            },
          };
        }
        line += 1;
        start = index + 1;
      }
    }
    return { ok: false, problem: { row: 1, reason: 'filen är inte UTF-8 / not UTF-8' } };
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
