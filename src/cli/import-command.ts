import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { Command } from '../cli.ts';
import { type ParsedImportFile, parseResponsesCsv, parseResponsesWorkbook } from '../results/import-file.ts';
import { checkFileSize, checkRowCount, checkUncompressedSize, decodeUtf8 } from '../results/import-limits.ts';
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
    const content = await readFile(file).catch(cannotRead);
    let parsed: ParsedImportFile;
    if (isWorkbook) {
      const expands = checkUncompressedSize(content, limits);
      if (expands) rejectImportFile([expands]);
      parsed = await parseResponsesWorkbook(content, round);
    } else {
      const decoded = decodeUtf8(content);
      if (!decoded.ok) rejectImportFile([decoded.problem]);
      parsed = parseResponsesCsv(decoded.text);
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
