/**
 * Turns one raw answer (from a form post, JSON or SurveyJS) into the normalised value stored for its question
 * type, or says why it cannot be one. Form posts send text, so numbers may come as "100 000" or "12,5".
 */
import { findNumericBounds, listAnswerOptions } from './question-wording.ts';
import type { AnswerValue, Question } from './questionnaire.schema.ts';
import type { QuestionnaireMessageKey } from './questionnaires.messages.ts';

/** The longest free-text answer accepted, in characters. */
export const freeTextMaxLength = 4000;

export type AnswerErrorCode =
  | 'unknown_question'
  | 'not_targeted'
  | 'required'
  | 'invalid_option'
  | 'duplicate_option'
  | 'not_a_number'
  | 'out_of_range'
  | 'not_text'
  | 'too_long'
  | 'control_characters';

export type AnswerProblem = {
  code: AnswerErrorCode;
  messageKey: QuestionnaireMessageKey;
  values: Readonly<Record<string, number>>;
};

export type NormalisedAnswer =
  | { kind: 'empty' }
  | { kind: 'value'; value: AnswerValue }
  | ({ kind: 'invalid' } & AnswerProblem);

const empty: NormalisedAnswer = { kind: 'empty' };
const spaces = /[\s\u00A0\u202F]/gu;

function invalid(code: AnswerErrorCode, messageKey: QuestionnaireMessageKey, values = {}): NormalisedAnswer {
  return { kind: 'invalid', code, messageKey, values };
}

// C0 controls except tab and line feed, DEL and C1 controls: invisible, and a way to corrupt exports.
function hasControlCharacters(text: string): boolean {
  for (const character of text) {
    const point = character.codePointAt(0) ?? 0;
    if ((point < 0x20 && point !== 0x09 && point !== 0x0a) || (point >= 0x7f && point <= 0x9f)) return true;
  }
  return false;
}

function isEmpty(raw: unknown): boolean {
  if (raw === undefined || raw === null) return true;
  if (typeof raw === 'string') return raw.trim() === '';
  return Array.isArray(raw) && raw.length === 0;
}

/** Normalises one raw answer for its question; an empty answer is reported as such, not as an error. */
export function normaliseAnswer(question: Question, raw: unknown): NormalisedAnswer {
  if (isEmpty(raw)) return empty;
  switch (question.type) {
    case 'yes_no':
    case 'yes_partly_no':
    case 'single_choice':
      return normaliseChoice(question, raw);
    case 'multiple_choice':
      return normaliseMultipleChoice(question, raw);
    case 'integer':
    case 'decimal':
    case 'percent':
      return normaliseNumber(question, raw);
    case 'free_text':
      return normaliseText(raw);
  }
}

function normaliseChoice(question: Question, raw: unknown): NormalisedAnswer {
  const codes = listAnswerOptions(question).map((option) => option.code);
  // A checkbox or SurveyJS boolean sends true/false for a yes/no question.
  const value = question.type === 'yes_no' && typeof raw === 'boolean' ? (raw ? 'yes' : 'no') : raw;
  if (typeof value === 'string' && codes.includes(value.trim())) return { kind: 'value', value: value.trim() };
  if (question.type === 'yes_no') return invalid('invalid_option', 'questionnaires.answer.yesNo');
  if (question.type === 'yes_partly_no') return invalid('invalid_option', 'questionnaires.answer.yesPartlyNo');
  return invalid('invalid_option', 'questionnaires.answer.singleChoice');
}

function normaliseMultipleChoice(question: Question, raw: unknown): NormalisedAnswer {
  // A form with one box ticked sends a single value rather than a list.
  const chosen: unknown[] = Array.isArray(raw) ? raw : [raw];
  const codes = listAnswerOptions(question).map((option) => option.code);
  if (!chosen.every((code): code is string => typeof code === 'string' && codes.includes(code))) {
    return invalid('invalid_option', 'questionnaires.answer.multipleChoice');
  }
  if (new Set(chosen).size !== chosen.length)
    return invalid('duplicate_option', 'questionnaires.answer.duplicateOption');
  // Stored in the questionnaire's option order, so equal answers are equal values.
  return { kind: 'value', value: codes.filter((code) => chosen.includes(code)) };
}

function parseNumber(raw: unknown, isInteger: boolean): number | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
  if (typeof raw !== 'string') return undefined;
  const text = raw.replace(spaces, '').replace(/^\u2212/u, '-');
  const pattern = isInteger ? /^-?\d+$/u : /^-?\d+(?:[.,]\d+)?$/u;
  return pattern.test(text) ? Number(text.replace(',', '.')) : undefined;
}

function normaliseNumber(question: Question, raw: unknown): NormalisedAnswer {
  const isInteger = question.type === 'integer';
  const value = parseNumber(raw, isInteger);
  const { min, max } = findNumericBounds(question);
  const isInRange = value !== undefined && (min === undefined || value >= min) && (max === undefined || value <= max);
  if (value !== undefined && isInRange && (!isInteger || Number.isSafeInteger(value))) return { kind: 'value', value };
  const code = value === undefined ? 'not_a_number' : 'out_of_range';
  if (question.type === 'percent')
    return invalid(code, 'questionnaires.answer.percentBetween', { min: min ?? 0, max: max ?? 100 });
  const kind = isInteger ? 'integer' : 'decimal';
  if (min !== undefined && max !== undefined)
    return invalid(code, `questionnaires.answer.${kind}Between`, { min, max });
  if (min !== undefined) return invalid(code, `questionnaires.answer.${kind}AtLeast`, { min });
  if (max !== undefined) return invalid(code, `questionnaires.answer.${kind}AtMost`, { max });
  return invalid(code, `questionnaires.answer.${kind}`);
}

function normaliseText(raw: unknown): NormalisedAnswer {
  if (typeof raw !== 'string') return invalid('not_text', 'questionnaires.answer.text');
  const text = raw.replace(/\r\n?/gu, '\n').trim();
  if (hasControlCharacters(text)) return invalid('control_characters', 'questionnaires.answer.textControlCharacters');
  const length = [...text].length;
  if (length > freeTextMaxLength)
    return invalid('too_long', 'questionnaires.answer.textTooLong', { max: freeTextMaxLength, length });
  return { kind: 'value', value: text };
}
