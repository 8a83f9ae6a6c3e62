import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';

/** Reads a round's national exemptions; an empty list when none were set. */
export async function findNationalExemptionsRow(db: Kysely<Database>, roundId: string): Promise<string[]> {
  const row = await db
    .selectFrom('disclosure_settings')
    .select('national_exemptions')
    .where('round_id', '=', roundId)
    .executeTakeFirst();
  if (row === undefined) return [];
  const parsed: unknown = JSON.parse(row.national_exemptions);
  return Array.isArray(parsed) ? parsed.filter((key): key is string => typeof key === 'string') : [];
}

/** Writes a round's national exemptions, replacing earlier ones. */
export async function upsertNationalExemptionsRow(
  db: Kysely<Database>,
  input: { roundId: string; keys: readonly string[]; at: string; by: string },
): Promise<void> {
  const values = {
    national_exemptions: JSON.stringify(input.keys),
    updated_at: input.at,
    updated_by: input.by,
  };
  await db
    .insertInto('disclosure_settings')
    .values({ round_id: input.roundId, ...values })
    .onConflict((conflict) => conflict.column('round_id').doUpdateSet(values))
    .execute();
}
