import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AppError } from '../app-error.ts';
import { type Actor, recordAuditEvent } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { listTakenMailSlots } from '../mail/outbox.service.ts';
import { listResponseStatuses } from '../responses/responses.service.ts';
import { emptyTally, type MailTally } from './fieldwork-mail.service.ts';
import { findDueReminderDays } from './reminder-schedule.ts';
import { contactSlot, listContacts, queueRoundMail } from './round-mail.service.ts';
import { findRoundRowById, listRoundOrganisationRows, listRoundRows } from './rounds.repository.ts';

/** Who a "remind all who have not submitted" would reach, for its confirmation. */
export type NotSubmittedPreview = { notSubmitted: number; withContact: number };

async function listNotSubmittedCodes(db: Kysely<Database>, roundId: string): Promise<Set<string>> {
  const [invited, statuses] = await Promise.all([
    listRoundOrganisationRows(db, roundId),
    listResponseStatuses(db, roundId),
  ]);
  return new Set(
    invited.map((row) => row.organisationCode).filter((code) => statuses.get(code)?.status !== 'submitted'),
  );
}

async function findOpenRoundRow(db: Kysely<Database>, roundId: string) {
  const round = await findRoundRowById(db, roundId);
  if (!round) throw new AppError('not_found', `No round has the id ${roundId}.`);
  if (round.status !== 'open') throw new AppError('conflict', 'Reminders can be sent only while the round is open.');
  return round;
}

/**
 * Counts the organisations of an open round that have not submitted, and how many of them have a contact, for the
 * confirmation before reminding them all.
 * @throws AppError('not_found') for an unknown round, AppError('conflict') when the round is not open.
 */
export async function previewRemindersToNotSubmitted(
  db: Kysely<Database>,
  roundId: string,
): Promise<NotSubmittedPreview> {
  const round = await findOpenRoundRow(db, roundId);
  const codes = await listNotSubmittedCodes(db, round.id);
  const contacts = codes.size === 0 ? [] : await listContacts(db, round.id, codes);
  const withContact = new Set(contacts.map((contact) => contact.organisation.code)).size;
  return { notSubmitted: codes.size, withContact };
}

/**
 * Queues a reminder now to every organisation of an open round that has not submitted (those with a contact),
 * once each: who has not submitted is decided inside the transaction, so an organisation that submits meanwhile is
 * left alone. Audited as `round.reminders_sent` with the scope `not_submitted`.
 * @throws AppError('not_found') for an unknown round, AppError('conflict') when the round is not open.
 */
export async function sendRemindersToNotSubmitted(
  db: Kysely<Database>,
  clock: Clock,
  input: { roundId: string; baseUrl: string; actor: Actor },
): Promise<MailTally & { withoutContact: number }> {
  const round = await findOpenRoundRow(db, input.roundId);
  return db.transaction().execute(async (trx) =>
    queueManualReminders(trx, clock, round, await listNotSubmittedCodes(trx, round.id), input, {
      scope: 'not_submitted',
    }),
  );
}

/**
 * Queues one batch of manual reminders to the contacts of `codes`, once each, audited as `round.reminders_sent`
 * with `scope` in its details, in the caller's transaction. Organisations without a contact are counted.
 */
async function queueManualReminders(
  trx: Kysely<Database>,
  clock: Clock,
  round: Awaited<ReturnType<typeof findOpenRoundRow>>,
  codes: ReadonlySet<string>,
  input: { baseUrl: string; actor: Actor },
  scope: Record<string, string>,
): Promise<MailTally & { withoutContact: number }> {
  const batch = randomUUID();
  const recipients = codes.size === 0 ? [] : await listContacts(trx, round.id, codes);
  const reached = [...new Set(recipients.map((recipient) => recipient.organisation.code))];
  await recordAuditEvent(trx, clock, {
    actor: input.actor,
    action: 'round.reminders_sent',
    subjectType: 'round',
    subjectId: round.id,
    details: { batch, ...scope, organisations: reached },
  });
  const tally = await queueRoundMail(trx, clock, {
    round,
    recipients,
    kind: 'manual-reminder',
    slotOf: () => `manual:${batch}`,
    baseUrl: input.baseUrl,
    actor: input.actor,
  });
  return { ...tally, withoutContact: codes.size - reached.length };
}

const systemActor: Actor = { userId: null, label: 'system (reminders)' };

/**
 * Runs one reminder pass: for every open round with a reminder slot due now, queues a reminder to each invited
 * organisation that has not submitted, one transaction per round. Safe to run on several instances at once, and
 * after a pass that was killed: each (round, organisation, slot) gets one mail in the outbox, whose senders send it.
 */
export async function runReminderPass(
  db: Kysely<Database>,
  clock: Clock,
  input: { baseUrl: string },
): Promise<MailTally & { rounds: number }> {
  const total = { ...emptyTally(), rounds: 0 };
  const now = clock.now();
  for (const round of await listRoundRows(db)) {
    if (round.status !== 'open') continue;
    const days = findDueReminderDays(round, now);
    if (days === null) continue;
    total.rounds += 1;
    const slot = `days:${days}`;
    // A slot stays due for days and the pass runs every minute: one read finds whether anyone still lacks it, so a
    // pass with nothing to queue takes no write lock.
    const [statuses, reminded] = await Promise.all([
      listResponseStatuses(db, round.id),
      listTakenMailSlots(db, round.id, slot),
    ]);
    const taken = new Set(reminded.map((held) => `${held.organisationCode} ${held.slot}`));
    const recipients = (await listContacts(db, round.id)).filter(
      ({ organisation }) => statuses.get(organisation.code)?.status !== 'submitted',
    );
    const due = recipients.filter(
      (recipient) => !taken.has(`${recipient.organisation.code} ${contactSlot(slot, recipient)}`),
    );
    total.skipped += recipients.length - due.length;
    if (due.length === 0) continue;
    const tally = await db.transaction().execute((trx) =>
      queueRoundMail(trx, clock, {
        round,
        recipients: due,
        kind: 'reminder',
        slotOf: () => slot,
        baseUrl: input.baseUrl,
        actor: systemActor,
      }),
    );
    total.queued += tally.queued;
    total.skipped += tally.skipped;
  }
  return total;
}

/**
 * Queues a reminder now to the chosen organisations of an open round (those with a contact), once each, and
 * records who asked, in one transaction.
 * @throws AppError('not_found') for an unknown round, AppError('conflict') when the round is not open,
 * AppError('validation') when no organisation is chosen.
 */
export async function sendManualReminders(
  db: Kysely<Database>,
  clock: Clock,
  input: { roundId: string; organisationCodes: string[]; baseUrl: string; actor: Actor },
): Promise<MailTally & { withoutContact: number }> {
  const round = await findOpenRoundRow(db, input.roundId);
  const chosen = new Set(input.organisationCodes);
  if (chosen.size === 0) {
    throw new AppError('validation', 'Choose at least one organisation.', [
      { field: 'organisations', message: 'required' },
    ]);
  }
  return db.transaction().execute((trx) => queueManualReminders(trx, clock, round, chosen, input, {}));
}
