/**
 * The open data of a published round: every published figure of its release in one long table (one row per round,
 * type, question, group and answer), flattened from the results value and computing nothing of its own. A
 * suppressed group's rows are marked `suppressed = 1` and carry no numbers: they are never filled in, estimated or
 * imputed.
 */

import type { RoundResults } from '../results/results.schema.ts';
import { formatShare } from '../web/figure-format.ts';
import type { GroupNameOf } from './group-names.ts';

/** The columns of the figures table, in order; the codebook describes each one. */
export const figureColumns = [
  'round',
  'release_version',
  'organisation_type',
  'organisation_type_label',
  'questionnaire_version',
  'question_key',
  'question_number',
  'question_type',
  'question_text',
  'group_kind',
  'group_key',
  'group_label',
  'population',
  'respondents',
  'item_non_response',
  'answer_code',
  'answer_label',
  'count',
  'share',
  'share_text',
  'ci_lower',
  'ci_upper',
  'median',
  'first_quartile',
  'third_quartile',
  'suppressed',
] as const;
export type FigureColumn = (typeof figureColumns)[number];
export type FigureRow = Record<FigureColumn, string | number | null>;

const empty = {
  respondents: null,
  item_non_response: null,
  count: null,
  share: null,
  share_text: null,
  ci_lower: null,
  ci_upper: null,
  median: null,
  first_quartile: null,
  third_quartile: null,
} as const;

function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

/** The language of the label columns, and the names of the groups. */
export interface FigureLabels {
  language: 'sv' | 'en';
  groupName: GroupNameOf;
}

const organisationTypeNames = {
  kommun: { sv: 'Kommun', en: 'Municipality' },
  region: { sv: 'Region', en: 'Region' },
} as const;

/**
 * Flattens a release's figures into the rows of the open data table, in questionnaire order, with the labels of
 * the codes (question text, answer label, organisation type and group names) in the language asked for.
 */
export function buildFigureRows(results: RoundResults, releaseVersion: number, labels: FigureLabels): FigureRow[] {
  const { language } = labels;
  const rows: FigureRow[] = [];
  for (const question of results.questions) {
    const isNumber = question.options.length === 0;
    for (const group of question.groups) {
      const base = {
        round: results.round.label,
        release_version: releaseVersion,
        organisation_type: group.organisationType,
        organisation_type_label: organisationTypeNames[group.organisationType][language],
        questionnaire_version: results.round.versions[group.organisationType],
        question_key: question.key,
        question_number: question.number,
        question_type: question.type,
        question_text: question.text[language],
        group_kind: group.kind,
        group_key: group.key,
        group_label: labels.groupName(group.kind, group.key, group.organisationType)[language],
        population: group.population,
      };
      const options: ({ code: string; label: { sv: string; en: string } } | null)[] = isNumber
        ? [null]
        : question.options;
      for (const option of options) {
        const code = option?.code ?? null;
        const answerLabel = option?.label[language] ?? null;
        if (group.suppressed) {
          rows.push({
            ...base,
            ...empty,
            answer_code: code,
            answer_label: answerLabel,
            suppressed: 1,
          });
          continue;
        }
        const counts = { respondents: group.respondents, item_non_response: group.itemNonResponse };
        if ('median' in group) {
          rows.push({
            ...base,
            ...empty,
            ...counts,
            answer_code: null,
            answer_label: null,
            median: group.median,
            first_quartile: group.firstQuartile,
            third_quartile: group.thirdQuartile,
            suppressed: 0,
          });
          continue;
        }
        const answer = group.answers.find((candidate) => candidate.code === code);
        rows.push({
          ...base,
          ...empty,
          ...counts,
          answer_code: code,
          answer_label: answerLabel,
          count: answer?.count ?? 0,
          share: answer ? round4(answer.share) : 0,
          share_text: formatShare(answer?.share ?? 0, language),
          ci_lower: answer ? round4(answer.lower) : null,
          ci_upper: answer ? round4(answer.upper) : null,
          suppressed: 0,
        });
      }
    }
  }
  return rows;
}

function quoteCsv(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * Writes rows as RFC 4180 CSV: UTF-8, comma, CRLF, "." decimals, an empty cell for a missing or suppressed value.
 */
export function writeCsv<C extends string>(
  columns: readonly C[],
  rows: readonly Record<C, string | number | null>[],
): Buffer {
  const lines = [columns.join(','), ...rows.map((row) => columns.map((column) => quoteCsv(row[column])).join(','))];
  // No byte order mark: Frictionless and most CSV readers would read it as part of the first column's name.
  return Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
}

/** Writes the figures table as CSV. */
export function writeFiguresCsv(rows: readonly FigureRow[]): Buffer {
  return writeCsv(figureColumns, rows);
}

/** What the open data files say about the release they come from. */
export interface OpenDataRelease {
  version: number;
  publishedAt: string;
  errata: { sv: string; en: string } | null;
}

/** Writes the rows as JSON with the round, its release, the suppression threshold and the column order. */
export function writeFiguresJson(results: RoundResults, release: OpenDataRelease, rows: readonly FigureRow[]): Buffer {
  const document = {
    round: results.round.label,
    release,
    suppressionThreshold: results.suppressionThreshold,
    columns: figureColumns,
    figures: rows,
  };
  return Buffer.from(`${JSON.stringify(document, null, 1)}\n`, 'utf8');
}
