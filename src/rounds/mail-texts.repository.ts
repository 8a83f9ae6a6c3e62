import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';

export type StoredMailTexts = { json: string; updatedAt: string; updatedBy: string | null };

export async function findRoundMailTextsRow(
  db: Kysely<Database>,
  roundId: string,
): Promise<StoredMailTexts | undefined> {
  const row = await db.selectFrom('round_mail_texts').selectAll().where('round_id', '=', roundId).executeTakeFirst();
  return row ? { json: row.texts, updatedAt: row.updated_at, updatedBy: row.updated_by } : undefined;
}

export async function upsertRoundMailTextsRow(
  db: Kysely<Database>,
  roundId: string,
  stored: StoredMailTexts,
): Promise<void> {
  const values = { texts: stored.json, updated_at: stored.updatedAt, updated_by: stored.updatedBy };
  await db
    .insertInto('round_mail_texts')
    .values({ round_id: roundId, ...values })
    .onConflict((conflict) => conflict.column('round_id').doUpdateSet(values))
    .execute();
}
