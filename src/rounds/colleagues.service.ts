import type { Kysely } from 'kysely';
import {
  listUsers,
  normaliseEmail,
  type OrganisationRole,
  signInLinkLifetimeMinutes,
} from '../accounts/accounts.service.ts';
import { createMembershipInvitation, invitationPath } from '../accounts/membership-invitations.service.ts';
import { AppError } from '../app-error.ts';
import { type Actor, recordAuditEvent } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { queueMail } from '../mail/outbox.service.ts';
import { findOrganisationByCode } from '../organisations/organisations.service.ts';
import { type Language, translate } from '../web/i18n.ts';
import { renderColleagueMail } from './colleague-mail.ts';

export type Colleague = { email: string; name: string | null; role: OrganisationRole };

/** Lists the users of one organisation with their role there. */
export async function listColleagues(db: Kysely<Database>, organisationCode: string): Promise<Colleague[]> {
  return (await listUsers(db)).flatMap((user) =>
    user.memberships
      .filter((membership) => membership.organisationCode === organisationCode)
      .map((membership) => ({ email: user.email, name: user.name, role: membership.role })),
  );
}

/**
 * Lets a respondent invite a colleague to the same organisation, as respondent or reader: records the invitation
 * and mails the colleague a sign-in link to it, in the inviter's language; the colleague gets the role only by
 * accepting it, signed in through that mail. An existing account is not changed (not its name, roles or
 * memberships), and the inviter gets the same answer whether the address had an account or not. Invitation, audit
 * event and mail are written in one transaction; invitations per organisation and per inviter are limited.
 * @throws AppError('validation') for an invalid address or role, or too many invitations.
 */
export async function inviteColleague(
  db: Kysely<Database>,
  clock: Clock,
  input: {
    organisationCode: string;
    email: string;
    name: string;
    role: string;
    baseUrl: string;
    language: Language;
    actor: Actor;
  },
): Promise<Colleague> {
  const errors = [];
  let email = '';
  try {
    email = normaliseEmail(input.email);
  } catch {
    errors.push({ field: 'email', message: 'invalid_email' });
  }
  const role = input.role === 'respondent' || input.role === 'reader' ? input.role : null;
  if (!role) errors.push({ field: 'role', message: 'required' });
  if (errors.length > 0 || !role) throw new AppError('validation', 'The colleague could not be invited.', errors);
  const organisation = await findOrganisationByCode(db, input.organisationCode);
  const name = input.name.trim() || null;
  const content = renderColleagueMail(input.language, {
    organisationName: organisation.name,
    inviter: input.actor.label,
    role: translate(input.language, `accounts.role.${role}`).toLowerCase(),
    minutes: signInLinkLifetimeMinutes,
    signInUrl: `${input.baseUrl}/sign-in`,
  });
  await db.transaction().execute(async (trx) => {
    const invitation = await createMembershipInvitation(trx, clock, {
      email,
      name,
      organisationCode: organisation.code,
      role,
      actor: input.actor,
    });
    await queueMail(trx, clock, {
      kind: 'colleague',
      to: email,
      content,
      signInLinkFor: { userId: invitation.userId, redirectTo: invitationPath(invitation.invitationId) },
      roundId: null,
      organisationCode: organisation.code,
      slot: null,
      createdBy: input.actor.userId,
    });
    await recordAuditEvent(trx, clock, {
      actor: input.actor,
      action: 'organisation.colleague_invited',
      subjectType: 'organisation',
      subjectId: organisation.code,
      details: { email, role, invitationId: invitation.invitationId },
    });
  });
  return { email, name, role };
}
