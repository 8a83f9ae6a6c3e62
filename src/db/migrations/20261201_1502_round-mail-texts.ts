import { type Kysely, sql } from 'kysely';

// Frozen in time: never imports application code. Conventions as in the core migration.
//
// Each round's own invitation and reminder texts (subject and body per language, and the coordinator named in
// them), as one JSON document; a round without a row uses the catalogue's texts. Each contact gets mail in their
// own language, Swedish unless the coordinator says otherwise.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('round_mail_texts')
    .addColumn('round_id', 'text', (col) => col.primaryKey().references('rounds.id').onDelete('cascade'))
    .addColumn('texts', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .addColumn('updated_by', 'text')
    .execute();
  // SQLite accepts a CHECK in ADD COLUMN when the column has a default that passes it, so no table rebuild.
  await db.schema
    .alterTable('round_organisations')
    .addColumn('contact_language', 'text', (col) =>
      col.notNull().defaultTo('sv').check(sql`contact_language in ('sv', 'en')`),
    )
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('round_organisations').dropColumn('contact_language').execute();
  await db.schema.dropTable('round_mail_texts').execute();
}
