/**
 * A round's own invitation and reminder texts: subject and body per language, with placeholders, checked and
 * rendered here (pure, so every rule is tested with exact expectations). The body is plain text; the mail's
 * plain-text and HTML parts are both built from it, paragraph by paragraph.
 */
import { type Static, Type } from 'typebox';
import { Value } from 'typebox/value';
import { type MailDocument, type MailParagraph, signInLinkMarker } from '../mail/mail-document.ts';
import { type Language, languages, translate } from '../web/i18n.ts';

export const roundMailKinds = ['invitation', 'reminder'] as const;
export type RoundMailKind = (typeof roundMailKinds)[number];

/** The placeholders a text may use; {link} is the recipient's personal sign-in link and must be in every body. */
export const mailPlaceholders = ['organisation', 'round', 'deadline', 'link', 'coordinator'] as const;
export type MailPlaceholder = (typeof mailPlaceholders)[number];

const TextSchema = Type.Object({ subject: Type.String(), body: Type.String() });
const TextsPerLanguage = Type.Object({ sv: TextSchema, en: TextSchema });
export const MailTextsSchema = Type.Object({
  coordinator: Type.String(),
  invitation: TextsPerLanguage,
  reminder: TextsPerLanguage,
});
export type MailTexts = Static<typeof MailTextsSchema>;

/** Reads stored texts back; anything that does not have the expected shape counts as not stored. */
export function parseMailTexts(json: string): MailTexts | null {
  try {
    const parsed: unknown = JSON.parse(json);
    return Value.Check(MailTextsSchema, parsed) ? parsed : null;
  } catch {
    // Not JSON: the caller falls back to the catalogue's texts.
    return null;
  }
}

/** The catalogue's texts, with which every round starts. */
export function defaultMailTexts(): MailTexts {
  const textIn = (kind: RoundMailKind, language: Language) => ({
    subject: translate(language, `rounds.mailTexts.default.${kind}.subject`),
    body: translate(language, `rounds.mailTexts.default.${kind}.body`),
  });
  return {
    coordinator: translate('sv', 'rounds.mailTexts.default.coordinator'),
    invitation: { sv: textIn('invitation', 'sv'), en: textIn('invitation', 'en') },
    reminder: { sv: textIn('reminder', 'sv'), en: textIn('reminder', 'en') },
  };
}

/** One field of the texts: "coordinator", or "invitation.sv.body" and the like. */
export type MailTextField = 'coordinator' | `${RoundMailKind}.${Language}.${'subject' | 'body'}`;

export type MailTextProblem = {
  field: MailTextField;
  reason: 'required' | 'too_long' | 'unknown_placeholder' | 'link_missing' | 'link_in_subject';
  value?: string;
};

const limits = { coordinator: 200, subject: 200, body: 5000 };

function findPlaceholders(text: string): string[] {
  return [...text.matchAll(/\{([^{}\s]*)\}/g)].map((match) => match[1] ?? '');
}

/** Checks every field of the texts and names each problem (field, reason, and the offending placeholder). */
export function checkMailTexts(texts: MailTexts): MailTextProblem[] {
  const problems: MailTextProblem[] = [];
  const coordinator = texts.coordinator.trim();
  if (coordinator === '') problems.push({ field: 'coordinator', reason: 'required' });
  else if (coordinator.length > limits.coordinator) problems.push({ field: 'coordinator', reason: 'too_long' });
  for (const kind of roundMailKinds) {
    for (const language of languages) {
      for (const part of ['subject', 'body'] as const) {
        const field: MailTextField = `${kind}.${language}.${part}`;
        const text = texts[kind][language][part].trim();
        const unknown = findPlaceholders(text).filter(
          (name) => !(mailPlaceholders as readonly string[]).includes(name),
        );
        if (text === '') problems.push({ field, reason: 'required' });
        else if (text.length > limits[part]) problems.push({ field, reason: 'too_long' });
        else if (unknown.length > 0) problems.push({ field, reason: 'unknown_placeholder', value: `{${unknown[0]}}` });
        else if (part === 'subject' && text.includes('{link}')) problems.push({ field, reason: 'link_in_subject' });
        else if (part === 'body' && !text.includes('{link}')) problems.push({ field, reason: 'link_missing' });
      }
    }
  }
  return problems;
}

/** What the placeholders stand for in one mail. `link` is left out: the sender creates it when it sends. */
export type MailValues = Record<Exclude<MailPlaceholder, 'link'>, string>;

/** Fills the placeholders in one pass over the template, so a value that itself reads "{link}" stays text. */
function fillPlaceholders(text: string, values: MailValues): MailParagraph {
  const lookup: Record<string, string> = values;
  const parts: MailParagraph = [];
  let rest = text;
  for (let match = /\{(\w+)\}/.exec(rest); match; match = /\{(\w+)\}/.exec(rest)) {
    const name = match[1] ?? '';
    parts.push(rest.slice(0, match.index));
    if (name === 'link') parts.push({ href: signInLinkMarker });
    else parts.push((Object.hasOwn(lookup, name) ? (lookup[name] ?? '') : match[0]).replaceAll(signInLinkMarker, ''));
    rest = rest.slice(match.index + match[0].length);
  }
  parts.push(rest);
  return parts.filter((part) => part !== '');
}

/**
 * Composes one round mail in one language: the subject, the body's paragraphs with the placeholders filled and
 * {link} as the personal link, and a closing paragraph the coordinator cannot edit saying how long the link is
 * valid and where to get a new one. renderMailDocument turns it into the plain-text and HTML parts.
 */
export function composeRoundMail(
  texts: MailTexts,
  kind: RoundMailKind,
  language: Language,
  values: MailValues,
  footer: { minutes: number; signInUrl: string },
): MailDocument {
  const text = texts[kind][language];
  const paragraphs = text.body
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '')
    .map((paragraph) => fillPlaceholders(paragraph, values));
  // A subject holds no link (checkMailTexts refuses one); should one be there, it is left out.
  const subject = fillPlaceholders(text.subject, values)
    .map((part) => (typeof part === 'string' ? part : ''))
    .join('');
  return { language, subject, paragraphs: [...paragraphs, [translate(language, 'rounds.mailTexts.footer', footer)]] };
}
