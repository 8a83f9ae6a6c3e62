/**
 * What became of a round's mail, per organisation: the state of the latest invitation or reminder its contact was
 * sent, as the follow-up page shows and filters it. Pure, computed from the outbox's rows.
 */
import type { MailDelivery, MailKind } from '../mail/outbox.service.ts';

export type DeliveryStateName = 'queued' | 'retrying' | 'sent' | 'failed';

export type DeliveryState = {
  id: string;
  kind: MailKind;
  recipient: string;
  state: DeliveryStateName;
  /** Sent: when; retrying: the next attempt; queued: since when; failed: when it was given up. */
  at: string;
  /** The SMTP reply or bounce of the last failure, for retrying and failed mail. */
  reason: string | null;
};

export const deliveryFilters = ['queued', 'sent', 'failed', 'none'] as const;
export type DeliveryFilter = (typeof deliveryFilters)[number];

const contactMailKinds: ReadonlySet<MailKind> = new Set(['invitation', 'reminder', 'manual-reminder']);

export function toDeliveryState(mail: MailDelivery): DeliveryState {
  const base = { id: mail.id, kind: mail.kind, recipient: mail.recipient, reason: mail.lastError };
  if (mail.status === 'sent') return { ...base, state: 'sent', at: mail.sentAt ?? mail.updatedAt, reason: null };
  if (mail.status === 'failed') return { ...base, state: 'failed', at: mail.updatedAt };
  return mail.lastError === null
    ? { ...base, state: 'queued', at: mail.createdAt }
    : { ...base, state: 'retrying', at: mail.notBefore };
}

/** The latest invitation or reminder per organisation (receipts and colleague mail are not the contact's). */
export function findLatestDeliveries(mail: readonly MailDelivery[]): Map<string, DeliveryState> {
  const latest = new Map<string, MailDelivery>();
  for (const row of mail) {
    if (row.organisationCode === null || !contactMailKinds.has(row.kind)) continue;
    const seen = latest.get(row.organisationCode);
    if (!seen || row.createdAt > seen.createdAt || (row.createdAt === seen.createdAt && row.id > seen.id)) {
      latest.set(row.organisationCode, row);
    }
  }
  return new Map([...latest].map(([code, row]) => [code, toDeliveryState(row)]));
}

/** Whether an organisation's latest mail matches the follow-up's mail filter; "queued" includes retrying mail. */
export function matchesDeliveryFilter(state: DeliveryState | null, filter: DeliveryFilter): boolean {
  if (filter === 'none') return state === null;
  if (state === null) return false;
  return filter === 'queued' ? state.state === 'queued' || state.state === 'retrying' : state.state === filter;
}

/** The organisations whose latest invitation failed (none sent to them since), for the round page. */
export function listFailedInvitations(mail: readonly MailDelivery[]): Map<string, DeliveryState> {
  const invitations = findLatestDeliveries(mail.filter((row) => row.kind === 'invitation'));
  return new Map([...invitations].filter(([, state]) => state.state === 'failed'));
}
