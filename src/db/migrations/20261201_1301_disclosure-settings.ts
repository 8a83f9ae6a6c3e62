import type { Kysely } from 'kysely';

// A round's disclosure settings: the indicator questions whose national figure the publisher exempts from the
// unanimity rule ("i samtliga regioner"). Read by every results computation of the round, so a release and the
// live view agree.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('disclosure_settings')
    .addColumn('round_id', 'text', (col) => col.primaryKey())
    .addColumn('national_exemptions', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .addColumn('updated_by', 'text', (col) => col.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('disclosure_settings').execute();
}
