import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { insertSignInLink, type RenderedMail } from './mail-document.ts';
import { classifySendFailure, type Mailer } from './mailer.ts';
import {
  claimDueOutboxRows,
  deleteFinishedOutboxRows,
  deleteRecipientOutboxRows,
  deleteRoundOutboxRows,
  hasDueOutboxRows,
  hasOutboxSlotRow,
  insertOutboxRow,
  listOutboxSlotHolders,
  listRecipientOutboxRows,
  listRoundOutboxRows,
  type MailDelivery,
  type MailKind,
  type MailStatus,
  markOutboxRowFailed,
  markOutboxRowForRetry,
  markOutboxRowSent,
  type OutboxMail,
} from './outbox.repository.ts';
import { findRetryDelayMs, mailRetryPolicy } from './retry-policy.ts';

export type { MailDelivery, MailKind, MailStatus };

/** A mail to queue: its rendered content, whom it goes to and, for fieldwork, the round job it fulfils. */
export type NewMail = {
  kind: MailKind;
  to: string;
  content: RenderedMail;
  /** Makes the sender create a one-time sign-in link for this user and put it where the content has the marker. */
  signInLinkFor?: { userId: string; redirectTo: string | null };
  roundId?: string | null;
  organisationCode?: string | null;
  /** Unique per round and organisation: a second mail for a taken slot is not queued. */
  slot?: string | null;
  createdBy: string | null;
};

// Sign-in links first (someone waits at the sign-in page), then personal mail, then fieldwork in bulk.
const priorities: Record<MailKind, number> = {
  'sign-in': 0,
  receipt: 1,
  colleague: 1,
  invitation: 2,
  reminder: 2,
  'manual-reminder': 2,
};

/**
 * Queues a mail. Call it inside the transaction of the change that causes the mail: if that rolls back, the mail
 * was never queued; once it commits, a sender sends it. Returns false when the mail's slot was already taken.
 */
export async function queueMail(db: Kysely<Database>, clock: Clock, mail: NewMail): Promise<boolean> {
  const now = clock.now().toISOString();
  return insertOutboxRow(db, {
    id: randomUUID(),
    kind: mail.kind,
    recipient: mail.to,
    subject: mail.content.subject,
    body_text: mail.content.text,
    body_html: mail.content.html,
    link_user_id: mail.signInLinkFor?.userId ?? null,
    link_redirect_to: mail.signInLinkFor?.redirectTo ?? null,
    round_id: mail.roundId ?? null,
    organisation_code: mail.organisationCode ?? null,
    slot: mail.slot ?? null,
    priority: priorities[mail.kind],
    status: 'queued',
    attempts: 0,
    claimed_until: now,
    claimed_by: null,
    last_error: null,
    created_at: now,
    created_by: mail.createdBy,
    sent_at: null,
    updated_at: now,
  });
}

/** Answers whether a round job (such as the reminder "days:7" of one organisation) already has its mail. */
export async function isMailSlotTaken(
  db: Kysely<Database>,
  slot: { roundId: string; organisationCode: string; slot: string },
): Promise<boolean> {
  return hasOutboxSlotRow(db, slot);
}

/**
 * Lists the mail of a round for a slot already queued or sent, in one read: the organisations that hold the slot
 * and the further contacts that hold it with their address after it ("days:7|anna@kommun.se").
 */
export async function listTakenMailSlots(
  db: Kysely<Database>,
  roundId: string,
  slot: string,
): Promise<Array<{ organisationCode: string; slot: string }>> {
  return listOutboxSlotHolders(db, roundId, slot);
}

/**
 * Creates a one-time sign-in link for a user at sending time and returns its URL, or null when the account no
 * longer exists. Passed in by whoever starts a sender, so this module needs nothing from accounts.
 */
export type SignInLinkIssuer = (
  db: Kysely<Database>,
  request: { userId: string; redirectTo: string | null },
) => Promise<string | null>;

export type SenderOptions = {
  mailer: Mailer;
  issueSignInLink: SignInLinkIssuer;
  /** Names the claiming sender in its rows, for whoever reads the table after a crash. */
  senderId: string;
  batchSize?: number;
  leaseMs?: number;
  /** Stops taking new batches once aborted (a server shutting down); the batch in hand is still finished. */
  signal?: AbortSignal;
};

/** What one run of the sender did: mails sent, failed for good, and put back for a later attempt. */
export type SendTally = { sent: number; failed: number; deferred: number };

// A claimed batch is sent within the lease: at most 4 rounds of 3 parallel attempts, each bounded by the mailer's
// timeouts (15 s to connect, 15 s greeting, 60 s per reply), stays well under 10 minutes.
const defaultBatchSize = 10;
const defaultLeaseMs = 10 * 60_000;
const parallelSends = 3;

/** The Message-ID of an outbox mail, so that a bounce quoting it leads back to the row. */
export function messageIdFor(id: string): string {
  return `<${id}@outbox.lagesbild>`;
}

/** Reads an outbox id back from a Message-ID, or null when it is not one of ours. */
export function readOutboxId(messageId: string): string | null {
  return /^<?([0-9a-f-]{36})@outbox\.lagesbild>?$/i.exec(messageId.trim())?.[1]?.toLowerCase() ?? null;
}

async function sendOne(
  db: Kysely<Database>,
  clock: Clock,
  options: SenderOptions,
  mail: OutboxMail,
  tally: SendTally,
): Promise<void> {
  const fail = async (error: string) => {
    await markOutboxRowFailed(db, mail.id, { at: clock.now().toISOString(), error });
    tally.failed += 1;
  };
  // Attempts are counted when claimed, so a mail whose sending kills the sender every time still ends.
  if (mail.attempts > mailRetryPolicy.maxAttempts) {
    return fail(`Gave up after ${mail.attempts - 1} attempts.`);
  }
  let content = { text: mail.text, html: mail.html };
  if (mail.signInLinkFor) {
    const url = await options.issueSignInLink(db, mail.signInLinkFor);
    if (url === null) return fail('The recipient’s account no longer exists.');
    content = insertSignInLink(content, url);
  }
  try {
    await options.mailer.send({
      to: mail.recipient,
      subject: mail.subject,
      ...content,
      messageId: messageIdFor(mail.id),
    });
  } catch (error) {
    const failure = classifySendFailure(error);
    if (failure.isPermanent) return fail(failure.reply);
    if (mail.attempts >= mailRetryPolicy.maxAttempts)
      return fail(`${failure.reply} (gave up after ${mail.attempts} attempts)`);
    const now = clock.now();
    await markOutboxRowForRetry(db, mail.id, {
      at: now.toISOString(),
      retryAt: new Date(now.getTime() + findRetryDelayMs(mail.attempts)).toISOString(),
      error: failure.reply,
    });
    tally.deferred += 1;
    return;
  }
  await markOutboxRowSent(db, mail.id, clock.now().toISOString());
  tally.sent += 1;
}

/**
 * Sends every mail due now: claims a batch with a lease, sends it (a few at a time), records each outcome, and
 * goes on until nothing due is left. Safe beside other senders: a claimed mail is not due for anyone else until
 * its lease ends, and a sender killed mid-batch leaves its mails to be taken again after that.
 */
export async function sendDueMail(db: Kysely<Database>, clock: Clock, options: SenderOptions): Promise<SendTally> {
  const tally: SendTally = { sent: 0, failed: 0, deferred: 0 };
  const batchSize = options.batchSize ?? defaultBatchSize;
  for (;;) {
    if (options.signal?.aborted) return tally;
    const now = clock.now();
    if (!(await hasDueOutboxRows(db, now.toISOString()))) return tally;
    const batch = await claimDueOutboxRows(db, {
      now: now.toISOString(),
      leaseUntil: new Date(now.getTime() + (options.leaseMs ?? defaultLeaseMs)).toISOString(),
      claimedBy: options.senderId,
      limit: batchSize,
    });
    const queue = [...batch];
    await Promise.all(
      Array.from({ length: Math.min(parallelSends, queue.length) }, async () => {
        for (let mail = queue.shift(); mail; mail = queue.shift()) await sendOne(db, clock, options, mail, tally);
      }),
    );
    if (batch.length < batchSize) return tally;
  }
}

/** Lists a round's mail without its content, newest first, for the coordinators' pages. */
export async function listRoundMail(db: Kysely<Database>, roundId: string): Promise<MailDelivery[]> {
  return listRoundOutboxRows(db, roundId);
}

/**
 * Erases every mail of a round, queued or sent, with its addresses and content; for the purge of a closed round's
 * personal data. Returns how many mails were erased.
 */
export async function eraseRoundMail(db: Kysely<Database>, roundId: string): Promise<number> {
  return deleteRoundOutboxRows(db, roundId);
}

/** Erases every mail to one address (any round, sign-in links and receipts too); returns how many. */
/** Lists the mails queued, sent or failed to one address, oldest first. */
export async function listMailToAddress(db: Kysely<Database>, email: string): Promise<MailDelivery[]> {
  return listRecipientOutboxRows(db, email);
}

export async function eraseMailToAddress(db: Kysely<Database>, email: string): Promise<number> {
  return deleteRecipientOutboxRows(db, email.trim().toLowerCase());
}

/**
 * Deletes sign-in mails finished more than 30 days ago: they only say who signed in when, which the audit log
 * keeps; run periodically by the server.
 */
export async function purgeOldMail(db: Kysely<Database>, clock: Clock): Promise<number> {
  return deleteFinishedOutboxRows(db, ['sign-in'], new Date(clock.now().getTime() - 30 * 86_400_000).toISOString());
}
