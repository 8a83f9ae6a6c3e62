import type { Kysely } from 'kysely';

// Several contacts per organisation (issue 16, point 2): the first stays in round_organisations, where the round
// page edits it; the further ones from a contacts upload are kept here, in the file's order. Each gets the
// invitations and reminders and is a respondent of the organisation once invited.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('round_further_contacts')
    .addColumn('round_id', 'text', (col) => col.notNull())
    .addColumn('organisation_code', 'text', (col) => col.notNull())
    .addColumn('position', 'integer', (col) => col.notNull())
    .addColumn('contact_name', 'text', (col) => col.notNull())
    .addColumn('contact_email', 'text', (col) => col.notNull())
    .addColumn('contact_language', 'text', (col) => col.notNull().defaultTo('sv'))
    .addColumn('invited_at', 'text')
    .addPrimaryKeyConstraint('round_further_contacts_pk', ['round_id', 'organisation_code', 'position'])
    .addForeignKeyConstraint(
      'round_further_contacts_organisation_fk',
      ['round_id', 'organisation_code'],
      'round_organisations',
      ['round_id', 'organisation_code'],
      (constraint) => constraint.onDelete('cascade'),
    )
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('round_further_contacts').execute();
}
