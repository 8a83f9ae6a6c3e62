import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';

/** Stores a response of the given status for an organisation, as the respondents' form would. */
export async function insertTestResponse(
  db: Kysely<Database>,
  input: { roundId: string; organisationCode: string; status: 'in_progress' | 'submitted'; at: string },
): Promise<void> {
  await db
    .insertInto('responses')
    .values({
      id: randomUUID(),
      round_id: input.roundId,
      organisation_code: input.organisationCode,
      version_id: 'skr-2023',
      status: input.status,
      created_at: input.at,
      updated_at: input.at,
      submitted_at: input.status === 'submitted' ? input.at : null,
      submitted_by: null,
    })
    .execute();
}
