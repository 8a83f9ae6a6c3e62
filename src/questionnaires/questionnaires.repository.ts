import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { prepareQuery } from '../db/prepared-query.ts';

/** What a version's row says about it, without its (large) definition. */
export type StoredVersionHead = {
  id: string;
  origin: 'shipped' | 'uploaded';
  createdAt: string;
  createdBy: string | null;
  usedSince: string | null;
  definitionSha256: string;
};

/** Every version's head, oldest first. */
export async function listVersionHeads(db: Kysely<Database>): Promise<StoredVersionHead[]> {
  const rows = await db
    .selectFrom('questionnaire_versions')
    .select(['id', 'origin', 'created_at', 'created_by', 'used_since', 'definition_sha256'])
    .orderBy('year')
    .orderBy('id')
    .execute();
  return rows.map(rowToVersionHead);
}

function rowToVersionHead(row: {
  id: string;
  origin: 'shipped' | 'uploaded';
  created_at: string;
  created_by: string | null;
  used_since: string | null;
  definition_sha256: string;
}): StoredVersionHead {
  return {
    id: row.id,
    origin: row.origin,
    createdAt: row.created_at,
    createdBy: row.created_by,
    usedSince: row.used_since,
    definitionSha256: row.definition_sha256,
  };
}

/** One version's head, or undefined. */
/** Every page and save of a respondent asks this: compiled once (see prepareQuery). */
const versionHeadQuery = prepareQuery((db, { id }: { id: string }) =>
  db
    .selectFrom('questionnaire_versions')
    .select(['id', 'origin', 'created_at', 'created_by', 'used_since', 'definition_sha256'])
    .where('id', '=', id),
);

export async function findVersionHead(db: Kysely<Database>, id: string): Promise<StoredVersionHead | undefined> {
  const row = await versionHeadQuery.executeTakeFirst(db, { id });
  return row ? rowToVersionHead(row) : undefined;
}

/** The definitions (unchecked JSON text) of the given versions, by id. */
export async function listDefinitions(db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('questionnaire_versions')
    .select(['id', 'definition'])
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((row) => [row.id, row.definition]));
}

export async function findSourceYaml(db: Kysely<Database>, id: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('questionnaire_versions')
    .select('source_yaml')
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.source_yaml;
}

export async function findVersionOrigin(db: Kysely<Database>, id: string): Promise<'shipped' | 'uploaded' | undefined> {
  const row = await db.selectFrom('questionnaire_versions').select('origin').where('id', '=', id).executeTakeFirst();
  return row?.origin;
}

export type NewStoredVersion = {
  id: string;
  year: number;
  definition: string;
  sourceYaml: string;
  origin: 'shipped' | 'uploaded';
  createdAt: string;
  createdBy: string | null;
};

export function hashDefinition(definition: string): string {
  return createHash('sha256').update(definition).digest('hex');
}

/** Inserts a version unless one with its id exists; true when inserted. */
export async function insertVersionIfMissing(db: Kysely<Database>, version: NewStoredVersion): Promise<boolean> {
  const result = await db
    .insertInto('questionnaire_versions')
    .values({
      id: version.id,
      year: version.year,
      definition: version.definition,
      source_yaml: version.sourceYaml,
      definition_sha256: hashDefinition(version.definition),
      origin: version.origin,
      created_at: version.createdAt,
      created_by: version.createdBy,
      revision: 1,
      used_since: null,
    })
    .onConflict((conflict) => conflict.column('id').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/**
 * Replaces an uploaded version that no round uses yet; the condition is in the statement, so a round that starts
 * using it meanwhile wins. True when replaced.
 */
export async function replaceUnusedVersion(db: Kysely<Database>, version: NewStoredVersion): Promise<boolean> {
  const result = await db
    .updateTable('questionnaire_versions')
    .set((eb) => ({
      year: version.year,
      definition: version.definition,
      source_yaml: version.sourceYaml,
      definition_sha256: hashDefinition(version.definition),
      created_at: version.createdAt,
      created_by: version.createdBy,
      revision: eb('revision', '+', 1),
    }))
    .where('id', '=', version.id)
    .where('origin', '=', 'uploaded')
    .where('used_since', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Marks versions as used by a round from `since` on, keeping an earlier mark. */
export async function markVersionsUsed(db: Kysely<Database>, ids: readonly string[], since: string): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('questionnaire_versions')
    .set({ used_since: since })
    .where('id', 'in', ids)
    .where('used_since', 'is', null)
    .execute();
}
