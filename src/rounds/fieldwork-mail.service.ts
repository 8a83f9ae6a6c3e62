import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  createSignInLink,
  findCurrentUser,
  findUserByEmail,
  grantUserRole,
  type OrganisationRole,
  signInLinkLifetimeMinutes,
} from '../accounts/accounts.service.ts';
import type { Actor } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import type { Mailer } from '../mail/mailer.ts';
import { claimMailRow, finishMailRow, type MailKind, type MailRecord } from './mail-log.repository.ts';
import type { Round } from './rounds.repository.ts';
import { renderFieldworkMail } from './rounds-mail.ts';

export type { MailRecord };

/** Counts of one batch of mail: sent, failed, and not sent because another instance (or batch) had claimed it. */
export type MailTally = { sent: number; failed: number; skipped: number };

export function emptyTally(): MailTally {
  return { sent: 0, failed: 0, skipped: 0 };
}

export type MailJob = {
  kind: MailKind;
  round: Pick<Round, 'id' | 'label' | 'closesAt'> | null;
  organisation: { code: string; name: string };
  recipient: { email: string; name: string | null };
  /** Unique per round and organisation; null for mail that is never claimed (colleague invitations). */
  slot: string | null;
  /** The role the recipient needs; granted (and the user created) when missing. */
  role: OrganisationRole;
  redirectTo: string;
  actor: Actor;
  daysLeft?: number;
};

/**
 * Claims one mail job, then sends it: the pending record is written first (one statement, the claim), the mail
 * goes out after that commits, and the record ends as sent or failed. Returns 'skipped' when the slot was taken.
 */
export async function deliverMail(
  db: Kysely<Database>,
  clock: Clock,
  mailer: Mailer,
  job: MailJob & { baseUrl: string },
): Promise<'sent' | 'failed' | 'skipped'> {
  const record: MailRecord = {
    id: randomUUID(),
    kind: job.kind,
    roundId: job.round?.id ?? null,
    organisationCode: job.organisation.code,
    slot: job.slot,
    recipient: job.recipient.email,
    status: 'pending',
    error: null,
    createdAt: clock.now().toISOString(),
    createdBy: job.actor.userId,
    sentAt: null,
  };
  if (!(await claimMailRow(db, record))) return 'skipped';
  try {
    const existing = await findUserByEmail(db, job.recipient.email);
    const hasRole = existing ? await hasOrganisationRole(db, existing.id, job.organisation.code, job.role) : false;
    const user =
      existing && hasRole
        ? existing
        : await grantUserRole(db, clock, {
            email: job.recipient.email,
            name: job.recipient.name,
            grant: { kind: 'organisation', organisationCode: job.organisation.code, role: job.role },
            actor: job.actor,
          });
    const link = await createSignInLink(db, clock, {
      userId: user.id,
      baseUrl: job.baseUrl,
      redirectTo: job.redirectTo,
    });
    await mailer.send({
      to: user.email,
      ...renderFieldworkMail('sv', {
        kind: job.kind === 'manual-reminder' ? 'reminder' : job.kind,
        organisationName: job.organisation.name,
        roundLabel: job.round?.label ?? '',
        closesAt: job.round?.closesAt ?? null,
        url: link.url,
        signInUrl: `${job.baseUrl}/sign-in`,
        minutes: signInLinkLifetimeMinutes,
        daysLeft: job.daysLeft,
        invitedBy: job.actor.label,
        role: job.role === 'respondent' ? 'svarande' : 'läsare',
      }),
    });
    await finishMailRow(db, record.id, { status: 'sent', sentAt: clock.now().toISOString() });
    return 'sent';
  } catch (error) {
    // Recorded, not swallowed: the coordinator sees the failure in the round's mail log and can send again.
    await finishMailRow(db, record.id, { status: 'failed', error: error instanceof Error ? error.message : 'failed' });
    return 'failed';
  }
}

async function hasOrganisationRole(
  db: Kysely<Database>,
  userId: string,
  organisationCode: string,
  role: OrganisationRole,
): Promise<boolean> {
  const user = await findCurrentUser(db, userId);
  const membership = user?.memberships.find((candidate) => candidate.organisationCode === organisationCode);
  return membership !== undefined && (membership.role === 'respondent' || role === 'reader');
}

/** Adds one delivery outcome to a tally. */
export function countOutcome(tally: MailTally, outcome: 'sent' | 'failed' | 'skipped'): void {
  tally[outcome] += 1;
}
