import type { Kysely } from 'kysely';
import type { Actor } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { renderMailDocument } from '../mail/mail-document.ts';
import { findOrganisationsByCodes } from '../organisations/organisations.service.ts';
import { countOutcome, emptyTally, type MailTally, queuePersonalMail } from './fieldwork-mail.service.ts';
import { composeRoundMailFor, findRoundMailTexts, type RoundMailKind } from './mail-texts.service.ts';
import {
  listRoundOrganisationRows,
  type Round,
  type RoundOrganisation,
  updateRoundOrganisationRow,
} from './rounds.repository.ts';

function answerPath(round: Round, code: string): string {
  return `/answer/${encodeURIComponent(round.id)}/${encodeURIComponent(code)}`;
}

export type Recipient = {
  organisation: { code: string; name: string };
  contact: RoundOrganisation & { contactEmail: string };
};

/** The invited organisations of a round that have a contact, optionally only the given ones, named. */
export async function listContacts(
  db: Kysely<Database>,
  roundId: string,
  codes?: ReadonlySet<string>,
): Promise<Recipient[]> {
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

/**
 * Queues one invitation or reminder per recipient, in the caller's transaction, in each contact's language with
 * the round's texts. A recipient whose slot already has its mail is skipped.
 */
export async function queueRoundMail(
  db: Kysely<Database>,
  clock: Clock,
  input: {
    round: Round;
    recipients: Recipient[];
    kind: 'invitation' | 'reminder' | 'manual-reminder';
    slotOf: (recipient: Recipient) => string;
    baseUrl: string;
    actor: Actor;
  },
): Promise<MailTally> {
  const tally = emptyTally();
  const texts = await findRoundMailTexts(db, input.round.id);
  const textKind: RoundMailKind = input.kind === 'invitation' ? 'invitation' : 'reminder';
  for (const recipient of input.recipients) {
    const { organisation, contact } = recipient;
    const isQueued = await queuePersonalMail(db, clock, {
      kind: input.kind,
      roundId: input.round.id,
      organisationCode: organisation.code,
      recipient: { email: contact.contactEmail, name: contact.contactName },
      slot: input.slotOf(recipient),
      role: 'respondent',
      redirectTo: answerPath(input.round, organisation.code),
      actor: input.actor,
      content: renderMailDocument(
        composeRoundMailFor({
          texts,
          kind: textKind,
          round: input.round,
          organisationName: organisation.name,
          language: contact.contactLanguage,
          baseUrl: input.baseUrl,
        }),
      ),
    });
    if (isQueued && input.kind === 'invitation') {
      await updateRoundOrganisationRow(db, input.round.id, organisation.code, { invitedAt: clock.now().toISOString() });
    }
    countOutcome(tally, isQueued);
  }
  return tally;
}
