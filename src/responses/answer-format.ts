/**
 * How an answer reads to a person: option labels instead of codes, numbers with their unit. Pure and free of Node
 * imports, so pages, the PDF, the mail and the browser bundle word answers the same way.
 */
import { listAnswerOptions } from '../questionnaires/question-wording.ts';
import type { AnswerValue, Question } from '../questionnaires/questionnaire.schema.ts';

export type FormatLanguage = 'sv' | 'en';

const locales = { sv: 'sv-SE', en: 'en-GB' } as const;
// Made once: constructing an Intl formatter costs far more than formatting with it, and pages format many values.
const numberFormats = { sv: new Intl.NumberFormat(locales.sv), en: new Intl.NumberFormat(locales.en) };
// Swedish time with the zone named (CET or CEST), so a reader abroad or in the summer knows which hour is meant.
const dateTimeOptions = {
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/Stockholm',
  timeZoneName: 'short',
} as const;
const dateTimeFormats = {
  sv: new Intl.DateTimeFormat(locales.sv, dateTimeOptions),
  en: new Intl.DateTimeFormat(locales.en, dateTimeOptions),
};

/** Formats a stored answer for reading; null when there is no answer. */
export function formatAnswer(question: Question, value: AnswerValue | null, language: FormatLanguage): string | null {
  if (value === null) return null;
  if (typeof value === 'number') {
    const number = numberFormats[language].format(value);
    return question.unit ? `${number} ${question.unit[language]}` : number;
  }
  const options = listAnswerOptions(question);
  const label = (code: string) => options.find((option) => option.code === code)?.label[language] ?? code;
  if (Array.isArray(value)) return value.map(label).join(', ');
  return options.length > 0 ? label(String(value)) : String(value);
}

/** Formats an ISO time as a Swedish-time date and time with its zone, e.g. "1 mars 2026 kl. 09:00 CET". */
export function formatDateTime(iso: string, language: FormatLanguage): string {
  return dateTimeFormats[language].format(new Date(iso));
}
