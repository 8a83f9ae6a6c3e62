import type { Kysely } from 'kysely';

// Frozen in time: never imports application code. A release is what publishing a round froze: its computed figures
// (the results value as JSON), the population they describe, the SHA-256 of the answers they came from, the
// questionnaire versions, the product version, the disclosure policy, who published and when, and for a correction
// (version 2 and later) the errata text. Releases are never updated except to stamp when they were superseded.
// A round published before releases existed has no frozen figures, so it is withdrawn here: an administrator
// publishes it again, which freezes its figures as version 1.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('releases')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('round_id', 'text', (col) => col.notNull().references('rounds.id').onDelete('cascade'))
    .addColumn('version', 'integer', (col) => col.notNull())
    .addColumn('published_at', 'text', (col) => col.notNull())
    .addColumn('publisher_id', 'text')
    .addColumn('publisher_label', 'text', (col) => col.notNull())
    .addColumn('answers_sha256', 'text', (col) => col.notNull())
    .addColumn('questionnaire_versions', 'text', (col) => col.notNull())
    .addColumn('product_version', 'text', (col) => col.notNull())
    .addColumn('policy', 'text', (col) => col.notNull())
    .addColumn('errata_sv', 'text')
    .addColumn('errata_en', 'text')
    .addColumn('population', 'text', (col) => col.notNull())
    .addColumn('figures', 'text', (col) => col.notNull())
    .addUniqueConstraint('releases_round_version', ['round_id', 'version'])
    .execute();
  await db.schema.alterTable('rounds').addColumn('correction_started_at', 'text').execute();
  await db.updateTable('rounds').set({ published_at: null, embargo_until: null }).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('rounds').dropColumn('correction_started_at').execute();
  await db.schema.dropTable('releases').execute();
}
