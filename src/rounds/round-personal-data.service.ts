/**
 * What the rounds module holds about a person (contact rows, mails sent to them) and the erasure of a closed
 * round's contacts and mail when its retention period has passed. The privacy module asks these.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { eraseRoundMail, listMailToAddress, listRoundMail, type MailDelivery } from '../mail/outbox.service.ts';
import {
  deleteFurtherContactRows,
  listFurtherContactAddressRows,
  listFurtherContactRowsByEmail,
} from './further-contacts.repository.ts';
import {
  type ContactEntry,
  eraseRoundContactRows,
  listContactRowsByEmail,
  listRoundAddressRows,
} from './rounds.repository.ts';

export type { ContactEntry };

/** The contact rows that name this address, in every round, an organisation's first contact or a further one. */
export async function listContactsByEmail(db: Kysely<Database>, email: string): Promise<ContactEntry[]> {
  const first = await listContactRowsByEmail(db, email);
  const further = (await listFurtherContactRowsByEmail(db, email)).map(
    (contact): ContactEntry => ({
      roundId: contact.roundId,
      roundLabel: contact.roundLabel,
      organisationCode: contact.organisationCode,
      contactName: contact.contactName,
      contactEmail: contact.contactEmail,
      contactLanguage: contact.contactLanguage,
      reopenedUntil: null,
      invitedAt: contact.invitedAt,
    }),
  );
  return [...first, ...further].sort(
    (a, b) => a.roundLabel.localeCompare(b.roundLabel) || a.organisationCode.localeCompare(b.organisationCode),
  );
}

/** The mails queued, sent or tried to this address (the outbox keeps each one with its state). */
export async function listMailsByRecipient(db: Kysely<Database>, email: string): Promise<MailDelivery[]> {
  return listMailToAddress(db, email);
}

/** The e-mail addresses a round holds in its contacts and its mail, lower-cased. */
export async function listRoundAddresses(db: Kysely<Database>, roundId: string): Promise<string[]> {
  const contacts = [
    ...(await listRoundAddressRows(db, roundId)),
    ...(await listFurtherContactAddressRows(db, roundId)),
  ];
  const mails = (await listRoundMail(db, roundId)).map((mail) => mail.recipient.toLowerCase());
  return [...new Set([...contacts, ...mails])].filter((address) => address.includes('@'));
}

/**
 * Erases a round's contact names and addresses and its mail log (answers are kept); the caller audits. Returns of
 * how many organisations the contacts were erased, and how many mails.
 */
export async function eraseRoundContacts(
  db: Kysely<Database>,
  roundId: string,
): Promise<{ contacts: number; mails: number }> {
  // Counted by organisation: a further contact belongs to an organisation whose first contact is erased with it.
  const contacts = await eraseRoundContactRows(db, roundId);
  await deleteFurtherContactRows(db, roundId);
  const mails = await eraseRoundMail(db, roundId);
  return { contacts, mails };
}
