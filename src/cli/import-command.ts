import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { Command } from '../cli.ts';
import { checkFileSize, checkInflatedSize, checkRowCount, checkUncompressedSize } from '../imports/import-limits.ts';
import { type ParsedImportFile, parseResponsesCsv, parseResponsesWorkbook } from '../results/import-file.ts';
import { importResponses, rejectImportFile } from '../results/import-responses.service.ts';
import { UsageError, withDatabase } from './context.ts';

export const importResponsesCommand: Command = {
  name: ['import', 'responses'],
  summary: 'Import answers from an earlier tool (CSV round,org,question,value, or XLSX one row per organisation)',
  usage: 'lagesbild import responses FILE.csv|FILE.xlsx [--round LABEL] [--dry-run]',
  options: { round: { type: 'string' }, 'dry-run': { type: 'boolean' } },
  positionals: ['FILE'],
  async run(context, values, positionals) {
    const [file] = positionals;
    if (file === undefined) throw new UsageError('Missing argument FILE.');
    const cannotRead = (error: NodeJS.ErrnoException) => {
      throw new UsageError(`Cannot read ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}.`);
    };
    const round = typeof values.round === 'string' ? values.round : undefined;
    const isWorkbook = extname(file).toLowerCase() === '.xlsx';
    if (round !== undefined && !isWorkbook) throw new UsageError('--round applies to XLSX files only.');
    // The size is checked before the file is read, and a workbook's expanded size before it is unpacked, so memory
    // stays bounded by the limits whatever the file holds.
    const limits = context.config.importLimits;
    const tooLarge = checkFileSize((await stat(file).catch(cannotRead)).size, limits);
    if (tooLarge) rejectImportFile([tooLarge]);
    let parsed: ParsedImportFile;
    if (isWorkbook) {
      const content = await readFile(file).catch(cannotRead);
      const expands = checkUncompressedSize(content, limits);
      if (expands) rejectImportFile([expands]);
      // The directory's sizes are the file's own claims: each entry is inflated (and thrown away) counting what it
      // really yields, stopping at the limit, before exceljs unpacks anything.
      const inflates = await checkInflatedSize(content, limits);
      if (inflates) rejectImportFile([inflates]);
      parsed = await parseResponsesWorkbook(content, round);
    } else {
      // Streamed: read, decoded and parsed a chunk at a time, stopping at the row limit or the first non-UTF-8 line.
      parsed = await parseResponsesCsv(createReadStream(file), { maxRows: limits.maxRows });
    }
    if (!parsed.ok) rejectImportFile(parsed.problems);
    const tooMany = checkRowCount(parsed.rows.length, limits);
    if (tooMany) rejectImportFile([tooMany]);
    const isDryRun = values['dry-run'] === true;
    const report = await withDatabase(context, (handle) =>
      importResponses(handle.db, context.clock, {
        rows: parsed.rows,
        isDryRun,
        actor: { userId: null, label: 'cli: import responses' },
        source: basename(file),
      }),
    );
    for (const label of report.createdRounds) context.out(`${isDryRun ? 'would create' : 'created'} round ${label}`);
    context.out(
      `${report.rows} rows, ${report.responses} responses: ${report.changed} ${isDryRun ? 'would change' : 'changed'}, ${report.responses - report.changed} unchanged.${isDryRun ? ' Dry run: nothing was written.' : ''}`,
    );
    return 0;
  },
};
