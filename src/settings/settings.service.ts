import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { findSettingRow, insertOrReadSettingRow, upsertSettingRow } from './settings.repository.ts';

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

/**
 * Reads a JSON setting that an administrator saved, checked against its schema; undefined when it was never
 * saved. A stored value that no longer matches (an older shape) reads as undefined, so the defaults apply.
 */
export async function readJsonSetting<T>(
  db: Kysely<Database>,
  key: string,
  isValid: (value: unknown) => value is T,
): Promise<T | undefined> {
  const text = await findSettingRow(db, key);
  if (text === undefined) return undefined;
  const value: unknown = JSON.parse(text);
  return isValid(value) ? value : undefined;
}

/** Saves a JSON setting, replacing the earlier value; the caller validates and audits. */
export async function saveJsonSetting(db: Kysely<Database>, clock: Clock, key: string, value: unknown): Promise<void> {
  await upsertSettingRow(db, key, JSON.stringify(value), clock.now().toISOString());
}
