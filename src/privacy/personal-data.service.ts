/**
 * A person's own data (GDPR art. 15), collected in one place: each section asks the module that owns it. When the
 * audit log's personal data moves to a table of its own, or mail moves to an outbox, only that module's function
 * changes; a new table holding personal data adds one section here.
 */
import type { Kysely } from 'kysely';
import { listAccessibilityReportsByEmail } from '../accessibility/accessibility.service.ts';
import { findCurrentUser, findUserByEmail, normaliseEmail } from '../accounts/accounts.service.ts';
import { type Actor, listAuditEventsNaming, recordAuditEvent } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { findOrganisationsByCodes } from '../organisations/organisations.service.ts';
import { listExplanationsBy } from '../responses/plausibility.service.ts';
import { listAnswerChangesBy } from '../responses/responses.service.ts';
import { listContactsByEmail, listMailsByRecipient } from '../rounds/round-personal-data.service.ts';
import { listRounds } from '../rounds/rounds.service.ts';
import type { PersonalData } from './privacy.schema.ts';

/**
 * Collects everything held about an e-mail address: account, memberships, contact rows, mails sent to it, answer
 * changes its user made, explanations of plausibility warnings it wrote, accessibility reports it sent and audit
 * events naming it.
 * @throws AppError('validation') for a string that is not an e-mail address.
 */
export async function collectPersonalData(db: Kysely<Database>, clock: Clock, address: string): Promise<PersonalData> {
  const email = normaliseEmail(address);
  const user = await findUserByEmail(db, email);
  const current = user ? await findCurrentUser(db, user.id) : undefined;
  const contacts = await listContactsByEmail(db, email);
  const mails = await listMailsByRecipient(db, email);
  const codes = [
    ...new Set([
      ...(current?.memberships ?? []).map((membership) => membership.organisationCode),
      ...contacts.map((contact) => contact.organisationCode),
    ]),
  ];
  const names = new Map(
    (await findOrganisationsByCodes(db, codes)).map((organisation) => [organisation.code, organisation.name]),
  );
  const roundLabels = new Map((await listRounds(db)).map((round) => [round.id, round.label]));
  const events = await listAuditEventsNaming(db, { userId: user?.id ?? null, email });
  return {
    email,
    generatedAt: clock.now().toISOString(),
    account: user
      ? {
          id: user.id,
          email: user.email,
          name: user.name,
          globalRole: user.globalRole,
          createdAt: user.createdAt,
          lastSignedInAt: user.lastSignedInAt,
        }
      : null,
    memberships: (current?.memberships ?? []).map((membership) => ({
      organisationCode: membership.organisationCode,
      organisationName: names.get(membership.organisationCode) ?? membership.organisationCode,
      role: membership.role,
    })),
    contacts: contacts.map((contact) => ({
      roundLabel: contact.roundLabel,
      organisationCode: contact.organisationCode,
      organisationName: names.get(contact.organisationCode) ?? contact.organisationCode,
      contactName: contact.contactName,
      contactEmail: contact.contactEmail,
      invitedAt: contact.invitedAt,
    })),
    mails: mails.map((mail) => ({
      kind: mail.kind,
      roundLabel: mail.roundId ? (roundLabels.get(mail.roundId) ?? null) : null,
      organisationCode: mail.organisationCode,
      status: mail.status,
      createdAt: mail.createdAt,
      sentAt: mail.sentAt,
    })),
    answerChanges: (user ? await listAnswerChangesBy(db, user.id) : []).map((change) => ({
      roundLabel: roundLabels.get(change.roundId) ?? change.roundId,
      organisationCode: change.organisationCode,
      questionKey: change.questionKey,
      kind: change.kind,
      changedAt: change.changedAt,
    })),
    plausibilityExplanations: (user ? await listExplanationsBy(db, user.id) : []).map((note) => ({
      roundLabel: roundLabels.get(note.roundId) ?? note.roundId,
      organisationCode: note.organisationCode,
      questionKey: note.questionKey,
      explanation: note.explanation,
      writtenAt: note.writtenAt,
    })),
    accessibilityReports: (await listAccessibilityReportsByEmail(db, email)).map((report) => ({
      createdAt: report.createdAt,
      page: report.page,
      description: report.description,
      contactName: report.contactName,
      handledAt: report.handledAt,
    })),
    auditEvents: events.map((event) => ({
      sequence: event.sequence,
      occurredAt: event.occurredAt,
      action: event.action,
      actorLabel: event.actorLabel,
      subjectType: event.subjectType,
      subjectId: event.subjectId,
      details: event.details,
    })),
  };
}

/**
 * Collects a person's data for a download and records the extract (by whom, in which format, for which account),
 * without the address itself in the log.
 * @throws AppError('validation') for a string that is not an e-mail address.
 */
export async function exportPersonalData(
  db: Kysely<Database>,
  clock: Clock,
  input: { email: string; format: 'json' | 'pdf'; actor: Actor },
): Promise<PersonalData> {
  const data = await collectPersonalData(db, clock, input.email);
  await recordAuditEvent(db, clock, {
    actor: input.actor,
    action: 'privacy.data_exported',
    subjectType: 'user',
    subjectId: data.account?.id ?? 'no-account',
    details: { format: input.format, isOwnData: input.actor.label === data.email },
  });
  return data;
}
