import type { Kysely } from 'kysely';

// Access that can be taken away: an administrator deactivates an account (kept, for the audit log and the answers
// it gave, but it can no longer sign in), and a removal revokes the person's open sessions, which then answer 403
// once with the reason instead of silently acting as signed out.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('deactivated_at', 'text').execute();
  await db.schema.alterTable('sessions').addColumn('revoked_at', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sessions').dropColumn('revoked_at').execute();
  await db.schema.alterTable('users').dropColumn('deactivated_at').execute();
}
