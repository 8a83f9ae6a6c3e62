import type ExcelJS from 'exceljs';

/**
 * Reads a workbook cell as the text a person sees: strings trimmed, numbers as written (a decimal point), dates as
 * YYYY-MM-DD, rich text joined, a formula's cached result, a hyperlink's text (an e-mail address typed into Excel
 * becomes one). `booleans` names how TRUE/FALSE read: as the answer codes yes/no, or as the words true/false.
 */
export function readCellText(value: ExcelJS.CellValue, booleans: 'yes-no' | 'true-false'): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return booleans === 'yes-no' ? (value ? 'yes' : 'no') : String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value)
    return value.richText
      .map((part) => part.text)
      .join('')
      .trim();
  if ('result' in value) return readCellText(value.result ?? null, booleans);
  if ('text' in value && typeof value.text === 'string') return value.text.trim();
  return '';
}
