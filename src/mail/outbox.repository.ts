import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { isPostgres } from '../db/dialect.ts';
import type { MailOutboxTable } from './outbox.table.ts';

export type MailKind = MailOutboxTable['kind'];
export type MailStatus = MailOutboxTable['status'];

/** A mail in the outbox, as the sender needs it. */
export type OutboxMail = {
  id: string;
  kind: MailKind;
  recipient: string;
  subject: string;
  text: string;
  html: string;
  signInLinkFor: { userId: string; redirectTo: string | null } | null;
  attempts: number;
};

/** A mail's delivery, as coordinators see it: everything but its content. */
export type MailDelivery = {
  id: string;
  kind: MailKind;
  recipient: string;
  roundId: string | null;
  organisationCode: string | null;
  status: MailStatus;
  attempts: number;
  /** While queued: not before this time (the next attempt after a temporary failure). */
  notBefore: string;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  updatedAt: string;
};

function rowToOutboxMail(row: MailOutboxTable): OutboxMail {
  return {
    id: row.id,
    kind: row.kind,
    recipient: row.recipient,
    subject: row.subject,
    text: row.body_text,
    html: row.body_html,
    signInLinkFor: row.link_user_id ? { userId: row.link_user_id, redirectTo: row.link_redirect_to } : null,
    attempts: row.attempts,
  };
}

const deliveryColumns = [
  'id',
  'kind',
  'recipient',
  'round_id',
  'organisation_code',
  'status',
  'attempts',
  'claimed_until',
  'last_error',
  'created_at',
  'sent_at',
  'updated_at',
] as const;

function rowToDelivery(row: Pick<MailOutboxTable, (typeof deliveryColumns)[number]>): MailDelivery {
  return {
    id: row.id,
    kind: row.kind,
    recipient: row.recipient,
    roundId: row.round_id,
    organisationCode: row.organisation_code,
    status: row.status,
    attempts: row.attempts,
    notBefore: row.claimed_until,
    lastError: row.last_error,
    createdAt: row.created_at,
    sentAt: row.sent_at,
    updatedAt: row.updated_at,
  };
}

/** Inserts a queued mail; returns false (and inserts nothing) when its slot is already taken. */
export async function insertOutboxRow(db: Kysely<Database>, row: MailOutboxTable): Promise<boolean> {
  const inserted = await db
    .insertInto('mail_outbox')
    .values(row)
    .onConflict((conflict) => conflict.columns(['round_id', 'organisation_code', 'slot']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** Answers whether a round job's slot is already taken by a mail, queued, sent or failed. */
export async function hasOutboxSlotRow(
  db: Kysely<Database>,
  slot: { roundId: string; organisationCode: string; slot: string },
): Promise<boolean> {
  const row = await db
    .selectFrom('mail_outbox')
    .select('id')
    .where('round_id', '=', slot.roundId)
    .where('organisation_code', '=', slot.organisationCode)
    .where('slot', '=', slot.slot)
    .executeTakeFirst();
  return row !== undefined;
}

/** Lists the organisations of a round that already have a mail for the slot. */
export async function listOutboxSlotHolders(
  db: Kysely<Database>,
  roundId: string,
  slot: string,
): Promise<Array<{ organisationCode: string; slot: string }>> {
  const rows = await db
    .selectFrom('mail_outbox')
    .select(['organisation_code', 'slot'])
    .where('round_id', '=', roundId)
    // The slot itself, or the slot of a further contact (the slot, "|" and the address). Slots are written by the
    // code ("days:7"), never with the wildcards % or _, so the pattern needs no escaping.
    .where((eb) => eb.or([eb('slot', '=', slot), eb('slot', 'like', `${slot}|%`)]))
    .execute();
  return rows.flatMap((row) =>
    row.organisation_code === null || row.slot === null
      ? []
      : [{ organisationCode: row.organisation_code, slot: row.slot }],
  );
}

/** Answers whether any mail is due, with a read only: an idle sender never takes SQLite's write lock. */
export async function hasDueOutboxRows(db: Kysely<Database>, now: string): Promise<boolean> {
  const row = await db
    .selectFrom('mail_outbox')
    .select('id')
    .where('status', '=', 'queued')
    .where('claimed_until', '<=', now)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Claims up to `limit` due mails for one sender until `leaseUntil`, counting the attempt, in one statement: another
 * sender (another instance, a cron run) sees them as not due until the lease ends. On PostgreSQL the candidates are
 * locked with SKIP LOCKED, so concurrent claimers take different rows instead of queueing on the same ones; SQLite
 * runs one writer at a time anyway.
 */
export async function claimDueOutboxRows(
  db: Kysely<Database>,
  claim: { now: string; leaseUntil: string; claimedBy: string; limit: number },
): Promise<OutboxMail[]> {
  const candidates = db
    .selectFrom('mail_outbox')
    .select('id')
    .where('status', '=', 'queued')
    .where('claimed_until', '<=', claim.now)
    .orderBy('priority')
    .orderBy('claimed_until')
    .limit(claim.limit);
  const rows = await db
    .updateTable('mail_outbox')
    .set({
      claimed_until: claim.leaseUntil,
      claimed_by: claim.claimedBy,
      attempts: sql<number>`attempts + 1`,
      updated_at: claim.now,
    })
    .where((eb) =>
      isPostgres(db)
        ? // ARRAY(…) runs the locking subquery once. As a plain `IN (…)` PostgreSQL may run it again for every
          // row it compares, and with SKIP LOCKED each run skips the rows the previous one locked: one sender
          // would claim the whole outbox instead of `limit` mails.
          eb('id', '=', sql<string>`any(array(${candidates.forUpdate().skipLocked()}))`)
        : eb('id', 'in', candidates),
    )
    .where('status', '=', 'queued')
    .where('claimed_until', '<=', claim.now)
    .returningAll()
    .execute();
  return rows.map(rowToOutboxMail);
}

export async function markOutboxRowSent(db: Kysely<Database>, id: string, at: string): Promise<void> {
  await db
    .updateTable('mail_outbox')
    // claimed_by stays: it names the sender that sent the mail.
    .set({ status: 'sent', sent_at: at, updated_at: at })
    .where('id', '=', id)
    .execute();
}

export async function markOutboxRowForRetry(
  db: Kysely<Database>,
  id: string,
  retry: { at: string; retryAt: string; error: string },
): Promise<void> {
  await db
    .updateTable('mail_outbox')
    .set({ claimed_until: retry.retryAt, claimed_by: null, last_error: retry.error, updated_at: retry.at })
    .where('id', '=', id)
    .where('status', '=', 'queued')
    .execute();
}

export async function markOutboxRowFailed(
  db: Kysely<Database>,
  id: string,
  failure: { at: string; error: string },
): Promise<void> {
  await db
    .updateTable('mail_outbox')
    .set({ status: 'failed', claimed_by: null, last_error: failure.error, updated_at: failure.at })
    .where('id', '=', id)
    .execute();
}

/** Lists a round's mail (without content), newest first. */
export async function listRoundOutboxRows(db: Kysely<Database>, roundId: string): Promise<MailDelivery[]> {
  const rows = await db
    .selectFrom('mail_outbox')
    .select(deliveryColumns)
    .where('round_id', '=', roundId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map(rowToDelivery);
}

/** Finds one mail's delivery by id, or undefined. */
export async function findOutboxRow(db: Kysely<Database>, id: string): Promise<MailDelivery | undefined> {
  const row = await db.selectFrom('mail_outbox').select(deliveryColumns).where('id', '=', id).executeTakeFirst();
  return row ? rowToDelivery(row) : undefined;
}

/** The newest mail sent to an address, or undefined. */
export async function findLatestSentOutboxRow(
  db: Kysely<Database>,
  recipient: string,
): Promise<MailDelivery | undefined> {
  const row = await db
    .selectFrom('mail_outbox')
    .select(deliveryColumns)
    .where('recipient', '=', recipient)
    .where('status', '=', 'sent')
    .orderBy('sent_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? rowToDelivery(row) : undefined;
}

export async function deleteRoundOutboxRows(db: Kysely<Database>, roundId: string): Promise<number> {
  const result = await db.deleteFrom('mail_outbox').where('round_id', '=', roundId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** The mails of one address, oldest first (what a person may ask to see of their own data). */
export async function listRecipientOutboxRows(db: Kysely<Database>, recipient: string): Promise<MailDelivery[]> {
  const rows = await db
    .selectFrom('mail_outbox')
    .select(deliveryColumns)
    .where((eb) => eb(eb.fn('lower', ['recipient']), '=', recipient.toLowerCase()))
    .orderBy('created_at')
    .execute();
  return rows.map(rowToDelivery);
}

export async function deleteRecipientOutboxRows(db: Kysely<Database>, recipient: string): Promise<number> {
  const result = await db.deleteFrom('mail_outbox').where('recipient', '=', recipient).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Deletes finished mails of the given kinds last changed before a time. */
export async function deleteFinishedOutboxRows(
  db: Kysely<Database>,
  kinds: readonly MailKind[],
  before: string,
): Promise<number> {
  const result = await db
    .deleteFrom('mail_outbox')
    .where('kind', 'in', kinds)
    .where('status', '!=', 'queued')
    .where('updated_at', '<', before)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
