/**
 * The codebook of the open data as tables (questions, answers, groups) and the Frictionless Data Package that
 * describes every table: its fields' types and constraints, the missing-value marker and the foreign keys from the
 * figures to the codebook. Labels only: every figure comes from the release (open-data.ts).
 */
import type { RoundResults } from '../results/results.schema.ts';
import { openDataLicense, variableDescriptions } from './codebook.ts';
import type { GroupNameOf } from './group-names.ts';
import { type FigureColumn, figureColumns } from './open-data.ts';

export const questionColumns = [
  'round',
  'question_key',
  'question_number',
  'question_type',
  'label_sv',
  'label_en',
  'text_sv',
  'text_en',
  'unit_sv',
  'unit_en',
] as const;
export const answerColumns = ['round', 'question_key', 'answer_code', 'label_sv', 'label_en'] as const;
export const groupColumns = ['round', 'organisation_type', 'group_kind', 'group_key', 'name_sv', 'name_en'] as const;
type Row<C extends string> = Record<C, string | number | null>;

export interface CodebookTables {
  questions: Row<(typeof questionColumns)[number]>[];
  answers: Row<(typeof answerColumns)[number]>[];
  groups: Row<(typeof groupColumns)[number]>[];
}

/** The codebook tables of one release: every question, answer option and group its figures name. */
export function buildCodebookTables(results: RoundResults, groupName: GroupNameOf): CodebookTables {
  const round = results.round.label;
  const tables: CodebookTables = { questions: [], answers: [], groups: [] };
  const seenGroups = new Set<string>();
  for (const question of results.questions) {
    tables.questions.push({
      round,
      question_key: question.key,
      question_number: question.number,
      question_type: question.type,
      label_sv: question.label.sv,
      label_en: question.label.en,
      text_sv: question.text.sv,
      text_en: question.text.en,
      unit_sv: question.unit?.sv ?? null,
      unit_en: question.unit?.en ?? null,
    });
    for (const option of question.options)
      tables.answers.push({
        round,
        question_key: question.key,
        answer_code: option.code,
        label_sv: option.label.sv,
        label_en: option.label.en,
      });
    for (const group of question.groups) {
      if (seenGroups.has(group.groupId)) continue;
      seenGroups.add(group.groupId);
      const name = groupName(group.kind, group.key, group.organisationType);
      tables.groups.push({
        round,
        organisation_type: group.organisationType,
        group_kind: group.kind,
        group_key: group.key,
        name_sv: name.sv,
        name_en: name.en,
      });
    }
  }
  return tables;
}

/** Joins the codebook tables of several releases. */
export function concatCodebookTables(tables: readonly CodebookTables[]): CodebookTables {
  return {
    questions: tables.flatMap((table) => table.questions),
    answers: tables.flatMap((table) => table.answers),
    groups: tables.flatMap((table) => table.groups),
  };
}

type Field = {
  name: string;
  type: 'string' | 'integer' | 'number';
  description?: string;
  constraints?: { required?: boolean; minimum?: number; maximum?: number; enum?: (string | number)[] };
};

const organisationTypes = ['kommun', 'region'];
const groupKinds = ['organisation-type', 'main-group', 'municipality-group', 'county'];

const figureFieldTypes: Record<FigureColumn, Omit<Field, 'name'>> = {
  round: { type: 'string', constraints: { required: true } },
  release_version: { type: 'integer', constraints: { required: true, minimum: 0 } },
  organisation_type: { type: 'string', constraints: { required: true, enum: organisationTypes } },
  organisation_type_label: { type: 'string', constraints: { required: true } },
  questionnaire_version: { type: 'string', constraints: { required: true } },
  question_key: { type: 'string', constraints: { required: true } },
  question_number: { type: 'string', constraints: { required: true } },
  question_type: { type: 'string', constraints: { required: true } },
  question_text: { type: 'string', constraints: { required: true } },
  group_kind: { type: 'string', constraints: { required: true, enum: groupKinds } },
  group_key: { type: 'string', constraints: { required: true } },
  group_label: { type: 'string', constraints: { required: true } },
  population: { type: 'integer', constraints: { required: true, minimum: 0 } },
  respondents: { type: 'integer', constraints: { minimum: 0 } },
  item_non_response: { type: 'integer', constraints: { minimum: 0 } },
  answer_code: { type: 'string' },
  answer_label: { type: 'string' },
  count: { type: 'integer', constraints: { minimum: 0 } },
  share: { type: 'number', constraints: { minimum: 0, maximum: 1 } },
  share_text: { type: 'string' },
  ci_lower: { type: 'number', constraints: { minimum: 0, maximum: 1 } },
  ci_upper: { type: 'number', constraints: { minimum: 0, maximum: 1 } },
  median: { type: 'number' },
  first_quartile: { type: 'number' },
  third_quartile: { type: 'number' },
  suppressed: { type: 'integer', constraints: { required: true, enum: [0, 1] } },
};

const stringField = (name: string, required = false): Field => ({
  name,
  type: 'string',
  ...(required ? { constraints: { required: true } } : {}),
});

const figuresSchema = (description: (column: FigureColumn) => string) => ({
  fields: figureColumns.map((name) => ({ name, ...figureFieldTypes[name], description: description(name) })),
  // The CSV's only missing-value marker: an empty cell, for a figure that does not apply or is suppressed.
  missingValues: [''],
  foreignKeys: [
    { fields: ['round', 'question_key'], reference: { resource: 'questions', fields: ['round', 'question_key'] } },
    {
      fields: ['round', 'organisation_type', 'group_kind', 'group_key'],
      reference: { resource: 'groups', fields: ['round', 'organisation_type', 'group_kind', 'group_key'] },
    },
  ],
});

const csvDialect = { delimiter: ',', lineTerminator: '\r\n', quoteChar: '"', doubleQuote: true, header: true };

/** The Frictionless Data Package of a folder of open data (one round, or every round), with relative paths. */
export function buildDataPackage(input: { name: string; title: string; rounds: string[] }) {
  const resource = (name: string, path: string, schema: object, title: string) => ({
    name,
    path,
    title,
    profile: 'tabular-data-resource',
    format: 'csv',
    mediatype: 'text/csv',
    encoding: 'utf-8',
    dialect: csvDialect,
    schema,
  });
  return {
    profile: 'tabular-data-package',
    name: input.name,
    title: input.title,
    licenses: [{ name: 'CC0-1.0', path: openDataLicense.id, title: openDataLicense.name }],
    keywords: ['informationssäkerhet', 'information security', 'NIS2'],
    rounds: input.rounds,
    resources: [
      resource(
        'figures',
        'figures.csv',
        figuresSchema((column) => variableDescriptions[column].sv),
        'Resultat med svenska etiketter',
      ),
      resource(
        'figures-en',
        'figures-en.csv',
        figuresSchema((column) => variableDescriptions[column].en),
        'Results with English labels',
      ),
      resource(
        'questions',
        'codebook-questions.csv',
        {
          fields: questionColumns.map((name) =>
            stringField(name, !name.startsWith('unit_') && !name.startsWith('label_')),
          ),
          missingValues: [''],
          primaryKey: ['round', 'question_key'],
        },
        'Kodbok: frågor / Codebook: questions',
      ),
      resource(
        'answers',
        'codebook-answers.csv',
        {
          fields: answerColumns.map((name) => stringField(name, true)),
          missingValues: [''],
          primaryKey: ['round', 'question_key', 'answer_code'],
          foreignKeys: [
            {
              fields: ['round', 'question_key'],
              reference: { resource: 'questions', fields: ['round', 'question_key'] },
            },
          ],
        },
        'Kodbok: svarsalternativ / Codebook: answer options',
      ),
      resource(
        'groups',
        'codebook-groups.csv',
        {
          fields: groupColumns.map((name) => ({
            ...stringField(name, true),
            ...(name === 'organisation_type' ? { constraints: { required: true, enum: organisationTypes } } : {}),
            ...(name === 'group_kind' ? { constraints: { required: true, enum: groupKinds } } : {}),
          })),
          missingValues: [''],
          primaryKey: ['round', 'organisation_type', 'group_kind', 'group_key'],
        },
        'Kodbok: grupper / Codebook: groups',
      ),
    ],
  };
}
