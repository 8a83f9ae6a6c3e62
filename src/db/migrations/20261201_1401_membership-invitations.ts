import type { Kysely } from 'kysely';

// A colleague's invitation to an organisation, kept until the invited person accepts it after signing in through
// their own mail: an invitation never changes an account by itself (security review, finding 5). The counts per
// organisation and per inviter over time bound how many invitations anyone can send.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('membership_invitations')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('user_id', 'text', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('organisation_code', 'text', (col) => col.notNull())
    .addColumn('role', 'text', (col) => col.notNull())
    .addColumn('invited_by', 'text', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'text', (col) => col.notNull())
    .addColumn('accepted_at', 'text')
    .execute();
  await db.schema
    .createIndex('membership_invitations_organisation')
    .on('membership_invitations')
    .columns(['organisation_code', 'created_at'])
    .execute();
  await db.schema
    .createIndex('membership_invitations_inviter')
    .on('membership_invitations')
    .columns(['invited_by', 'created_at'])
    .execute();
  await db.schema.createIndex('membership_invitations_user').on('membership_invitations').column('user_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('membership_invitations').execute();
}
