import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AppError } from '../app-error.ts';
import { type Actor, recordAuditEvent } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import type { MailTally } from './fieldwork-mail.service.ts';
import { listContacts, queueRoundMail } from './round-mail.service.ts';
import { type Round, transitionRoundRow } from './rounds.repository.ts';
import { findRoundById, updateContact } from './rounds.service.ts';

/**
 * Queues an invitation for every contact of an open round not yet invited at their current address, in the
 * caller's transaction (the one that opens the round, or that asks for new contacts to be invited): grants the
 * organisation's respondent role (creating the user when needed) and mails a personal sign-in link to the form.
 * Each (organisation, address) is invited once, so a repeated call or a second instance sends nothing twice.
 */
export async function queueInvitations(
  db: Kysely<Database>,
  clock: Clock,
  input: { round: Round; baseUrl: string; actor: Actor },
): Promise<MailTally> {
  return queueRoundMail(db, clock, {
    round: input.round,
    recipients: await listContacts(db, input.round.id),
    kind: 'invitation',
    slotOf: ({ contact }) => `invitation:${contact.contactEmail}`,
    baseUrl: input.baseUrl,
    actor: input.actor,
  });
}

/**
 * Opens a draft round and queues an invitation to every contact, in one transaction: the invitations go out once
 * the round is open, and never for an opening that failed.
 * @throws AppError('conflict') when the round is not a draft or its closing time has passed.
 */
export async function openRound(
  db: Kysely<Database>,
  clock: Clock,
  input: { roundId: string; baseUrl: string; actor: Actor },
): Promise<{ round: Round; invitations: MailTally }> {
  const round = await findRoundById(db, input.roundId);
  const now = clock.now().toISOString();
  if (round.status !== 'draft') throw new AppError('conflict', 'Only a draft round can be opened.');
  if (round.closesAt === null || round.closesAt <= now) {
    throw new AppError('conflict', 'The closing time has passed; a round that closes in the past cannot open.');
  }
  // Opening early moves the opening time to now, so reminders and the form agree with what happened.
  const opensAt = round.opensAt === null || round.opensAt > now ? now : round.opensAt;
  return db.transaction().execute(async (trx) => {
    if (!(await transitionRoundRow(trx, round.id, { from: 'draft', to: 'open', at: now, opensAt }))) {
      throw new AppError('conflict', 'Only a draft round can be opened.');
    }
    await recordAuditEvent(trx, clock, {
      actor: input.actor,
      action: 'round.opened',
      subjectType: 'round',
      subjectId: round.id,
      details: { label: round.label },
    });
    const opened = await findRoundById(trx, round.id);
    const invitations = await queueInvitations(trx, clock, {
      round: opened,
      baseUrl: input.baseUrl,
      actor: input.actor,
    });
    return { round: opened, invitations };
  });
}

/**
 * Invites the contacts of an open round who have not been invited at their current address (added or changed
 * after opening), queued in one transaction.
 * @throws AppError('conflict') when the round is not open.
 */
export async function inviteNewContacts(
  db: Kysely<Database>,
  clock: Clock,
  input: { roundId: string; baseUrl: string; actor: Actor },
): Promise<MailTally> {
  const round = await findRoundById(db, input.roundId);
  if (round.status !== 'open') throw new AppError('conflict', 'Invitations are sent only while the round is open.');
  return db
    .transaction()
    .execute((trx) => queueInvitations(trx, clock, { round, baseUrl: input.baseUrl, actor: input.actor }));
}

/**
 * Corrects one organisation's contact (name, address, language) and queues a new invitation to it, in one
 * transaction, whatever was sent before: for an invitation that bounced or went to the wrong person.
 * @throws AppError('conflict') when the round is not open, AppError('validation') for a bad name or address,
 * AppError('not_found') when the organisation is not invited.
 */
export async function correctContactAndInviteAgain(
  db: Kysely<Database>,
  clock: Clock,
  input: {
    roundId: string;
    organisationCode: string;
    name: string;
    email: string;
    language: string;
    baseUrl: string;
    actor: Actor;
  },
): Promise<MailTally> {
  const round = await findRoundById(db, input.roundId);
  if (round.status !== 'open') throw new AppError('conflict', 'Invitations are sent only while the round is open.');
  return db.transaction().execute(async (trx) => {
    await updateContact(trx, clock, input);
    return queueRoundMail(trx, clock, {
      round,
      recipients: await listContacts(trx, round.id, new Set([input.organisationCode])),
      kind: 'invitation',
      slotOf: () => `invitation-again:${randomUUID()}`,
      baseUrl: input.baseUrl,
      actor: input.actor,
    });
  });
}
