import { type RenderedMail, renderMailDocument, signInLinkMarker } from '../mail/mail-document.ts';
import { type Language, translate } from '../web/i18n.ts';

/** Renders the mail that brings a colleague in, with the personal link the sender creates when it sends. */
export function renderColleagueMail(
  language: Language,
  input: {
    organisationName: string;
    /** The open round the link leads into, or null when none is open. */
    roundLabel: string | null;
    inviter: string;
    role: string;
    minutes: number;
    signInUrl: string;
  },
): RenderedMail {
  const t = (key: Parameters<typeof translate>[1]) =>
    translate(language, key, {
      organisation: input.organisationName,
      round: input.roundLabel ?? '',
      inviter: input.inviter,
      role: input.role,
      minutes: input.minutes,
      signInUrl: input.signInUrl,
    });
  return renderMailDocument({
    language,
    subject: t('rounds.mail.colleague.subject'),
    paragraphs: [
      [t('rounds.mail.greeting')],
      [t('rounds.mail.colleague.body')],
      ...(input.roundLabel ? [[t('rounds.mail.colleague.round')]] : []),
      [t('rounds.mail.link'), '\n', { href: signInLinkMarker }],
      [t('rounds.mail.expired')],
      [t('rounds.mail.signature')],
    ],
  });
}
