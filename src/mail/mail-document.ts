/**
 * One mail's content as paragraphs of text and links, rendered to the plain-text and the HTML part from the same
 * source, so the two never say different things. A personal sign-in link is not known when a mail is queued (no
 * token is ever stored): it is written as a marker that the sender replaces just before sending.
 */

/** Stands for the recipient's one-time sign-in link until the sender creates it. */
export const signInLinkMarker = '[[lagesbild:sign-in-link]]';

/** A link, shown as its address, or as a button labelled `label` in HTML (the address follows in plain text). */
export type MailLink = { href: string; label?: string };
/** Text (line breaks kept) and links, in reading order. */
export type MailParagraph = Array<string | MailLink>;
export type MailDocument = { language: 'sv' | 'en'; subject: string; paragraphs: MailParagraph[] };
export type RenderedMail = { subject: string; text: string; html: string };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function linkToText(link: MailLink): string {
  return link.label ? `${link.label}: ${link.href}` : link.href;
}

function linkToHtml(link: MailLink): string {
  const href = escapeHtml(link.href);
  return `<a href="${href}">${link.label ? escapeHtml(link.label) : href}</a>`;
}

/** Renders a mail's plain-text and HTML parts from one document. */
export function renderMailDocument(document: MailDocument): RenderedMail {
  const text = document.paragraphs
    .map((paragraph) => paragraph.map((part) => (typeof part === 'string' ? part : linkToText(part))).join(''))
    .join('\n\n');
  const body = document.paragraphs
    .map(
      (paragraph) =>
        `<p>${paragraph
          .map((part) => (typeof part === 'string' ? escapeHtml(part).replaceAll('\n', '<br>') : linkToHtml(part)))
          .join('')}</p>`,
    )
    .join('');
  return {
    // A subject is one line: a line break in it would start a new header.
    subject: document.subject.replace(/[\r\n]+/g, ' ').trim(),
    text,
    html: `<!doctype html><html lang="${document.language}"><body>${body}</body></html>`,
  };
}

/**
 * Puts the sign-in link the sender just created in place of the marker. The HTML part gets it escaped; the marker
 * itself contains nothing that escaping changes, so it is found in both parts.
 */
export function insertSignInLink(mail: { text: string; html: string }, url: string): { text: string; html: string } {
  return {
    text: mail.text.replaceAll(signInLinkMarker, url),
    html: mail.html.replaceAll(signInLinkMarker, escapeHtml(url)),
  };
}
