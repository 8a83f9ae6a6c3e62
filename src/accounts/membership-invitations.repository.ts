import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { OrganisationRole } from './accounts.repository.ts';

export type MembershipInvitation = {
  id: string;
  userId: string;
  organisationCode: string;
  role: OrganisationRole;
  invitedBy: string | null;
  createdAt: string;
  expiresAt: string;
  acceptedAt: string | null;
};

export async function insertInvitationRow(db: Kysely<Database>, invitation: MembershipInvitation): Promise<void> {
  await db
    .insertInto('membership_invitations')
    .values({
      id: invitation.id,
      user_id: invitation.userId,
      organisation_code: invitation.organisationCode,
      role: invitation.role,
      invited_by: invitation.invitedBy,
      created_at: invitation.createdAt,
      expires_at: invitation.expiresAt,
      accepted_at: invitation.acceptedAt,
    })
    .execute();
}

export async function findInvitationRow(db: Kysely<Database>, id: string): Promise<MembershipInvitation | undefined> {
  const row = await db.selectFrom('membership_invitations').selectAll().where('id', '=', id).executeTakeFirst();
  return row
    ? {
        id: row.id,
        userId: row.user_id,
        organisationCode: row.organisation_code,
        role: row.role,
        invitedBy: row.invited_by,
        createdAt: row.created_at,
        expiresAt: row.expires_at,
        acceptedAt: row.accepted_at,
      }
    : undefined;
}

/** Marks an open invitation of this user accepted; false when it is not theirs, already accepted or expired. */
export async function claimInvitationRow(
  db: Kysely<Database>,
  input: { id: string; userId: string; now: string },
): Promise<boolean> {
  const result = await db
    .updateTable('membership_invitations')
    .set({ accepted_at: input.now })
    .where('id', '=', input.id)
    .where('user_id', '=', input.userId)
    .where('accepted_at', 'is', null)
    .where('expires_at', '>', input.now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Counts the invitations made since a time: to one organisation, or by one inviter. */
export async function countInvitationRowsSince(
  db: Kysely<Database>,
  filter: { organisationCode: string } | { invitedBy: string },
  since: string,
): Promise<number> {
  let query = db
    .selectFrom('membership_invitations')
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .where('created_at', '>', since);
  query =
    'organisationCode' in filter
      ? query.where('organisation_code', '=', filter.organisationCode)
      : query.where('invited_by', '=', filter.invitedBy);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.count);
}
