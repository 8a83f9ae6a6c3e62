/**
 * A problem of a questionnaire file as a message of the catalogue with its parameters, so the upload page shows it
 * in the reader's language and the command line in English. A parameter may itself be a message (a value's
 * description, "a number or text").
 */
import { type Language, translate } from '../web/i18n.ts';
import type { messages } from './questionnaire-problems.messages.ts';

export type ProblemKey = keyof (typeof messages)['sv'];
export type ProblemParam = string | number | ProblemText | readonly ProblemText[];
export interface ProblemText {
  key: ProblemKey;
  params?: Readonly<Record<string, ProblemParam>>;
}

/** Writes a problem in one language; a list parameter is joined with "or". */
export function describeProblem(language: Language, text: ProblemText): string {
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(text.params ?? {})) {
    if (typeof value === 'string' || typeof value === 'number') params[name] = value;
    else if (isProblemList(value)) {
      params[name] = value
        .map((part) => describeProblem(language, part))
        .join(translate(language, 'questionnaires.problem.or'));
    } else params[name] = describeProblem(language, value);
  }
  return translate(language, text.key, params);
}

function isProblemList(value: ProblemText | readonly ProblemText[]): value is readonly ProblemText[] {
  return Array.isArray(value);
}

/** A problem text with its English wording, which the command line and logs print. */
export function problemText(key: ProblemKey, params?: Readonly<Record<string, ProblemParam>>) {
  const text: ProblemText = params === undefined ? { key } : { key, params };
  return { text, message: describeProblem('en', text) };
}
