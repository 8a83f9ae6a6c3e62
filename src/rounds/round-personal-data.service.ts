/**
 * What the rounds module holds about a person (contact rows, mails sent to them) and the erasure of a closed
 * round's contacts and mail log when its retention period has passed. The privacy module asks these.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { listMailRowsByRecipient, type MailRecord } from './mail-log.repository.ts';
import {
  type ContactEntry,
  eraseRoundContactRows,
  listContactRowsByEmail,
  listRoundAddressRows,
} from './rounds.repository.ts';

export type { ContactEntry };

/** The contact rows that name this address, in every round. */
export async function listContactsByEmail(db: Kysely<Database>, email: string): Promise<ContactEntry[]> {
  return listContactRowsByEmail(db, email);
}

/** The mails sent, or tried, to this address (today the mail log; the outbox when it replaces it). */
export async function listMailsByRecipient(db: Kysely<Database>, email: string): Promise<MailRecord[]> {
  return listMailRowsByRecipient(db, email);
}

/** The e-mail addresses a round holds in its contacts and mail log. */
export async function listRoundAddresses(db: Kysely<Database>, roundId: string): Promise<string[]> {
  return listRoundAddressRows(db, roundId);
}

/**
 * Erases a round's contact names and addresses and its mail log (answers are kept); the caller audits. Returns how
 * many contact rows and mails were erased.
 */
export async function eraseRoundContacts(
  db: Kysely<Database>,
  roundId: string,
): Promise<{ contacts: number; mails: number }> {
  return eraseRoundContactRows(db, roundId);
}
