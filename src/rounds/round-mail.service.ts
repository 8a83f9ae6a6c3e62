import type { Kysely } from 'kysely';
import type { Actor } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { renderMailDocument } from '../mail/mail-document.ts';
import { findOrganisationsByCodes } from '../organisations/organisations.service.ts';
import { countOutcome, emptyTally, type MailTally, queuePersonalMail } from './fieldwork-mail.service.ts';
import { listFurtherContactRows, updateFurtherContactInvitedAt } from './further-contacts.repository.ts';
import { composeRoundMailFor, findRoundMailTexts, type RoundMailKind } from './mail-texts.service.ts';
import { listRoundOrganisationRows, type Round, updateRoundOrganisationRow } from './rounds.repository.ts';

function answerPath(round: Round, code: string): string {
  return `/answer/${encodeURIComponent(round.id)}/${encodeURIComponent(code)}`;
}

export type Recipient = {
  organisation: { code: string; name: string };
  contact: {
    contactName: string | null;
    contactEmail: string;
    contactLanguage: 'sv' | 'en';
    /** 0 for the organisation's first contact, 1 for the second, and so on. */
    position: number;
  };
};

/**
 * Every contact of the invited organisations of a round, the first contact of each organisation first, optionally
 * only those of the given organisations, named.
 */
export async function listContacts(
  db: Kysely<Database>,
  roundId: string,
  codes?: ReadonlySet<string>,
): Promise<Recipient[]> {
  const invited = (await listRoundOrganisationRows(db, roundId)).filter(
    (row) => codes === undefined || codes.has(row.organisationCode),
  );
  const further = await listFurtherContactRows(db, roundId, codes);
  const names = new Map(
    (
      await findOrganisationsByCodes(
        db,
        invited.map((row) => row.organisationCode),
      )
    ).map((o) => [o.code, o.name]),
  );
  const contacts = [
    ...invited.flatMap((row) =>
      row.contactEmail === null
        ? []
        : [
            {
              organisationCode: row.organisationCode,
              contactName: row.contactName,
              contactEmail: row.contactEmail,
              contactLanguage: row.contactLanguage,
              position: 0,
            },
          ],
    ),
    ...further,
  ].sort((a, b) => a.organisationCode.localeCompare(b.organisationCode) || a.position - b.position);
  return contacts.map(({ organisationCode, contactName, contactEmail, contactLanguage, position }) => ({
    organisation: { code: organisationCode, name: names.get(organisationCode) ?? organisationCode },
    contact: { contactName, contactEmail, contactLanguage, position },
  }));
}

/**
 * A mail slot is one per organisation (the unique index of the outbox); a further contact's mail takes the slot
 * with its address after it, so that each contact of an organisation gets their own.
 */
export function contactSlot(slot: string, recipient: Recipient): string {
  return recipient.contact.position === 0 ? slot : `${slot}|${recipient.contact.contactEmail}`;
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
      slot: contactSlot(input.slotOf(recipient), recipient),
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
      const invitedAt = clock.now().toISOString();
      if (contact.position === 0) {
        await updateRoundOrganisationRow(db, input.round.id, organisation.code, { invitedAt });
      } else {
        await updateFurtherContactInvitedAt(db, {
          roundId: input.round.id,
          organisationCode: organisation.code,
          position: contact.position,
          invitedAt,
        });
      }
    }
    countOutcome(tally, isQueued);
  }
  return tally;
}
