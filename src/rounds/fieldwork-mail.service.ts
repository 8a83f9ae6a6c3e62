import type { Kysely } from 'kysely';
import {
  findCurrentUser,
  findUserByEmail,
  grantUserRole,
  type OrganisationRole,
} from '../accounts/accounts.service.ts';
import type { Actor } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import type { RenderedMail } from '../mail/mail-document.ts';
import { isMailSlotTaken, type MailKind, queueMail } from '../mail/outbox.service.ts';

/** Counts of one batch of mail: queued, and not queued because its slot was already taken (sent or queued before). */
export type MailTally = { queued: number; skipped: number };

export function emptyTally(): MailTally {
  return { queued: 0, skipped: 0 };
}

export type PersonalMailJob = {
  kind: Extract<MailKind, 'invitation' | 'reminder' | 'manual-reminder' | 'colleague'>;
  roundId: string | null;
  organisationCode: string;
  recipient: { email: string; name: string | null };
  /** Unique per round and organisation; null for mail that is never deduplicated (colleague invitations). */
  slot: string | null;
  /** The role the recipient needs; granted (and the user created) when missing. */
  role: OrganisationRole;
  redirectTo: string;
  actor: Actor;
  content: RenderedMail;
};

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

/**
 * Queues one mail with a personal sign-in link, in the caller's transaction: makes sure the recipient has the role
 * (creating the user when needed), then queues the mail, whose link the sender creates when it sends. Returns false
 * (and changes nothing) when the job's slot already has its mail.
 */
export async function queuePersonalMail(db: Kysely<Database>, clock: Clock, job: PersonalMailJob): Promise<boolean> {
  if (job.roundId !== null && job.slot !== null) {
    const slot = { roundId: job.roundId, organisationCode: job.organisationCode, slot: job.slot };
    if (await isMailSlotTaken(db, slot)) return false;
  }
  const existing = await findUserByEmail(db, job.recipient.email);
  const hasRole = existing ? await hasOrganisationRole(db, existing.id, job.organisationCode, job.role) : false;
  const user =
    existing && hasRole
      ? existing
      : await grantUserRole(db, clock, {
          email: job.recipient.email,
          name: job.recipient.name,
          grant: { kind: 'organisation', organisationCode: job.organisationCode, role: job.role },
          actor: job.actor,
        });
  return queueMail(db, clock, {
    kind: job.kind,
    to: user.email,
    content: job.content,
    signInLinkFor: { userId: user.id, redirectTo: job.redirectTo },
    roundId: job.roundId,
    organisationCode: job.organisationCode,
    slot: job.slot,
    createdBy: job.actor.userId,
  });
}

/** Adds one queuing outcome to a tally. */
export function countOutcome(tally: MailTally, isQueued: boolean): void {
  if (isQueued) tally.queued += 1;
  else tally.skipped += 1;
}
