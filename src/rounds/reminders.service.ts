import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AppError } from '../app-error.ts';
import { type Actor, recordAuditEvent } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import type { Mailer } from '../mail/mailer.ts';
import { findOrganisationsByCodes } from '../organisations/organisations.service.ts';
import { listResponseStatuses } from '../responses/responses.service.ts';
import { countOutcome, deliverMail, emptyTally, type MailJob, type MailTally } from './fieldwork-mail.service.ts';
import { countDaysLeft, findDueReminderDays } from './reminder-schedule.ts';
import {
  findRoundRowById,
  listRoundOrganisationRows,
  listRoundRows,
  type Round,
  type RoundOrganisation,
  updateRoundOrganisationRow,
} from './rounds.repository.ts';

const systemActor: Actor = { userId: null, label: 'system (reminders)' };

type Recipient = {
  organisation: { code: string; name: string };
  contact: RoundOrganisation & { contactEmail: string };
};

async function listContacts(db: Kysely<Database>, roundId: string, codes?: ReadonlySet<string>): Promise<Recipient[]> {
  const invited = (await listRoundOrganisationRows(db, roundId)).filter(
    (row): row is RoundOrganisation & { contactEmail: string } =>
      row.contactEmail !== null && (codes === undefined || codes.has(row.organisationCode)),
  );
  const names = new Map(
    (
      await findOrganisationsByCodes(
        db,
        invited.map((row) => row.organisationCode),
      )
    ).map((o) => [o.code, o.name]),
  );
  return invited.map((contact) => ({
    organisation: {
      code: contact.organisationCode,
      name: names.get(contact.organisationCode) ?? contact.organisationCode,
    },
    contact,
  }));
}

function answerPath(round: Round, code: string): string {
  return `/answer/${encodeURIComponent(round.id)}/${encodeURIComponent(code)}`;
}

/**
 * Invites every contact of an open round who has not been invited at their current address: grants the
 * organisation's respondent role (creating the user when needed) and mails a personal sign-in link to the form.
 * Each (organisation, address) is claimed once, so a repeated call or a second instance sends nothing twice.
 */
export async function sendInvitations(
  db: Kysely<Database>,
  clock: Clock,
  mailer: Mailer,
  input: { round: Round; baseUrl: string; actor: Actor },
): Promise<MailTally> {
  const tally = emptyTally();
  for (const { organisation, contact } of await listContacts(db, input.round.id)) {
    const outcome = await deliverMail(db, clock, mailer, {
      kind: 'invitation',
      round: input.round,
      organisation,
      recipient: { email: contact.contactEmail, name: contact.contactName },
      slot: `invitation:${contact.contactEmail}`,
      role: 'respondent',
      redirectTo: answerPath(input.round, organisation.code),
      actor: input.actor,
      baseUrl: input.baseUrl,
    });
    if (outcome === 'sent') {
      await updateRoundOrganisationRow(db, input.round.id, organisation.code, { invitedAt: clock.now().toISOString() });
    }
    countOutcome(tally, outcome);
  }
  return tally;
}

async function remind(
  db: Kysely<Database>,
  clock: Clock,
  mailer: Mailer,
  input: { round: Round; recipients: Recipient[]; kind: MailJob['kind']; slot: string; baseUrl: string; actor: Actor },
): Promise<MailTally> {
  const tally = emptyTally();
  const daysLeft = input.round.closesAt ? countDaysLeft(input.round.closesAt, clock.now()) : undefined;
  for (const { organisation, contact } of input.recipients) {
    const outcome = await deliverMail(db, clock, mailer, {
      kind: input.kind,
      round: input.round,
      organisation,
      recipient: { email: contact.contactEmail, name: contact.contactName },
      slot: input.slot,
      role: 'respondent',
      redirectTo: answerPath(input.round, organisation.code),
      actor: input.actor,
      baseUrl: input.baseUrl,
      daysLeft,
    });
    countOutcome(tally, outcome);
  }
  return tally;
}

/**
 * Runs one reminder pass: for every open round with a reminder slot due now, reminds each invited organisation that
 * has not submitted. Safe to run on several instances at once: each (round, organisation, slot) is claimed in the
 * database and sent by exactly one of them.
 */
export async function runReminderPass(
  db: Kysely<Database>,
  clock: Clock,
  mailer: Mailer,
  input: { baseUrl: string },
): Promise<MailTally & { rounds: number }> {
  const total = { ...emptyTally(), rounds: 0 };
  const now = clock.now();
  for (const round of await listRoundRows(db)) {
    if (round.status !== 'open') continue;
    const days = findDueReminderDays(round, now);
    if (days === null) continue;
    total.rounds += 1;
    const statuses = await listResponseStatuses(db, round.id);
    const recipients = (await listContacts(db, round.id)).filter(
      ({ organisation }) => statuses.get(organisation.code)?.status !== 'submitted',
    );
    const tally = await remind(db, clock, mailer, {
      round,
      recipients,
      kind: 'reminder',
      slot: `days:${days}`,
      baseUrl: input.baseUrl,
      actor: systemActor,
    });
    total.sent += tally.sent;
    total.failed += tally.failed;
    total.skipped += tally.skipped;
  }
  return total;
}

/**
 * Sends a reminder now to the chosen organisations of an open round (those with a contact), once each, and
 * records who asked.
 * @throws AppError('not_found') for an unknown round, AppError('conflict') when the round is not open,
 * AppError('validation') when no organisation is chosen.
 */
export async function sendManualReminders(
  db: Kysely<Database>,
  clock: Clock,
  mailer: Mailer,
  input: { roundId: string; organisationCodes: string[]; baseUrl: string; actor: Actor },
): Promise<MailTally & { withoutContact: number }> {
  const round = await findRoundRowById(db, input.roundId);
  if (!round) throw new AppError('not_found', `No round has the id ${input.roundId}.`);
  if (round.status !== 'open') throw new AppError('conflict', 'Reminders can be sent only while the round is open.');
  const chosen = new Set(input.organisationCodes);
  if (chosen.size === 0) {
    throw new AppError('validation', 'Choose at least one organisation.', [
      { field: 'organisations', message: 'required' },
    ]);
  }
  const recipients = await listContacts(db, round.id, chosen);
  const batch = randomUUID();
  await db.transaction().execute((trx) =>
    recordAuditEvent(trx, clock, {
      actor: input.actor,
      action: 'round.reminders_sent',
      subjectType: 'round',
      subjectId: round.id,
      details: { batch, organisations: recipients.map((recipient) => recipient.organisation.code) },
    }),
  );
  const tally = await remind(db, clock, mailer, {
    round,
    recipients,
    kind: 'manual-reminder',
    slot: `manual:${batch}`,
    baseUrl: input.baseUrl,
    actor: input.actor,
  });
  return { ...tally, withoutContact: chosen.size - recipients.length };
}
