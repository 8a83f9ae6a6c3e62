import type { Organisation } from '../organisations/organisations.service.ts';
import { listQuestions } from '../questionnaires/conditions.ts';
import { isChoiceType, listAnswerOptions } from '../questionnaires/question-wording.ts';
import type { Answers, AnswerValue, Question, QuestionnaireVersion } from '../questionnaires/questionnaire.schema.ts';

/** A cell of the answers table: text, a number, or empty (no answer). */
export type MicrodataCell = string | number | null;

/** One column of the codebook: the variable, its question, and what its codes mean. */
export type CodebookEntry = {
  variable: string;
  question: { sv: string; en: string };
  type: string;
  unit: string;
  /** "code = label" per option, for choice questions; empty otherwise. */
  codes: Array<{ code: string; sv: string; en: string }>;
  /** The questionnaire versions that ask it. */
  versions: string[];
};

/** The answers of a round, one row per organisation, in codes and in labels, with the codebook. */
export type Microdata = {
  columns: string[];
  codes: MicrodataCell[][];
  labels: MicrodataCell[][];
  codebook: CodebookEntry[];
};

/** The identifying columns before the questions, named in Swedish as the rest of the status exports. */
export const organisationColumns = ['kod', 'organisation', 'typ', 'kommungrupp', 'lanskod', 'lan'] as const;

/** Multiple choice codes are joined with ";" in one cell, as the response import reads them back. */
const listSeparator = ';';

function collectQuestions(
  versions: readonly QuestionnaireVersion[],
): Map<string, { question: Question; versions: string[] }> {
  const questions = new Map<string, { question: Question; versions: string[] }>();
  for (const version of versions) {
    for (const question of listQuestions(version)) {
      const existing = questions.get(question.key);
      if (existing) existing.versions.push(version.id);
      else questions.set(question.key, { question, versions: [version.id] });
    }
  }
  return questions;
}

function toCode(value: AnswerValue | undefined): MicrodataCell {
  if (value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string') return value;
  return value.join(listSeparator);
}

function toLabel(question: Question, value: AnswerValue | undefined): MicrodataCell {
  if (value === undefined || !isChoiceType(question.type)) return toCode(value);
  const labels = new Map(listAnswerOptions(question).map((option) => [option.code, option.label.sv]));
  const codes = typeof value === 'string' ? [value] : typeof value === 'number' ? [String(value)] : value;
  return codes.map((code) => labels.get(code) ?? code).join(`${listSeparator} `);
}

/**
 * Lays a round's answers out for analysts: one row per organisation (in the order given), one column per question of
 * the round's questionnaire versions (kommun's first, then questions only the other version asks), each cell the
 * stored code or number, and the same table with the options' Swedish labels; plus a codebook of every column.
 */
export function buildMicrodata(input: {
  versions: readonly QuestionnaireVersion[];
  organisations: readonly Organisation[];
  answers: ReadonlyMap<string, Answers>;
  groupNames: ReadonlyMap<string, string>;
}): Microdata {
  const questions = collectQuestions(input.versions);
  const columns = [...organisationColumns, ...questions.keys()];
  const codes: MicrodataCell[][] = [];
  const labels: MicrodataCell[][] = [];
  for (const organisation of input.organisations) {
    const answers = input.answers.get(organisation.code) ?? {};
    const identity: MicrodataCell[] = [
      organisation.code,
      organisation.name,
      organisation.type === 'kommun' ? 'Kommun' : 'Region',
      organisation.municipalityGroup
        ? `${organisation.municipalityGroup} ${input.groupNames.get(organisation.municipalityGroup) ?? ''}`.trim()
        : null,
      organisation.countyCode,
      organisation.countyName,
    ];
    codes.push([...identity, ...[...questions.values()].map(({ question }) => toCode(answers[question.key]))]);
    labels.push([
      ...identity,
      ...[...questions.values()].map(({ question }) => toLabel(question, answers[question.key])),
    ]);
  }
  const codebook: CodebookEntry[] = [
    ...organisationColumns.map((variable) => ({
      variable,
      question: organisationColumnDescriptions[variable],
      type: 'text',
      unit: '',
      codes: [],
      versions: [],
    })),
    ...[...questions.values()].map(({ question, versions }) => ({
      variable: question.key,
      question: question.text,
      type: question.type,
      unit: question.unit?.sv ?? '',
      codes: isChoiceType(question.type)
        ? listAnswerOptions(question).map((option) => ({ code: option.code, ...option.label }))
        : [],
      versions,
    })),
  ];
  return { columns, codes, labels, codebook };
}

const organisationColumnDescriptions: Record<(typeof organisationColumns)[number], { sv: string; en: string }> = {
  kod: { sv: 'Kommunkod (fyra siffror) eller länskod för en region (två siffror)', en: 'Municipality or county code' },
  organisation: { sv: 'Organisationens namn', en: 'Name of the organisation' },
  typ: { sv: 'Kommun eller region', en: 'Municipality (Kommun) or region (Region)' },
  kommungrupp: { sv: 'SKR:s kommungrupp 2023 med namn (bara kommuner)', en: 'SKR municipality group 2023' },
  lanskod: { sv: 'Länskod', en: 'County code' },
  lan: { sv: 'Län', en: 'County' },
};

/** The codebook as rows: one per variable, options as "code = label" separated by " | ". */
export function codebookRows(codebook: readonly CodebookEntry[]): string[][] {
  return [
    ['variabel', 'fraga_sv', 'fraga_en', 'typ', 'enhet', 'koder', 'enkatversioner'],
    ...codebook.map((entry) => [
      entry.variable,
      entry.question.sv,
      entry.question.en,
      entry.type,
      entry.unit,
      entry.codes.map((code) => `${code.code} = ${code.sv}`).join(' | '),
      entry.versions.join(' '),
    ]),
  ];
}

/**
 * A CSV cell that a spreadsheet never runs as a formula: text beginning with =, +, -, @, a tab or a carriage
 * return gets a leading apostrophe; numbers stay numbers.
 */
export function formulaSafeCsvCell(value: MicrodataCell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** Rows as CSV (comma, CRLF) with a byte order mark, so that Excel reads å, ä and ö. */
export function renderCsv(rows: ReadonlyArray<ReadonlyArray<MicrodataCell>>): string {
  return `\uFEFF${rows.map((row) => row.map(formulaSafeCsvCell).join(',')).join('\r\n')}\r\n`;
}

/**
 * Writes the answers as one workbook: "svar_koder" (codes), "svar_etiketter" (labels) and "kodbok". Text is
 * written as text cells, never as formulas, whatever it begins with.
 */
export async function writeMicrodataXlsx(microdata: Microdata): Promise<Buffer> {
  // Loaded on use: exceljs is large and most processes never write a workbook.
  const { default: excel } = await import('exceljs');
  const workbook = new excel.Workbook();
  workbook.creator = 'Lägesbild';
  const addSheet = (name: string, rows: ReadonlyArray<ReadonlyArray<MicrodataCell>>) => {
    const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    for (const row of rows) sheet.addRow(row.map((cell) => cell ?? null));
    sheet.getRow(1).font = { bold: true };
  };
  addSheet('svar_koder', [microdata.columns, ...microdata.codes]);
  addSheet('svar_etiketter', [microdata.columns, ...microdata.labels]);
  addSheet('kodbok', codebookRows(microdata.codebook));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
