/**
 * Turns one imported text value into an answer in the questionnaire's vocabulary. Earlier tools write "Ja",
 * "delvis", "12,5" or "msb;skr", so the import accepts Swedish and English words in any case, a decimal comma,
 * and multiple-choice codes separated by ";" or "|".
 */
import { normaliseAnswer } from '../questionnaires/answer-values.ts';
import { findNumericBounds, listAnswerOptions } from '../questionnaires/question-wording.ts';
import type { AnswerValue, Question } from '../questionnaires/questionnaire.schema.ts';

const yesNoWords: Readonly<Record<string, string>> = { ja: 'yes', nej: 'no', yes: 'yes', no: 'no' };
const yesPartlyNoWords: Readonly<Record<string, string>> = { ...yesNoWords, delvis: 'partly', partly: 'partly' };

/** Returns the normalised answer, or the reason the text is not an answer to the question. */
export function parseImportedValue(
  question: Question,
  text: string,
): { ok: true; value: AnswerValue } | { ok: false; reason: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, reason: `no value for ${question.key} (leave the row out for no answer)` };
  const raw = toRawAnswer(question, trimmed);
  const normalised = normaliseAnswer(question, raw);
  if (normalised.kind === 'value') return { ok: true, value: normalised.value };
  return {
    ok: false,
    reason: `"${trimmed}" is not an answer to ${question.key}: expected ${describeVocabulary(question)}`,
  };
}

function toRawAnswer(question: Question, text: string): unknown {
  switch (question.type) {
    case 'yes_no':
      return yesNoWords[text.toLowerCase()] ?? text;
    case 'yes_partly_no':
      return yesPartlyNoWords[text.toLowerCase()] ?? text;
    case 'single_choice':
      return text.toLowerCase();
    case 'multiple_choice':
      return text
        .split(/[;|]/u)
        .map((code) => code.trim().toLowerCase())
        .filter((code) => code !== '');
    default:
      return text;
  }
}

/** Says what the question accepts, for the rejection list. */
export function describeVocabulary(question: Question): string {
  const codes = listAnswerOptions(question).map((option) => option.code);
  const { min, max } = findNumericBounds(question);
  const range =
    min !== undefined && max !== undefined ? ` from ${min} to ${max}` : min !== undefined ? ` >= ${min}` : '';
  switch (question.type) {
    case 'yes_no':
      return 'ja/nej or yes/no';
    case 'yes_partly_no':
      return 'ja/delvis/nej or yes/partly/no';
    case 'single_choice':
      return `one of ${codes.join(', ')}`;
    case 'multiple_choice':
      return `codes of ${codes.join(', ')} separated by ";" or "|", each at most once`;
    case 'integer':
      return `a whole number${range}`;
    case 'decimal':
    case 'percent':
      return `a number${range} (decimal point or comma)`;
    case 'free_text':
      return 'text without control characters, at most 4000 characters';
  }
}
