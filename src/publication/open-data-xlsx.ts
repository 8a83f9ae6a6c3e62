import type { buildCodebook } from './codebook.ts';
import { type FigureRow, figureColumns } from './open-data.ts';
import { answerColumns, type CodebookTables, groupColumns, questionColumns } from './open-data-package.ts';

/**
 * Writes the figures as an XLSX workbook: the sheets "figures" (Swedish labels) and "figures-en" (English labels)
 * with the same columns as the CSV files (a suppressed cell stays empty and is marked in the column
 * "suppressed"), and the complete codebook: "codebook" describing each column, then "questions", "answers" and
 * "groups" with every code's label in Swedish and English.
 */
export async function writeFiguresXlsx(input: {
  rows: { sv: readonly FigureRow[]; en: readonly FigureRow[] };
  codebook: ReturnType<typeof buildCodebook>;
  tables: CodebookTables;
}): Promise<Buffer> {
  // Loaded on use: exceljs is large and most processes never read or write a workbook.
  const { default: excel } = await import('exceljs');
  const workbook = new excel.Workbook();
  workbook.creator = 'Lägesbild';
  const addSheet = <C extends string>(
    name: string,
    columns: readonly C[],
    rows: readonly Record<C, string | number | null>[],
  ) => {
    const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.addRow([...columns]);
    sheet.getRow(1).font = { bold: true };
    for (const row of rows) sheet.addRow(columns.map((column) => row[column]));
  };
  addSheet('figures', figureColumns, input.rows.sv);
  addSheet('figures-en', figureColumns, input.rows.en);
  addSheet(
    'codebook',
    ['variable', 'description_sv', 'description_en'] as const,
    input.codebook.variables.map((variable) => ({
      variable: variable.name,
      description_sv: variable.description.sv,
      description_en: variable.description.en,
    })),
  );
  addSheet('questions', questionColumns, input.tables.questions);
  addSheet('answers', answerColumns, input.tables.answers);
  addSheet('groups', groupColumns, input.tables.groups);
  const written = await workbook.xlsx.writeBuffer();
  return Buffer.from(written);
}
