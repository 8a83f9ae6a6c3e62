import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database.ts';

export type RoundState = { id: string; label: string; status: 'draft' | 'open' | 'closed' };

// Deliberately narrow: the rounds module owns these tables; personal-data clean-up reads a round's label and status
// and blanks the two contact columns and the addresses kept in the mail log, nothing else.

/** Finds a round's id, label and status by its label, or undefined. */
export async function findRoundStateByLabel(db: Kysely<Database>, label: string): Promise<RoundState | undefined> {
  return db.selectFrom('rounds').select(['id', 'label', 'status']).where('label', '=', label).executeTakeFirst();
}

/** Blanks the contact name and e-mail of every organisation in a round and returns how many rows had any. */
export async function clearContactColumns(db: Kysely<Database>, roundId: string): Promise<number> {
  const result = await db
    .updateTable('round_organisations')
    .set({ contact_name: null, contact_email: null })
    .where('round_id', '=', roundId)
    .where((eb) => eb.or([eb('contact_name', 'is not', null), eb('contact_email', 'is not', null)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Removes the e-mail addresses kept in a round's mail log: recipients, and slots named after an address
 * ("invitation:name@kommun.se"); each slot stays unique. Returns how many rows held an address.
 */
export async function clearMailLogAddresses(db: Kysely<Database>, roundId: string): Promise<number> {
  const result = await db
    .updateTable('mail_log')
    .set({
      recipient: '(borttagen)',
      slot: sql<string>`case when slot like 'invitation:%' then 'invitation:removed:' || id else slot end`,
    })
    .where('round_id', '=', roundId)
    .where('recipient', '!=', '(borttagen)')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
