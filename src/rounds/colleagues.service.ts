import type { Kysely } from 'kysely';
import {
  listUsers,
  normaliseEmail,
  type OrganisationRole,
  revokeMembership,
  signInLinkLifetimeMinutes,
} from '../accounts/accounts.service.ts';
import { createMembershipInvitation, invitationPath } from '../accounts/membership-invitations.service.ts';
import { AppError } from '../app-error.ts';
import { type Actor, recordAuditEvent } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { inTransaction } from '../db/transaction.ts';
import { queueMail } from '../mail/outbox.service.ts';
import { findOrganisationByCode } from '../organisations/organisations.service.ts';
import { type Language, translate } from '../web/i18n.ts';
import { renderColleagueMail } from './colleague-mail.ts';
import { findRoundOrganisation, listRounds } from './rounds.service.ts';

/**
 * Where a colleague's link leads: the form of the newest open round the organisation is invited to (the path is
 * the respondents' answering path, /answer/ROUND/CODE), or the overview of their rounds when none is open.
 */
async function findColleagueDestination(
  db: Kysely<Database>,
  organisationCode: string,
): Promise<{ roundLabel: string | null; path: string }> {
  for (const round of await listRounds(db)) {
    if (round.status !== 'open') continue;
    if (!(await findRoundOrganisation(db, round.id, organisationCode))) continue;
    return { roundLabel: round.label, path: `/answer/${encodeURIComponent(round.id)}/${organisationCode}` };
  }
  return { roundLabel: null, path: '/my' };
}

export type Colleague = { email: string; name: string | null; role: OrganisationRole };
/** A member as the organisation's page lists them, with what removing them would need. */
export type Member = Colleague & { userId: string; isCoordinator: boolean; isDeactivated: boolean };

/** Lists the users of one organisation with their role there. */
export async function listColleagues(db: Kysely<Database>, organisationCode: string): Promise<Member[]> {
  return (await listUsers(db)).flatMap((user) =>
    user.memberships
      .filter((membership) => membership.organisationCode === organisationCode)
      .map((membership) => ({
        userId: user.id,
        email: user.email,
        name: user.name,
        role: membership.role,
        isCoordinator: user.globalRole !== null,
        isDeactivated: user.deactivatedAt !== null,
      })),
  );
}

/**
 * Removes a person's membership of an organisation, for a respondent of that organisation or a coordinator. A
 * respondent never removes a national coordinator or analyst (their own membership as a respondent included), nor
 * themselves when no other active respondent (not counting coordinators) would be left. The person's sessions are revoked; audited.
 * @throws AppError('not_found') when the person is not a member, AppError('conflict') for a refused removal.
 */
export async function removeColleague(
  db: Kysely<Database>,
  clock: Clock,
  input: { organisationCode: string; userId: string; actor: Actor; isActorCoordinator: boolean },
): Promise<Member> {
  return inTransaction(db, (trx) => removeColleagueIn(trx, clock, input));
}

async function removeColleagueIn(
  db: Kysely<Database>,
  clock: Clock,
  input: { organisationCode: string; userId: string; actor: Actor; isActorCoordinator: boolean },
): Promise<Member> {
  const members = await listColleagues(db, input.organisationCode);
  const member = members.find((candidate) => candidate.userId === input.userId);
  if (!member) throw new AppError('not_found', 'accounts.access.noMembership');
  if (!input.isActorCoordinator) {
    if (member.isCoordinator) throw new AppError('conflict', 'accounts.access.coordinator');
    const otherRespondents = members.filter(
      (candidate) =>
        candidate.userId !== member.userId &&
        candidate.role === 'respondent' &&
        !candidate.isDeactivated &&
        !candidate.isCoordinator,
    );
    if (member.userId === input.actor.userId && otherRespondents.length === 0) {
      throw new AppError('conflict', 'accounts.access.lastRespondent');
    }
  }
  await revokeMembership(db, clock, {
    userId: member.userId,
    organisationCode: input.organisationCode,
    actor: input.actor,
    via: input.isActorCoordinator ? 'coordinator' : 'colleague',
  });
  return member;
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
  const destination = await findColleagueDestination(db, organisation.code);
  const content = renderColleagueMail(input.language, {
    organisationName: organisation.name,
    roundLabel: destination.roundLabel,
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
      // The link leads to the invitation; accepting it leads on into the form of the open round.
      signInLinkFor: {
        userId: invitation.userId,
        redirectTo: `${invitationPath(invitation.invitationId)}?next=${encodeURIComponent(destination.path)}`,
      },
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
