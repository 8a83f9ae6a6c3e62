import type { Kysely } from 'kysely';

// Reports of accessibility problems sent from the accessibility statement (DOS-lagen 2018:1937), for the
// administrators to handle.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('accessibility_reports')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('page', 'text')
    .addColumn('description', 'text', (col) => col.notNull())
    .addColumn('wants_other_format', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('contact_name', 'text')
    .addColumn('contact_email', 'text')
    .addColumn('handled_at', 'text')
    .addColumn('handled_by', 'text')
    .execute();
  await db.schema
    .createIndex('accessibility_reports_contact_email')
    .on('accessibility_reports')
    .column('contact_email')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('accessibility_reports').execute();
}
