import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';

export type RoundState = { id: string; label: string; status: 'draft' | 'open' | 'closed' };

// Deliberately narrow: the rounds module owns these tables; personal-data clean-up reads a round's label and status
// and blanks the two contact columns, nothing else. The round's mail is erased through the mail module's service.

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
