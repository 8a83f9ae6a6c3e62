/**
 * A questionnaire version as an XLSX workbook, in the spirit of XLSForm: the sheets `settings` (key, value),
 * `questions` (one row a question; a row of type `section` begins a section), `options` (question, code, labels)
 * and `comparability` (key, status, notes), with Swedish and English columns side by side. Reading builds the same
 * value a YAML file gives and checks it with the same schema and rules; every problem names its sheet and cell.
 * Writing and reading are inverse: a written workbook reads back to an identical version.
 */
import type ExcelJS from 'exceljs';
import { parse as parseYamlValue } from 'yaml';
import { type ProblemText, problemText } from './problem-text.ts';
import type { Question, QuestionnaireVersion, Section } from './questionnaire.schema.ts';
import { checkQuestionnaireValue, type ParseOptions } from './questionnaire-file.ts';
import { formatPath } from './questionnaire-rules.ts';
import type { PathSegment } from './schema-errors.ts';

export type WorkbookError = {
  /** Where: `questions!F12`, or a sheet alone (`settings`) when no single cell is to blame. */
  cell: string;
  /** The place in the version, e.g. `sections[0].questions[1].type`. */
  path: string;
  /** The problem as a catalogue message, for the reader's language. */
  text: ProblemText;
  /** The problem in English, for the command line. */
  message: string;
};

export type WorkbookParseResult = { ok: true; version: QuestionnaireVersion } | { ok: false; errors: WorkbookError[] };

const questionColumns = [
  'type',
  'key',
  'required',
  'label_sv',
  'label_en',
  'text_sv',
  'text_en',
  'text_kommun_sv',
  'text_kommun_en',
  'text_region_sv',
  'text_region_en',
  'help_sv',
  'help_en',
  'unit_sv',
  'unit_en',
  'min',
  'max',
  'targets',
  'show_if',
  'indicator_sv',
  'indicator_en',
  'nis2',
  'leadership_training',
  'msb_step',
  'iso27001',
] as const;
type QuestionColumn = (typeof questionColumns)[number];
const optionColumns = ['question', 'code', 'label_sv', 'label_en'] as const;
const comparabilityColumns = ['key', 'status', 'note_sv', 'note_en'] as const;
const settingsColumns = ['key', 'value'] as const;
const settingKeys = ['id', 'title_sv', 'title_en', 'year', 'targets', 'previous'] as const;

async function loadExcel() {
  // Loaded on use: exceljs is large and most processes never read or write a workbook.
  const { default: excel } = await import('exceljs');
  return excel;
}

// ---------------------------------------------------------------------------------------------------------------
// Writing

type Cell = string | number;

function yesNo(value: boolean | undefined): string {
  return value === undefined ? '' : value ? 'yes' : 'no';
}

function list(values: readonly string[] | undefined): string {
  return values === undefined ? '' : values.join(', ');
}

function questionRow(question: Question): Record<QuestionColumn, Cell> {
  return {
    type: question.type,
    key: question.key,
    required: yesNo(question.required),
    label_sv: question.label?.sv ?? '',
    label_en: question.label?.en ?? '',
    text_sv: question.text.sv,
    text_en: question.text.en,
    text_kommun_sv: question.textByType?.kommun?.sv ?? '',
    text_kommun_en: question.textByType?.kommun?.en ?? '',
    text_region_sv: question.textByType?.region?.sv ?? '',
    text_region_en: question.textByType?.region?.en ?? '',
    help_sv: question.help?.sv ?? '',
    help_en: question.help?.en ?? '',
    unit_sv: question.unit?.sv ?? '',
    unit_en: question.unit?.en ?? '',
    min: question.min ?? '',
    max: question.max ?? '',
    targets: list(question.targets),
    // JSON is YAML's flow style, so the cell reads back with the YAML parser.
    show_if: question.showIf === undefined ? '' : JSON.stringify(question.showIf),
    indicator_sv: question.indicator?.sv ?? '',
    indicator_en: question.indicator?.en ?? '',
    nis2: list(question.mapping.nis2),
    leadership_training: yesNo(question.mapping.leadershipTraining),
    msb_step: question.mapping.msbStep ?? '',
    iso27001: list(question.mapping.iso27001),
  };
}

function sectionRow(section: Section): Record<QuestionColumn, Cell> {
  const row = Object.fromEntries(questionColumns.map((column) => [column, ''])) as Record<QuestionColumn, Cell>;
  return {
    ...row,
    type: 'section',
    key: section.key,
    label_sv: section.title.sv,
    label_en: section.title.en,
    text_sv: section.intro.sv,
    text_en: section.intro.en,
    msb_step: section.msbStep ?? '',
  };
}

function addSheet(
  workbook: ExcelJS.Workbook,
  name: string,
  columns: readonly string[],
  rows: readonly Record<string, Cell>[],
): void {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((column) => ({
    header: column,
    key: column,
    width: column.endsWith('_en') || column.endsWith('_sv') ? 40 : 16,
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(columns.map((column) => row[column] ?? ''));
}

/** Writes a version as a workbook that `parseQuestionnaireWorkbook` reads back to the same version. */
export async function writeQuestionnaireWorkbook(version: QuestionnaireVersion): Promise<Buffer> {
  const excel = await loadExcel();
  const workbook = new excel.Workbook();
  addSheet(workbook, 'settings', settingsColumns, [
    { key: 'id', value: version.id },
    { key: 'title_sv', value: version.title.sv },
    { key: 'title_en', value: version.title.en },
    { key: 'year', value: version.year },
    { key: 'targets', value: list(version.targets) },
    { key: 'previous', value: version.previous ?? '' },
  ]);
  addSheet(
    workbook,
    'questions',
    questionColumns,
    version.sections.flatMap((section) => [sectionRow(section), ...section.questions.map(questionRow)]),
  );
  addSheet(
    workbook,
    'options',
    optionColumns,
    version.sections.flatMap((section) =>
      section.questions.flatMap((question) =>
        (question.options ?? []).map((option) => ({
          question: question.key,
          code: option.code,
          label_sv: option.label.sv,
          label_en: option.label.en,
        })),
      ),
    ),
  );
  addSheet(
    workbook,
    'comparability',
    comparabilityColumns,
    Object.entries(version.comparability ?? {}).map(([key, entry]) => ({
      key,
      status: entry.status,
      note_sv: entry.note?.sv ?? '',
      note_en: entry.note?.en ?? '',
    })),
  );
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

// ---------------------------------------------------------------------------------------------------------------
// Reading

function readCell(value: ExcelJS.CellValue): string | number | boolean {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    if ('richText' in value)
      return value.richText
        .map((part) => part.text)
        .join('')
        .trim();
    if ('result' in value) return readCell(value.result as ExcelJS.CellValue);
    if ('text' in value && typeof value.text === 'string') return value.text.trim();
  }
  return String(value);
}

/** One sheet read as rows of named cells, remembering each cell's address. */
type SheetRow = { rowNumber: number; cells: Map<string, { value: string | number | boolean; address: string }> };

class WorkbookReader {
  readonly errors: WorkbookError[] = [];
  /** Formatted path -> the cell it came from, to locate the schema's problems. */
  readonly origins = new Map<string, string>();

  constructor(private readonly workbook: ExcelJS.Workbook) {}

  readSheet(name: string, columns: readonly string[], isRequired: boolean): SheetRow[] {
    const sheet = this.workbook.getWorksheet(name);
    if (!sheet) {
      if (isRequired)
        this.errors.push({ cell: name, path: '', ...problemText('questionnaires.problem.noSheet', { name }) });
      return [];
    }
    const header = new Map<number, string>();
    sheet.getRow(1).eachCell((cell, column) => header.set(column, String(readCell(cell.value)).toLowerCase()));
    const known = new Set(columns);
    for (const [column, title] of header) {
      if (title !== '' && !known.has(title)) {
        this.errors.push({
          cell: `${name}!${sheet.getRow(1).getCell(column).address}`,
          path: '',
          ...problemText('questionnaires.problem.unknownColumn', { title, columns: columns.join(', ') }),
        });
      }
    }
    const rows: SheetRow[] = [];
    sheet.eachRow((row, rowNumber) => {
      if (rowNumber === 1) return;
      const cells: SheetRow['cells'] = new Map();
      for (const [column, title] of header) {
        if (!known.has(title)) continue;
        const cell = row.getCell(column);
        cells.set(title, { value: readCell(cell.value), address: `${name}!${cell.address}` });
      }
      if ([...cells.values()].some((cell) => cell.value !== '')) rows.push({ rowNumber, cells });
    });
    return rows;
  }

  /** The cell's text, remembering where `path` came from. */
  text(row: SheetRow, column: string, path: readonly PathSegment[]): string {
    const cell = row.cells.get(column);
    this.origins.set(formatPath(path), cell?.address ?? this.rowAddress(row));
    return cell === undefined ? '' : String(cell.value);
  }

  rowAddress(row: SheetRow): string {
    const first = [...row.cells.values()][0];
    return first ? first.address.replace(/![A-Z]+/, '!A') : '';
  }

  /** Both language columns of a text, or undefined when both are empty. */
  localised(row: SheetRow, prefix: string, path: readonly PathSegment[]): { sv: string; en: string } | undefined {
    const sv = this.text(row, `${prefix}_sv`, [...path, 'sv']);
    const en = this.text(row, `${prefix}_en`, [...path, 'en']);
    this.origins.set(formatPath(path), row.cells.get(`${prefix}_sv`)?.address ?? this.rowAddress(row));
    return sv === '' && en === '' ? undefined : { sv, en };
  }

  /** A number, or the text as given so that the schema names the cell. */
  number(row: SheetRow, column: string, path: readonly PathSegment[]): number | string | undefined {
    const cell = row.cells.get(column);
    this.origins.set(formatPath(path), cell?.address ?? this.rowAddress(row));
    if (cell === undefined || cell.value === '') return undefined;
    if (typeof cell.value === 'number') return cell.value;
    const text = String(cell.value).replace(',', '.');
    return /^-?\d+(?:\.\d+)?$/.test(text) ? Number(text) : String(cell.value);
  }

  /** yes/no (ja/nej, true/false), or the text as given so that the schema names the cell. */
  boolean(row: SheetRow, column: string, path: readonly PathSegment[]): boolean | string | undefined {
    const cell = row.cells.get(column);
    this.origins.set(formatPath(path), cell?.address ?? this.rowAddress(row));
    if (cell === undefined || cell.value === '') return undefined;
    if (typeof cell.value === 'boolean') return cell.value;
    const text = String(cell.value).toLowerCase();
    if (['yes', 'ja', 'true'].includes(text)) return true;
    if (['no', 'nej', 'false'].includes(text)) return false;
    return String(cell.value);
  }

  list(row: SheetRow, column: string, path: readonly PathSegment[]): string[] | undefined {
    const text = this.text(row, column, path);
    return text === '' ? undefined : text.split(/[,;]/).map((item) => item.trim());
  }

  /** Where a problem at `path` came from: the cell of the longest known prefix. */
  locate(path: readonly PathSegment[]): string {
    for (let length = path.length; length > 0; length -= 1) {
      const origin = this.origins.get(formatPath(path.slice(0, length)));
      if (origin) return origin;
    }
    return 'settings';
  }
}

function readQuestion(reader: WorkbookReader, row: SheetRow, path: PathSegment[]): Record<string, unknown> {
  const question: Record<string, unknown> = {
    key: reader.text(row, 'key', [...path, 'key']),
    type: reader.text(row, 'type', [...path, 'type']),
    required: reader.boolean(row, 'required', [...path, 'required']),
    text: reader.localised(row, 'text', [...path, 'text']),
  };
  reader.origins.set(formatPath(path), reader.rowAddress(row));
  const label = reader.localised(row, 'label', [...path, 'label']);
  if (label) question.label = label;
  const kommun = reader.localised(row, 'text_kommun', [...path, 'textByType', 'kommun']);
  const region = reader.localised(row, 'text_region', [...path, 'textByType', 'region']);
  if (kommun || region) question.textByType = { ...(kommun ? { kommun } : {}), ...(region ? { region } : {}) };
  for (const name of ['help', 'unit', 'indicator'] as const) {
    const text = reader.localised(row, name, [...path, name]);
    if (text) question[name] = text;
  }
  for (const name of ['min', 'max'] as const) {
    const value = reader.number(row, name, [...path, name]);
    if (value !== undefined) question[name] = value;
  }
  const targets = reader.list(row, 'targets', [...path, 'targets']);
  if (targets) question.targets = targets;
  const showIf = reader.text(row, 'show_if', [...path, 'showIf']);
  if (showIf !== '') {
    try {
      question.showIf = parseYamlValue(showIf, { maxAliasCount: 10 });
    } catch (error) {
      reader.errors.push({
        cell: reader.locate([...path, 'showIf']),
        path: formatPath([...path, 'showIf']),
        ...problemText('questionnaires.problem.notCondition', {
          message: error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error),
        }),
      });
    }
  }
  const mapping: Record<string, unknown> = {};
  reader.origins.set(formatPath([...path, 'mapping']), reader.rowAddress(row));
  const nis2 = reader.list(row, 'nis2', [...path, 'mapping', 'nis2']);
  if (nis2) mapping.nis2 = nis2;
  const leadershipTraining = reader.boolean(row, 'leadership_training', [...path, 'mapping', 'leadershipTraining']);
  if (leadershipTraining !== undefined) mapping.leadershipTraining = leadershipTraining;
  const msbStep = reader.text(row, 'msb_step', [...path, 'mapping', 'msbStep']);
  if (msbStep !== '') mapping.msbStep = msbStep;
  const iso27001 = reader.list(row, 'iso27001', [...path, 'mapping', 'iso27001']);
  if (iso27001) mapping.iso27001 = iso27001;
  question.mapping = mapping;
  return question;
}

/**
 * Reads a workbook into a version and checks it as a YAML file is checked.
 * Never throws for a bad workbook: every problem is returned with its cell.
 */
export async function parseQuestionnaireWorkbook(
  content: Buffer,
  options: ParseOptions = {},
): Promise<WorkbookParseResult> {
  const excel = await loadExcel();
  const workbook = new excel.Workbook();
  try {
    // exceljs declares its own Buffer type as an ArrayBuffer; a copy of the bytes satisfies it without a cast.
    const bytes = new ArrayBuffer(content.byteLength);
    new Uint8Array(bytes).set(content);
    await workbook.xlsx.load(bytes);
  } catch (error) {
    const problem = problemText('questionnaires.problem.notXlsx', { message: String(error) });
    return { ok: false, errors: [{ cell: '', path: '', ...problem }] };
  }
  const reader = new WorkbookReader(workbook);
  const settingRows = reader.readSheet('settings', settingsColumns, true);
  const questionRows = reader.readSheet('questions', questionColumns, true);
  const optionRows = reader.readSheet('options', optionColumns, false);
  const comparabilityRows = reader.readSheet('comparability', comparabilityColumns, false);
  if (reader.errors.length > 0) return { ok: false, errors: reader.errors };

  const settings = new Map<string, SheetRow>();
  for (const row of settingRows) {
    const key = String(row.cells.get('key')?.value ?? '');
    if (!(settingKeys as readonly string[]).includes(key)) {
      reader.errors.push({
        cell: row.cells.get('key')?.address ?? 'settings',
        path: '',
        ...problemText('questionnaires.problem.unknownSetting', { key, settings: settingKeys.join(', ') }),
      });
    } else settings.set(key, row);
  }
  const version: Record<string, unknown> = {};
  const setting = (key: string, read: (row: SheetRow) => unknown) => {
    const row = settings.get(key);
    return row ? read(row) : undefined;
  };
  version.id = setting('id', (row) => reader.text(row, 'value', ['id']));
  const titleSv = setting('title_sv', (row) => reader.text(row, 'value', ['title', 'sv']));
  const titleEn = setting('title_en', (row) => reader.text(row, 'value', ['title', 'en']));
  if (titleSv !== undefined || titleEn !== undefined) version.title = { sv: titleSv ?? '', en: titleEn ?? '' };
  version.year = setting('year', (row) => reader.number(row, 'value', ['year']));
  version.targets = setting('targets', (row) => reader.list(row, 'value', ['targets']));
  const previous = setting('previous', (row) => reader.text(row, 'value', ['previous']));
  if (previous !== undefined && previous !== '') version.previous = previous;

  const sections: Record<string, unknown>[] = [];
  const questionsByKey = new Map<string, { question: Record<string, unknown>; path: PathSegment[] }>();
  let current: { section: Record<string, unknown>; questions: Record<string, unknown>[] } | undefined;
  for (const row of questionRows) {
    if (String(row.cells.get('type')?.value ?? '') === 'section') {
      const path: PathSegment[] = ['sections', sections.length];
      reader.origins.set(formatPath(path), reader.rowAddress(row));
      const section: Record<string, unknown> = {
        key: reader.text(row, 'key', [...path, 'key']),
        title: reader.localised(row, 'label', [...path, 'title']),
        intro: reader.localised(row, 'text', [...path, 'intro']),
      };
      const msbStep = reader.text(row, 'msb_step', [...path, 'msbStep']);
      if (msbStep !== '') section.msbStep = msbStep;
      current = { section, questions: [] };
      section.questions = current.questions;
      sections.push(section);
      continue;
    }
    if (!current) {
      reader.errors.push({
        cell: reader.rowAddress(row),
        path: '',
        ...problemText('questionnaires.problem.questionBeforeSection'),
      });
      continue;
    }
    const path: PathSegment[] = ['sections', sections.length - 1, 'questions', current.questions.length];
    const question = readQuestion(reader, row, path);
    current.questions.push(question);
    if (typeof question.key === 'string') questionsByKey.set(question.key, { question, path });
  }
  version.sections = sections;

  const optionsByQuestion = new Map<string, Record<string, unknown>[]>();
  for (const row of optionRows) {
    const key = String(row.cells.get('question')?.value ?? '');
    const target = questionsByKey.get(key);
    if (!target) {
      reader.errors.push({
        cell: row.cells.get('question')?.address ?? reader.rowAddress(row),
        path: '',
        ...problemText('questionnaires.problem.optionUnknownQuestion', { key }),
      });
      continue;
    }
    const options: Record<string, unknown>[] = optionsByQuestion.get(key) ?? [];
    optionsByQuestion.set(key, options);
    target.question.options = options;
    const path = [...target.path, 'options', options.length];
    reader.origins.set(formatPath(path), reader.rowAddress(row));
    options.push({
      code: reader.text(row, 'code', [...path, 'code']),
      label: reader.localised(row, 'label', [...path, 'label']),
    });
  }

  if (comparabilityRows.length > 0) {
    const comparability: Record<string, unknown> = {};
    for (const row of comparabilityRows) {
      const key = String(row.cells.get('key')?.value ?? '');
      const path = ['comparability', key];
      reader.origins.set(formatPath(path), row.cells.get('key')?.address ?? reader.rowAddress(row));
      const entry: Record<string, unknown> = { status: reader.text(row, 'status', [...path, 'status']) };
      const note = reader.localised(row, 'note', [...path, 'note']);
      if (note) entry.note = note;
      comparability[key] = entry;
    }
    version.comparability = comparability;
  }
  if (reader.errors.length > 0) return { ok: false, errors: reader.errors };

  const checked = checkQuestionnaireValue(version, options);
  if (checked.ok) return checked;
  return {
    ok: false,
    errors: checked.problems.map((problem) => ({
      cell: reader.locate(problem.path),
      path: formatPath(problem.path),
      text: problem.text,
      message: problem.message,
    })),
  };
}

/** Formats one error as `questions!F12: sections[0].questions[1].type message`. */
export function formatWorkbookError(error: WorkbookError): string {
  return `${error.cell === '' ? '' : `${error.cell}: `}${error.path === '' ? '' : `${error.path} `}${error.message}`;
}
