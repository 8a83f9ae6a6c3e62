import type { Kysely } from 'kysely';

// Each release keeps its organisations' answer fingerprints (per organisation and question shown, a hash of the
// answer; JSON), so that a later version of the release can tell which organisations changed and protect the
// differences between versions. Null for a release made before: it is filled in when a correction of it starts
// (the answers are still the release's then), and a new version against one still without them withholds every
// figure that version could be subtracted from.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('releases').addColumn('answer_fingerprints', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('releases').dropColumn('answer_fingerprints').execute();
}
