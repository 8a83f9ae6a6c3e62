import type { Kysely } from 'kysely';

// Frozen in time: never imports application code. The audit chain's head gets an HMAC signature under a key kept
// outside the database (AUDIT_KEY), so a head lowered or rewritten together with the events is caught. Releases
// and backups record the signed head they saw (anchors), so a rewrite is also caught against any earlier anchor.
// The newest verification's result is kept for the audit page. An existing head stays unsigned until the first
// start with a key signs it after verifying the chain.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('audit_chain_head').addColumn('signature', 'text').execute();
  await db.schema
    .createTable('audit_anchors')
    .addColumn('source', 'text', (col) => col.notNull())
    .addColumn('reference', 'text', (col) => col.notNull())
    .addColumn('recorded_at', 'text', (col) => col.notNull())
    .addColumn('sequence', 'integer', (col) => col.notNull())
    .addColumn('hash', 'text', (col) => col.notNull())
    .addColumn('signature', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('audit_anchors_pk', ['source', 'reference'])
    .execute();
  await db.schema
    .createTable('audit_verifications')
    .addColumn('id', 'integer', (col) => col.primaryKey())
    .addColumn('checked_at', 'text', (col) => col.notNull())
    .addColumn('is_intact', 'integer', (col) => col.notNull())
    .addColumn('event_count', 'integer', (col) => col.notNull())
    .addColumn('problem', 'text')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('audit_verifications').execute();
  await db.schema.dropTable('audit_anchors').execute();
  await db.schema.alterTable('audit_chain_head').dropColumn('signature').execute();
}
