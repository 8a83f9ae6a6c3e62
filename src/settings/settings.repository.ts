import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';

/** Inserts the value unless the key exists; the stored value wins either way, so concurrent starts agree. */
export async function insertOrReadSettingRow(
  db: Kysely<Database>,
  key: string,
  value: string,
  now: string,
): Promise<string> {
  await db
    .insertInto('instance_settings')
    .values({ key, value, created_at: now })
    .onConflict((conflict) => conflict.column('key').doNothing())
    .execute();
  const row = await db.selectFrom('instance_settings').select('value').where('key', '=', key).executeTakeFirstOrThrow();
  return row.value;
}

/** Reads a setting's stored text, or undefined when it was never set. */
export async function findSettingRow(db: Kysely<Database>, key: string): Promise<string | undefined> {
  const row = await db.selectFrom('instance_settings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}

/** Stores a setting, replacing an earlier value. */
export async function upsertSettingRow(db: Kysely<Database>, key: string, value: string, now: string): Promise<void> {
  await db
    .insertInto('instance_settings')
    .values({ key, value, created_at: now })
    .onConflict((conflict) => conflict.column('key').doUpdateSet({ value, created_at: now }))
    .execute();
}
