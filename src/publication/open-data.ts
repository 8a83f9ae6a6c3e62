/**
 * The open data of a published round: every published figure of its release in one long table (one row per round,
 * type, question, group and answer), flattened from the results value and computing nothing of its own. A
 * suppressed group's rows are marked `suppressed = 1` and carry no numbers: they are never filled in, estimated or
 * imputed.
 */

import type { RoundResults } from '../results/results.schema.ts';
import { formatShare } from '../web/figure-format.ts';

/** The columns of the figures table, in order; the codebook describes each one. */
export const figureColumns = [
  'round',
  'release_version',
  'organisation_type',
  'questionnaire_version',
  'question_key',
  'group_kind',
  'group_key',
  'population',
  'respondents',
  'item_non_response',
  'answer_code',
  'count',
  'share',
  'share_text',
  'ci_lower',
  'ci_upper',
  'median',
  'first_quartile',
  'third_quartile',
  'suppressed',
  'suppression_reason',
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

/** Flattens a release's figures into the rows of the open data table, in questionnaire order. */
export function buildFigureRows(results: RoundResults, releaseVersion: number): FigureRow[] {
  const rows: FigureRow[] = [];
  for (const question of results.questions) {
    const isNumber = question.options.length === 0;
    for (const group of question.groups) {
      const base = {
        round: results.round.label,
        release_version: releaseVersion,
        organisation_type: group.organisationType,
        questionnaire_version: results.round.versions[group.organisationType],
        question_key: question.key,
        group_kind: group.kind,
        group_key: group.key,
        population: group.population,
      };
      const codes: (string | null)[] = isNumber ? [null] : question.options.map((option) => option.code);
      for (const code of codes) {
        if (group.suppressed) {
          rows.push({ ...base, ...empty, answer_code: code, suppressed: 1, suppression_reason: group.reason });
          continue;
        }
        const counts = { respondents: group.respondents, item_non_response: group.itemNonResponse };
        if ('median' in group) {
          rows.push({
            ...base,
            ...empty,
            ...counts,
            answer_code: null,
            median: group.median,
            first_quartile: group.firstQuartile,
            third_quartile: group.thirdQuartile,
            suppressed: 0,
            suppression_reason: null,
          });
          continue;
        }
        const answer = group.answers.find((candidate) => candidate.code === code);
        rows.push({
          ...base,
          ...empty,
          ...counts,
          answer_code: code,
          count: answer?.count ?? 0,
          share: answer ? round4(answer.share) : 0,
          share_text: formatShare(answer?.share ?? 0, 'sv'),
          ci_lower: answer ? round4(answer.lower) : null,
          ci_upper: answer ? round4(answer.upper) : null,
          suppressed: 0,
          suppression_reason: null,
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

/** Writes the rows as RFC 4180 CSV: UTF-8 with a byte order mark (for spreadsheets), comma, CRLF, "." decimals. */
export function writeFiguresCsv(rows: readonly FigureRow[]): Buffer {
  const lines = [
    figureColumns.join(','),
    ...rows.map((row) => figureColumns.map((column) => quoteCsv(row[column])).join(',')),
  ];
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
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
