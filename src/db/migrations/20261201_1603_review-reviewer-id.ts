import { type Kysely, sql } from 'kysely';

// A review step names its reviewer by account id instead of by e-mail address: an address kept here would outlive
// the account when retention or a purge deletes it (issue 14, finding 8). The id is set to null with the account,
// and the step then reads as made by a removed user.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('response_reviews')
    .addColumn('reviewed_by', 'text', (col) => col.references('users.id').onDelete('set null'))
    .execute();
  await sql`update response_reviews set reviewed_by = (
    select users.id from users where lower(users.email) = lower(response_reviews.created_by)
  )`.execute(db);
  await db.schema.alterTable('response_reviews').dropColumn('created_by').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('response_reviews').addColumn('created_by', 'text').execute();
  await sql`update response_reviews set created_by = coalesce(
    (select users.email from users where users.id = response_reviews.reviewed_by), '')`.execute(db);
  await db.schema.alterTable('response_reviews').dropColumn('reviewed_by').execute();
}
