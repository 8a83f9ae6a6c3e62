/** Every mail the service sends ends with a link to the privacy notice (GDPR art. 13). */
import type { Mailer } from '../mail/mailer.ts';
import { translate } from '../web/i18n.ts';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/**
 * Wraps a mailer so that each message ends with the privacy notice's address, in the mail's own language (read
 * from its HTML's lang attribute; Swedish otherwise).
 */
export function withPrivacyLink(mailer: Mailer, baseUrl: string): Mailer {
  const url = `${baseUrl.replace(/\/$/, '')}/personuppgifter`;
  return {
    async send(message) {
      const language = /<html[^>]*\slang="en"/.test(message.html) ? 'en' : 'sv';
      const label = translate(language, 'privacy.mailFooter');
      const footer = `<p style="color:#4a4a55;font-size:0.9em">${escapeHtml(label)} <a href="${escapeHtml(url)}">${escapeHtml(url)}</a></p>`;
      const html = message.html.includes('</body>')
        ? message.html.replace('</body>', `${footer}</body>`)
        : `${message.html}${footer}`;
      await mailer.send({ ...message, text: `${message.text}\n\n--\n${label} ${url}`, html });
    },
  };
}
