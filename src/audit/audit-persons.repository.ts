import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { prepareListQuery } from '../db/prepared-query.ts';

// Every audited change looks up the persons it names (most name one): compiled once per count (prepareListQuery).
const referencesQuery = prepareListQuery((db, _params: object, emails: readonly string[]) =>
  db
    .selectFrom('audit_persons')
    .select(['reference', 'email'])
    .where('email', 'in', [...emails]),
);

/** The references of the given (lower-cased) addresses that have one. */
export async function findAuditPersonReferences(
  db: Kysely<Database>,
  emails: readonly string[],
): Promise<Map<string, string>> {
  if (emails.length === 0) return new Map();
  const rows = await referencesQuery.execute(db, {}, emails);
  return new Map(rows.map((row) => [row.email, row.reference]));
}

/**
 * Gives every address a reference, creating the missing ones, and returns them all. A concurrent transaction that
 * creates the same address first wins (the unique constraint waits for it), and its reference is read back.
 */
export async function ensureAuditPersonReferences(
  db: Kysely<Database>,
  emails: readonly string[],
  createdAt: string,
): Promise<Map<string, string>> {
  const found = await findAuditPersonReferences(db, emails);
  const missing = emails.filter((email) => !found.has(email));
  if (missing.length === 0) return found;
  await db
    .insertInto('audit_persons')
    .values(missing.map((email) => ({ reference: randomBytes(12).toString('hex'), email, created_at: createdAt })))
    .onConflict((conflict) => conflict.column('email').doNothing())
    .execute();
  return findAuditPersonReferences(db, emails);
}

/** The addresses behind the given references that are still kept (an erased one has none). */
export async function findAuditPersonsByReference(
  db: Kysely<Database>,
  references: readonly string[],
): Promise<Map<string, string>> {
  if (references.length === 0) return new Map();
  const rows = await db
    .selectFrom('audit_persons')
    .select(['reference', 'email'])
    .where('reference', 'in', [...references])
    .execute();
  return new Map(rows.map((row) => [row.reference, row.email]));
}

/** Deletes the address rows of these people; returns how many there were. */
export async function deleteAuditPersons(db: Kysely<Database>, emails: readonly string[]): Promise<number> {
  if (emails.length === 0) return 0;
  const result = await db
    .deleteFrom('audit_persons')
    .where('email', 'in', [...emails])
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
