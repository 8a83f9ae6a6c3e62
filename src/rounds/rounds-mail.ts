import { type Language, type MessageParams, translate } from '../web/i18n.ts';
import { formatStockholm } from './stockholm-time.ts';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

export type FieldworkMailInput = {
  kind: 'invitation' | 'reminder' | 'colleague';
  organisationName: string;
  roundLabel: string;
  closesAt: string | null;
  /** The personal one-time sign-in link. */
  url: string;
  /** Where a new link can be requested once this one is used or expired. */
  signInUrl: string;
  minutes: number;
  /** Reminders: days left until closing. */
  daysLeft?: number;
  /** Colleague invitations: who invited. */
  invitedBy?: string;
  role?: string;
};

/** Renders an invitation, reminder or colleague invitation in plain text and HTML, in the given language. */
export function renderFieldworkMail(language: Language, input: FieldworkMailInput) {
  const params: MessageParams = {
    organisation: input.organisationName,
    round: input.roundLabel,
    closes: input.closesAt ? formatStockholm(input.closesAt) : '',
    minutes: input.minutes,
    days: input.daysLeft ?? '',
    inviter: input.invitedBy ?? '',
    role: input.role ?? '',
    signInUrl: input.signInUrl,
  };
  const t = (key: Parameters<typeof translate>[1]) => translate(language, key, params);
  const prefix = `rounds.mail.${input.kind}` as const;
  const paragraphs = [
    t(`${prefix}.body`),
    ...(input.closesAt && input.kind !== 'colleague' ? [t('rounds.mail.closes')] : []),
    t('rounds.mail.link'),
  ];
  const after = [t('rounds.mail.expired'), t('rounds.mail.signature')];
  const text = [t('rounds.mail.greeting'), '', ...paragraphs.flatMap((p) => [p, '']), input.url, '', ...after].join(
    '\n',
  );
  const html = [
    `<!doctype html><html lang="${language}"><body>`,
    `<p>${escapeHtml(t('rounds.mail.greeting'))}</p>`,
    ...paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`),
    `<p><a href="${escapeHtml(input.url)}">${escapeHtml(t('rounds.mail.button'))}</a></p>`,
    `<p>${escapeHtml(input.url)}</p>`,
    ...after.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`),
    '</body></html>',
  ].join('');
  return { subject: t(`${prefix}.subject`), text, html };
}
