import type { buildCodebook } from './codebook.ts';
import { type FigureRow, figureColumns } from './open-data.ts';

/**
 * Writes the figures as an XLSX workbook: the sheet "figures" with the same columns as the CSV (a suppressed cell
 * stays empty and is marked in the column "suppressed"), and the sheet "codebook" describing each column.
 */
export async function writeFiguresXlsx(
  rows: readonly FigureRow[],
  codebook: ReturnType<typeof buildCodebook>,
): Promise<Buffer> {
  // Loaded on use: exceljs is large and most processes never read or write a workbook.
  const { default: excel } = await import('exceljs');
  const workbook = new excel.Workbook();
  workbook.creator = 'Lägesbild';
  const sheet = workbook.addWorksheet('figures', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow([...figureColumns]);
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(figureColumns.map((column) => row[column]));
  const variables = workbook.addWorksheet('codebook');
  variables.addRow(['variable', 'description_sv', 'description_en']);
  variables.getRow(1).font = { bold: true };
  for (const variable of codebook.variables)
    variables.addRow([variable.name, variable.description.sv, variable.description.en]);
  const written = await workbook.xlsx.writeBuffer();
  return Buffer.from(written);
}
