import { type Kysely, sql } from 'kysely';

// A response names its submitter by account id instead of by e-mail address: an address kept here would outlive the
// account when retention or a purge deletes it (issue 14, finding 8). The id is set to null with the account, and
// the response then reads as submitted by a removed user; imported responses never had a person behind them.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('responses')
    .addColumn('submitter_id', 'text', (col) => col.references('users.id').onDelete('set null'))
    .execute();
  await sql`update responses set submitter_id = (
    select users.id from users where lower(users.email) = lower(responses.submitted_by)
  )`.execute(db);
  await db.schema.alterTable('responses').dropColumn('submitted_by').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('responses').addColumn('submitted_by', 'text').execute();
  await sql`update responses set submitted_by = (
    select users.email from users where users.id = responses.submitter_id)`.execute(db);
  await db.schema.alterTable('responses').dropColumn('submitter_id').execute();
}
