import { type Kysely, sql } from 'kysely';

// Frozen in time: never imports application code. Conventions as in the core migration.
//
// Every mail (sign-in links, invitations, reminders, colleague invitations, receipts) becomes a row of mail_outbox,
// written in the transaction of the change that causes it and sent after commit by a sender in every instance.
// The outbox replaces mail_log, whose row was the claim on a reminder and the record of a mail sent inside the
// request: its sent and failed rows move over as history (without content, which mail_log never kept); its
// pending rows are mails that a killed process claimed and never sent, so they are dropped and the next reminder
// pass (or "invite new contacts") queues them again.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('mail_outbox')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('kind', 'text', (col) =>
      col
        .notNull()
        .check(sql`kind in ('sign-in', 'invitation', 'reminder', 'manual-reminder', 'colleague', 'receipt')`),
    )
    .addColumn('recipient', 'text', (col) => col.notNull())
    .addColumn('subject', 'text', (col) => col.notNull())
    .addColumn('body_text', 'text', (col) => col.notNull())
    .addColumn('body_html', 'text', (col) => col.notNull())
    /** When set, the sender creates a one-time sign-in link for this user just before sending: no token is stored. */
    .addColumn('link_user_id', 'text')
    .addColumn('link_redirect_to', 'text')
    .addColumn('round_id', 'text', (col) => col.references('rounds.id').onDelete('cascade'))
    .addColumn('organisation_code', 'text', (col) => col.references('organisations.code'))
    /** The job this mail fulfils, e.g. "days:7", "invitation:name@kommun.se", "manual:<batch id>"; null: none. */
    .addColumn('slot', 'text')
    /** 0 sign-in links, 1 other personal mail, 2 fieldwork mail in bulk: the sender takes the lowest first. */
    .addColumn('priority', 'integer', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull().check(sql`status in ('queued', 'sent', 'failed')`))
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    /** Not before: a sender's lease while it sends, the backoff after a temporary failure; due when in the past. */
    .addColumn('claimed_until', 'text', (col) => col.notNull())
    .addColumn('claimed_by', 'text')
    /** The SMTP reply (or connection error) of the last failed attempt. */
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('created_by', 'text')
    .addColumn('sent_at', 'text')
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .execute();
  // NULL slots never collide: both dialects treat NULLs as distinct in unique indexes.
  await db.schema
    .createIndex('mail_outbox_slot_unique')
    .on('mail_outbox')
    .columns(['round_id', 'organisation_code', 'slot'])
    .unique()
    .execute();
  await db.schema
    .createIndex('mail_outbox_due_idx')
    .on('mail_outbox')
    .columns(['status', 'priority', 'claimed_until'])
    .execute();
  await db.schema.createIndex('mail_outbox_round_idx').on('mail_outbox').columns(['round_id', 'created_at']).execute();
  await db.schema.createIndex('mail_outbox_recipient_idx').on('mail_outbox').columns(['recipient']).execute();

  await sql`
    insert into mail_outbox (id, kind, recipient, subject, body_text, body_html, round_id, organisation_code, slot,
      priority, status, attempts, claimed_until, last_error, created_at, created_by, sent_at, updated_at)
    select id, kind, recipient, '', '', '', round_id, organisation_code, slot,
      2, status, 1, created_at, error, created_at, created_by, sent_at, coalesce(sent_at, created_at)
    from mail_log where status in ('sent', 'failed')
  `.execute(db);
  await db.schema.dropTable('mail_log').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('mail_log')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('kind', 'text', (col) =>
      col.notNull().check(sql`kind in ('invitation', 'reminder', 'manual-reminder', 'colleague')`),
    )
    .addColumn('round_id', 'text', (col) => col.references('rounds.id').onDelete('cascade'))
    .addColumn('organisation_code', 'text', (col) => col.notNull().references('organisations.code'))
    .addColumn('slot', 'text')
    .addColumn('recipient', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull().check(sql`status in ('pending', 'sent', 'failed')`))
    .addColumn('error', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('created_by', 'text')
    .addColumn('sent_at', 'text')
    .execute();
  await db.schema
    .createIndex('mail_log_claim_unique')
    .on('mail_log')
    .columns(['round_id', 'organisation_code', 'slot'])
    .unique()
    .execute();
  await db.schema.createIndex('mail_log_round_idx').on('mail_log').columns(['round_id', 'created_at']).execute();
  await sql`
    insert into mail_log (id, kind, round_id, organisation_code, slot, recipient, status, error, created_at,
      created_by, sent_at)
    select id, kind, round_id, organisation_code, slot, recipient, status, last_error, created_at, created_by, sent_at
    from mail_outbox
    where kind in ('invitation', 'reminder', 'manual-reminder', 'colleague') and organisation_code is not null
      and status in ('sent', 'failed')
  `.execute(db);
  await db.schema.dropTable('mail_outbox').execute();
}
