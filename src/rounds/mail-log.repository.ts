import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { MailLogTable } from './rounds.table.ts';

export type MailKind = MailLogTable['kind'];
export type MailStatus = MailLogTable['status'];

export type MailRecord = {
  id: string;
  kind: MailKind;
  roundId: string | null;
  organisationCode: string;
  slot: string | null;
  recipient: string;
  status: MailStatus;
  error: string | null;
  createdAt: string;
  createdBy: string | null;
  sentAt: string | null;
};

function rowToMailRecord(row: MailLogTable): MailRecord {
  return {
    id: row.id,
    kind: row.kind,
    roundId: row.round_id,
    organisationCode: row.organisation_code,
    slot: row.slot,
    recipient: row.recipient,
    status: row.status,
    error: row.error,
    createdAt: row.created_at,
    createdBy: row.created_by,
    sentAt: row.sent_at,
  };
}

/**
 * Records a mail as pending and, when it has a slot, claims the slot: one statement, so it is atomic on both
 * dialects and holds no transaction open across an await (two SQLite handles in one process would otherwise wait on
 * each other's lock). Returns false when another call (or instance) already claimed the slot.
 */
export async function claimMailRow(db: Kysely<Database>, mail: MailRecord): Promise<boolean> {
  const inserted = await db
    .insertInto('mail_log')
    .values({
      id: mail.id,
      kind: mail.kind,
      round_id: mail.roundId,
      organisation_code: mail.organisationCode,
      slot: mail.slot,
      recipient: mail.recipient,
      status: mail.status,
      error: mail.error,
      created_at: mail.createdAt,
      created_by: mail.createdBy,
      sent_at: mail.sentAt,
    })
    .onConflict((conflict) => conflict.columns(['round_id', 'organisation_code', 'slot']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function finishMailRow(
  db: Kysely<Database>,
  id: string,
  outcome: { status: 'sent'; sentAt: string } | { status: 'failed'; error: string },
): Promise<void> {
  await db
    .updateTable('mail_log')
    .set(
      outcome.status === 'sent'
        ? { status: 'sent', sent_at: outcome.sentAt, error: null }
        : { status: 'failed', error: outcome.error.slice(0, 500) },
    )
    .where('id', '=', id)
    .execute();
}

export async function listMailRowsByRound(db: Kysely<Database>, roundId: string): Promise<MailRecord[]> {
  const rows = await db
    .selectFrom('mail_log')
    .selectAll()
    .where('round_id', '=', roundId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
  return rows.map(rowToMailRecord);
}

/** Every mail sent, or tried, to an address, oldest first. */
export async function listMailRowsByRecipient(db: Kysely<Database>, email: string): Promise<MailRecord[]> {
  const rows = await db
    .selectFrom('mail_log')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['recipient']), '=', email.toLowerCase()))
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(rowToMailRecord);
}
