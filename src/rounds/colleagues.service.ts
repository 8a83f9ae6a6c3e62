import type { Kysely } from 'kysely';
import { listUsers, normaliseEmail, type OrganisationRole } from '../accounts/accounts.service.ts';
import { AppError } from '../app-error.ts';
import { type Actor, recordAuditEvent } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import type { Mailer } from '../mail/mailer.ts';
import { findOrganisationByCode } from '../organisations/organisations.service.ts';
import { deliverMail } from './fieldwork-mail.service.ts';

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
 * Lets a respondent bring a colleague of the same organisation in, as respondent or reader: grants the role
 * (audited, with the inviting respondent as actor) and mails a sign-in link to the respondent's overview.
 * @throws AppError('validation') for an invalid address or role; AppError('internal') when the mail fails.
 */
export async function inviteColleague(
  db: Kysely<Database>,
  clock: Clock,
  mailer: Mailer,
  input: { organisationCode: string; email: string; name: string; role: string; baseUrl: string; actor: Actor },
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
  const outcome = await deliverMail(db, clock, mailer, {
    kind: 'colleague',
    round: null,
    organisation: { code: organisation.code, name: organisation.name },
    recipient: { email, name },
    slot: null,
    role,
    redirectTo: '/my',
    actor: input.actor,
    baseUrl: input.baseUrl,
  });
  await db.transaction().execute((trx) =>
    recordAuditEvent(trx, clock, {
      actor: input.actor,
      action: 'organisation.colleague_invited',
      subjectType: 'organisation',
      subjectId: organisation.code,
      details: { email, role, mailed: outcome === 'sent' },
    }),
  );
  if (outcome !== 'sent') throw new AppError('internal', 'The invitation could not be mailed.');
  return { email, name, role };
}
