import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';

/** Sets a round's publication columns (and nothing else of the rounds table, which the rounds module owns). */
export async function updateRoundPublicationRow(
  db: Kysely<Database>,
  roundId: string,
  publication: { publishedAt: string | null; embargoUntil: string | null; updatedAt: string },
): Promise<void> {
  await db
    .updateTable('rounds')
    .set({
      published_at: publication.publishedAt,
      embargo_until: publication.embargoUntil,
      updated_at: publication.updatedAt,
    })
    .where('id', '=', roundId)
    .execute();
}
