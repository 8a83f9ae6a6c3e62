import { messages as accessibility } from '../accessibility/accessibility.messages.ts';
import { messages as access } from '../accounts/access.messages.ts';
import { messages as accounts } from '../accounts/accounts.messages.ts';
import { messages as oidc } from '../accounts/oidc.messages.ts';
import { messages as audit } from '../audit/audit.messages.ts';
import { messages as organisations } from '../organisations/organisations.messages.ts';
import { messages as privacy } from '../privacy/privacy.messages.ts';
import { messages as publication } from '../publication/publication.messages.ts';
import { messages as questionnaireProblems } from '../questionnaires/questionnaire-problems.messages.ts';
import { messages as questionnaires } from '../questionnaires/questionnaires.messages.ts';
import { messages as releases } from '../releases/releases.messages.ts';
import { messages as reports } from '../reports/reports.messages.ts';
import { messages as responses } from '../responses/responses.messages.ts';
import { messages as results } from '../results/results.messages.ts';
import { messages as delivery } from '../rounds/delivery.messages.ts';
import { messages as mailTexts } from '../rounds/mail-texts.messages.ts';
import { messages as rounds } from '../rounds/rounds.messages.ts';
import { defaultLanguage, isLanguage, type Language, languages } from './define-messages.ts';
import { messages as web } from './web.messages.ts';

export { defaultLanguage, isLanguage, type Language, languages };

// The one message catalogue, assembled from each module's part.
const catalogue = {
  sv: {
    ...web.sv,
    ...organisations.sv,
    ...accounts.sv,
    ...access.sv,
    ...questionnaires.sv,
    ...questionnaireProblems.sv,
    ...oidc.sv,
    ...audit.sv,
    ...responses.sv,
    ...reports.sv,
    ...publication.sv,
    ...releases.sv,
    ...rounds.sv,
    ...mailTexts.sv,
    ...delivery.sv,
    ...results.sv,
    ...accessibility.sv,
    ...privacy.sv,
  },
  en: {
    ...web.en,
    ...organisations.en,
    ...accounts.en,
    ...access.en,
    ...questionnaires.en,
    ...questionnaireProblems.en,
    ...oidc.en,
    ...audit.en,
    ...responses.en,
    ...reports.en,
    ...publication.en,
    ...releases.en,
    ...rounds.en,
    ...mailTexts.en,
    ...delivery.en,
    ...results.en,
    ...accessibility.en,
    ...privacy.en,
  },
};

export type MessageKey = keyof (typeof catalogue)['sv'];
export type MessageParams = Record<string, string | number>;

/** Looks a message up in the catalogue and fills its {placeholders}. */
export function translate(language: Language, key: MessageKey, params: MessageParams = {}): string {
  const template: string = catalogue[language][key];
  return template.replace(/\{(\w+)\}/g, (placeholder, name: string) => {
    const value = params[name];
    return value === undefined ? placeholder : String(value);
  });
}

/** Returns whether a text is a key of the catalogue (services throw some errors with a message key). */
export function isMessageKey(text: string): text is MessageKey {
  return Object.hasOwn(catalogue.sv, text);
}

/** A translator bound to one language, handed to pages. */
export type Translate = (key: MessageKey, params?: MessageParams) => string;

export function translatorFor(language: Language): Translate {
  return (key, params) => translate(language, key, params);
}
