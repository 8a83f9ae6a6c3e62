import { type Kysely, sql } from 'kysely';

// Frozen in time: never imports application code. Conventions as in the core migration.

export async function up(db: Kysely<any>): Promise<void> {
  // Every mail of fieldwork (invitations, reminders, colleague invitations), one row per recipient. A row is also
  // the claim on its job: (round_id, organisation_code, slot) is unique, so when several instances run the same
  // reminder pass, one INSERT ... ON CONFLICT DO NOTHING wins and only the winner sends.
  await db.schema
    .createTable('mail_log')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('kind', 'text', (col) =>
      col.notNull().check(sql`kind in ('invitation', 'reminder', 'manual-reminder', 'colleague')`),
    )
    .addColumn('round_id', 'text', (col) => col.references('rounds.id').onDelete('cascade'))
    .addColumn('organisation_code', 'text', (col) => col.notNull().references('organisations.code'))
    /** The job this mail fulfils, e.g. "days:7", "invitation:name@kommun.se", "manual:<batch id>"; null: none. */
    .addColumn('slot', 'text')
    .addColumn('recipient', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull().check(sql`status in ('pending', 'sent', 'failed')`))
    .addColumn('error', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('created_by', 'text')
    .addColumn('sent_at', 'text')
    .execute();
  // NULL slots (colleague invitations) never collide: both dialects treat NULLs as distinct in unique indexes.
  await db.schema
    .createIndex('mail_log_claim_unique')
    .on('mail_log')
    .columns(['round_id', 'organisation_code', 'slot'])
    .unique()
    .execute();
  await db.schema.createIndex('mail_log_round_idx').on('mail_log').columns(['round_id', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('mail_log').execute();
}
