import { messages as accounts } from '../accounts/accounts.messages.ts';
import { messages as organisations } from '../organisations/organisations.messages.ts';
import { defaultLanguage, isLanguage, type Language, languages } from './define-messages.ts';
import { messages as web } from './web.messages.ts';

export { defaultLanguage, isLanguage, type Language, languages };

// The one message catalogue, assembled from each module's part.
const catalogue = {
  sv: { ...web.sv, ...organisations.sv, ...accounts.sv },
  en: { ...web.en, ...organisations.en, ...accounts.en },
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

/** A translator bound to one language, handed to pages. */
export type Translate = (key: MessageKey, params?: MessageParams) => string;

export function translatorFor(language: Language): Translate {
  return (key, params) => translate(language, key, params);
}
