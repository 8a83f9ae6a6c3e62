import { type Language, translate } from '../web/i18n.ts';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** Renders the sign-in mail in plain text and HTML. */
export function renderSignInMail(language: Language, input: { url: string; minutes: number }) {
  const t = (key: Parameters<typeof translate>[1]) => translate(language, key, { minutes: input.minutes });
  const text = [
    t('accounts.mail.greeting'),
    '',
    t('accounts.mail.body'),
    '',
    input.url,
    '',
    t('accounts.mail.ignore'),
  ].join('\n');
  const html = `<!doctype html><html lang="${language}"><body><p>${escapeHtml(t('accounts.mail.greeting'))}</p><p>${escapeHtml(t('accounts.mail.body'))}</p><p><a href="${escapeHtml(input.url)}">${escapeHtml(t('accounts.mail.button'))}</a></p><p>${escapeHtml(input.url)}</p><p>${escapeHtml(t('accounts.mail.ignore'))}</p></body></html>`;
  return { subject: t('accounts.mail.subject'), text, html };
}
