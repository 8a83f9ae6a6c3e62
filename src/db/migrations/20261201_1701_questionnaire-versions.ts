import type { Kysely } from 'kysely';

// Questionnaire versions live in the database: the files shipped in data/questionnaires are seeds (inserted after
// migrating, see questionnaires.service.seedShippedQuestionnaires), and coordinators upload new ones.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('questionnaire_versions')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('year', 'integer', (col) => col.notNull())
    // The version as checked JSON (the shape of questionnaire.schema.ts) and as the YAML text it came from.
    .addColumn('definition', 'text', (col) => col.notNull())
    .addColumn('source_yaml', 'text', (col) => col.notNull())
    // SHA-256 of `definition`: a process keeps each parsed definition once, under its hash.
    .addColumn('definition_sha256', 'text', (col) => col.notNull())
    // 'shipped' (seeded from a file of the product, never replaced) or 'uploaded' (by a coordinator).
    .addColumn('origin', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('created_by', 'text')
    // Raised by every replacement.
    .addColumn('revision', 'integer', (col) => col.notNull().defaultTo(1))
    // Set when a round first uses the version; from then on it cannot be replaced.
    .addColumn('used_since', 'text')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('questionnaire_versions').execute();
}
