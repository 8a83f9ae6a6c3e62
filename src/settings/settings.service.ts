import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { insertOrReadSettingRow } from './settings.repository.ts';

/**
 * Returns the configured session secret, or the one generated on first start and kept in the database, which
 * every instance on the same database then shares.
 */
export async function resolveSessionSecret(
  db: Kysely<Database>,
  clock: Clock,
  configured: string | null,
): Promise<string> {
  if (configured !== null) return configured;
  return insertOrReadSettingRow(db, 'session_secret', randomBytes(32).toString('hex'), clock.now().toISOString());
}
