import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AppError } from '../app-error.ts';
import { type Actor, recordAuditEvent } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { inTransaction } from '../db/transaction.ts';
import { findOrganisationByCode } from '../organisations/organisations.service.ts';
import {
  findUserRowByEmail,
  insertUserRow,
  listMembershipRows,
  type OrganisationRole,
  upsertMembershipRow,
} from './accounts.repository.ts';
import {
  claimInvitationRow,
  countInvitationRowsSince,
  findInvitationRow,
  insertInvitationRow,
} from './membership-invitations.repository.ts';

// Security review, finding 5: "invite a colleague" once granted roles and renamed existing accounts on the inviter's
// word. Now an invitation only records an offer; the invited person accepts it after signing in through their own
// mail, and nothing about an existing account changes before that.

/** How long an invitation can be accepted. */
export const invitationLifetimeDays = 7;
/** Invitations to one organisation per day, and by one inviter per hour: enough for real use, not for spraying. */
export const invitationLimits = { perOrganisationPerDay: 20, perInviterPerHour: 10 };

/** Where an invitation is accepted; the mailed sign-in link leads there. */
export function invitationPath(id: string): string {
  return `/invitations/${id}`;
}

export type OpenInvitation = { id: string; organisationCode: string; organisationName: string; role: OrganisationRole };

/**
 * Records an invitation to an organisation for an address, creating a bare account (no role, no membership) when
 * the address is new so that a sign-in link can reach it; an existing account is left exactly as it is. Runs in the
 * caller's transaction when given one.
 * @throws AppError('validation') on the field `email` with `too_many_invitations` when a limit is reached.
 */
export async function createMembershipInvitation(
  db: Kysely<Database>,
  clock: Clock,
  input: { email: string; name: string | null; organisationCode: string; role: OrganisationRole; actor: Actor },
): Promise<{ invitationId: string; userId: string }> {
  return inTransaction(db, async (trx) => {
    const now = clock.now();
    const dayAgo = new Date(now.getTime() - 24 * 3600_000).toISOString();
    const hourAgo = new Date(now.getTime() - 3600_000).toISOString();
    const forOrganisation = await countInvitationRowsSince(trx, { organisationCode: input.organisationCode }, dayAgo);
    const byInviter = input.actor.userId
      ? await countInvitationRowsSince(trx, { invitedBy: input.actor.userId }, hourAgo)
      : 0;
    if (forOrganisation >= invitationLimits.perOrganisationPerDay || byInviter >= invitationLimits.perInviterPerHour) {
      throw new AppError('validation', 'Too many invitations.', [{ field: 'email', message: 'too_many_invitations' }]);
    }
    let user = await findUserRowByEmail(trx, input.email);
    if (!user) {
      user = {
        id: randomUUID(),
        email: input.email,
        name: input.name,
        globalRole: null,
        createdAt: now.toISOString(),
        lastSignedInAt: null,
        deactivatedAt: null,
      };
      await insertUserRow(trx, user);
    }
    const invitationId = randomUUID();
    await insertInvitationRow(trx, {
      id: invitationId,
      userId: user.id,
      organisationCode: input.organisationCode,
      role: input.role,
      invitedBy: input.actor.userId,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + invitationLifetimeDays * 24 * 3600_000).toISOString(),
      acceptedAt: null,
    });
    return { invitationId, userId: user.id };
  });
}

/**
 * Finds an invitation the signed-in user can still accept.
 * @throws AppError('not_found') when it is not theirs, already accepted or expired (one answer for all three).
 */
export async function findOpenInvitation(
  db: Kysely<Database>,
  clock: Clock,
  input: { id: string; userId: string },
): Promise<OpenInvitation> {
  const invitation = await findInvitationRow(db, input.id);
  const now = clock.now().toISOString();
  if (!invitation || invitation.userId !== input.userId || invitation.acceptedAt || invitation.expiresAt <= now) {
    throw new AppError('not_found', 'No open invitation.');
  }
  const organisation = await findOrganisationByCode(db, invitation.organisationCode);
  return {
    id: invitation.id,
    organisationCode: organisation.code,
    organisationName: organisation.name,
    role: invitation.role,
  };
}

/**
 * Accepts an invitation as the signed-in user it was sent to: adds the membership, or raises a reader to
 * respondent; never lowers a role the user already has. Audited.
 * @throws AppError('not_found') when the invitation is not theirs, already accepted or expired.
 */
export async function acceptMembershipInvitation(
  db: Kysely<Database>,
  clock: Clock,
  input: { id: string; actor: Actor & { userId: string } },
): Promise<{ organisationCode: string; role: OrganisationRole }> {
  return db.transaction().execute(async (trx) => {
    const now = clock.now().toISOString();
    const invitation = await findInvitationRow(trx, input.id);
    const isClaimed = await claimInvitationRow(trx, { id: input.id, userId: input.actor.userId, now });
    if (!invitation || !isClaimed) throw new AppError('not_found', 'No open invitation.');
    const current = (await listMembershipRows(trx, input.actor.userId)).find(
      (membership) => membership.organisationCode === invitation.organisationCode,
    );
    const role: OrganisationRole = current?.role === 'respondent' ? 'respondent' : invitation.role;
    await upsertMembershipRow(trx, input.actor.userId, { organisationCode: invitation.organisationCode, role }, now);
    await recordAuditEvent(trx, clock, {
      actor: input.actor,
      action: 'user.invitation_accepted',
      subjectType: 'user',
      subjectId: input.actor.userId,
      details: { invitationId: invitation.id, organisationCode: invitation.organisationCode, role },
    });
    return { organisationCode: invitation.organisationCode, role };
  });
}
