/** Languages the product speaks; Swedish is the default. */
export const languages = ['sv', 'en'] as const;
export type Language = (typeof languages)[number];
export const defaultLanguage: Language = 'sv';

/**
 * Declares one module's part of the message catalogue. The type parameter makes the compiler demand that the
 * English part has exactly the keys of the Swedish part, so a missing translation is a type error.
 */
export function defineMessages<Key extends string>(parts: {
  sv: Record<Key, string>;
  en: Record<NoInfer<Key>, string>;
}): { sv: Record<Key, string>; en: Record<Key, string> } {
  return parts;
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}
