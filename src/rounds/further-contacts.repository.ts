import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';

/** An organisation's second, third … contact in a round; the first is the round organisation's own contact. */
export type FurtherContact = {
  organisationCode: string;
  /** 1 for the second contact, 2 for the third, and so on. */
  position: number;
  contactName: string;
  contactEmail: string;
  contactLanguage: 'sv' | 'en';
  invitedAt: string | null;
};

/** A round's further contacts, by organisation and position; only those of the given organisations when given. */
export async function listFurtherContactRows(
  db: Kysely<Database>,
  roundId: string,
  codes?: ReadonlySet<string>,
): Promise<FurtherContact[]> {
  if (codes?.size === 0) return [];
  let query = db.selectFrom('round_further_contacts').selectAll().where('round_id', '=', roundId);
  if (codes) query = query.where('organisation_code', 'in', [...codes]);
  const rows = await query.orderBy('organisation_code').orderBy('position').execute();
  return rows.map((row) => ({
    organisationCode: row.organisation_code,
    position: row.position,
    contactName: row.contact_name,
    contactEmail: row.contact_email,
    contactLanguage: row.contact_language,
    invitedAt: row.invited_at,
  }));
}

/** Replaces one organisation's further contacts; `invitedAt` is kept for an address that stays. */
export async function replaceFurtherContactRows(
  db: Kysely<Database>,
  roundId: string,
  organisationCode: string,
  contacts: ReadonlyArray<Omit<FurtherContact, 'organisationCode' | 'position'>>,
): Promise<void> {
  await db
    .deleteFrom('round_further_contacts')
    .where('round_id', '=', roundId)
    .where('organisation_code', '=', organisationCode)
    .execute();
  if (contacts.length === 0) return;
  await db
    .insertInto('round_further_contacts')
    .values(
      contacts.map((contact, index) => ({
        round_id: roundId,
        organisation_code: organisationCode,
        position: index + 1,
        contact_name: contact.contactName,
        contact_email: contact.contactEmail,
        contact_language: contact.contactLanguage,
        invited_at: contact.invitedAt,
      })),
    )
    .execute();
}

export async function updateFurtherContactInvitedAt(
  db: Kysely<Database>,
  contact: { roundId: string; organisationCode: string; position: number; invitedAt: string },
): Promise<void> {
  await db
    .updateTable('round_further_contacts')
    .set({ invited_at: contact.invitedAt })
    .where('round_id', '=', contact.roundId)
    .where('organisation_code', '=', contact.organisationCode)
    .where('position', '=', contact.position)
    .execute();
}

/** The further contacts at one address in any round, with the round's label (for a person's own data). */
export async function listFurtherContactRowsByEmail(
  db: Kysely<Database>,
  email: string,
): Promise<Array<FurtherContact & { roundId: string; roundLabel: string }>> {
  const rows = await db
    .selectFrom('round_further_contacts')
    .innerJoin('rounds', 'rounds.id', 'round_further_contacts.round_id')
    .selectAll('round_further_contacts')
    .select('rounds.label')
    .where((eb) => eb(eb.fn('lower', ['round_further_contacts.contact_email']), '=', email.toLowerCase()))
    .orderBy('rounds.label')
    .orderBy('round_further_contacts.organisation_code')
    .execute();
  return rows.map((row) => ({
    roundId: row.round_id,
    roundLabel: row.label,
    organisationCode: row.organisation_code,
    position: row.position,
    contactName: row.contact_name,
    contactEmail: row.contact_email,
    contactLanguage: row.contact_language,
    invitedAt: row.invited_at,
  }));
}

/** The lower-cased addresses of a round's further contacts. */
export async function listFurtherContactAddressRows(db: Kysely<Database>, roundId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('round_further_contacts')
    .select('contact_email')
    .where('round_id', '=', roundId)
    .execute();
  return rows.map((row) => row.contact_email.toLowerCase());
}

/** Deletes a round's further contacts (a purge); returns how many there were. */
export async function deleteFurtherContactRows(db: Kysely<Database>, roundId: string): Promise<number> {
  const result = await db.deleteFrom('round_further_contacts').where('round_id', '=', roundId).executeTakeFirst();
  return Number(result.numDeletedRows);
}
