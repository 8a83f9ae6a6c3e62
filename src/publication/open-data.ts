/**
 * The open data of a published round: every published figure in one long table (one row per round, type,
 * question, group and answer). A suppressed group's rows are marked `suppressed = 1` and carry no numbers: they
 * are never filled in, estimated or imputed.
 */

import { listQuestions } from '../questionnaires/conditions.ts';
import { listAnswerOptions } from '../questionnaires/question-wording.ts';
import type { RoundFigures } from '../reports/round-figures.ts';

/** The columns of the figures table, in order; the codebook describes each one. */
export const figureColumns = [
  'round',
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
  ci_lower: null,
  ci_upper: null,
  median: null,
  first_quartile: null,
  third_quartile: null,
} as const;

function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

/** Flattens a round's published figures into the rows of the open data table, in questionnaire order. */
export function buildFigureRows(figures: RoundFigures): FigureRow[] {
  const rows: FigureRow[] = [];
  for (const typeFigures of figures.types) {
    for (const question of listQuestions(typeFigures.version)) {
      const result = typeFigures.questions.get(question.key);
      if (!result) continue;
      const groupBase = (group: { kind: string; key: string; population: number }) => ({
        round: figures.label,
        organisation_type: typeFigures.organisationType,
        questionnaire_version: typeFigures.version.id,
        question_key: question.key,
        group_kind: group.kind,
        group_key: group.key,
        population: group.population,
      });
      if (result.kind === 'choice') {
        const codes = listAnswerOptions(question).map((option) => option.code);
        for (const group of result.groups) {
          for (const code of codes) {
            if (group.suppressed) {
              rows.push({
                ...groupBase(group),
                ...empty,
                answer_code: code,
                suppressed: 1,
                suppression_reason: group.reason,
              });
              continue;
            }
            const answer = group.answers.find((candidate) => candidate.code === code);
            rows.push({
              ...groupBase(group),
              ...empty,
              respondents: group.respondents,
              item_non_response: group.itemNonResponse,
              answer_code: code,
              count: answer?.count ?? 0,
              share: answer ? round4(answer.interval.share) : 0,
              ci_lower: answer ? round4(answer.interval.lower) : null,
              ci_upper: answer ? round4(answer.interval.upper) : null,
              suppressed: 0,
              suppression_reason: null,
            });
          }
        }
      } else {
        for (const group of result.groups) {
          if (group.suppressed) {
            rows.push({
              ...groupBase(group),
              ...empty,
              answer_code: null,
              suppressed: 1,
              suppression_reason: group.reason,
            });
            continue;
          }
          rows.push({
            ...groupBase(group),
            ...empty,
            respondents: group.respondents,
            item_non_response: group.itemNonResponse,
            answer_code: null,
            median: group.quartiles.median,
            first_quartile: group.quartiles.firstQuartile,
            third_quartile: group.quartiles.thirdQuartile,
            suppressed: 0,
            suppression_reason: null,
          });
        }
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

/** Writes the rows as JSON with the round, the suppression threshold and the column order. */
export function writeFiguresJson(figures: RoundFigures, rows: readonly FigureRow[]): Buffer {
  const document = {
    round: figures.label,
    suppressionThreshold: figures.minimumRespondents,
    columns: figureColumns,
    figures: rows,
  };
  return Buffer.from(`${JSON.stringify(document, null, 1)}\n`, 'utf8');
}
