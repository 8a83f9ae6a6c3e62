import { type RenderedMail, renderMailDocument, signInLinkMarker } from '../mail/mail-document.ts';
import { type Language, translate } from '../web/i18n.ts';

/** Renders the sign-in mail in plain text and HTML; the sender puts the one-time link in place of the marker. */
export function renderSignInMail(language: Language, input: { minutes: number }): RenderedMail {
  const t = (key: Parameters<typeof translate>[1]) => translate(language, key, { minutes: input.minutes });
  return renderMailDocument({
    language,
    subject: t('accounts.mail.subject'),
    paragraphs: [
      [t('accounts.mail.greeting')],
      [t('accounts.mail.body')],
      [{ href: signInLinkMarker, label: t('accounts.mail.button') }],
      [t('accounts.mail.ignore')],
    ],
  });
}
