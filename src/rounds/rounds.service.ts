import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AppError } from '../app-error.ts';
import { type Actor, recordAuditEvent } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import {
  findRoundRowById,
  findRoundRowByLabel,
  insertRoundRow,
  listRoundOrganisationRows,
  listRoundRows,
  type Round,
  type RoundOrganisation,
  type RoundStatus,
  upsertRoundOrganisationRows,
} from './rounds.repository.ts';

export type { Round, RoundOrganisation, RoundStatus };

/** Lists every round, newest label first. */
export async function listRounds(db: Kysely<Database>): Promise<Round[]> {
  return listRoundRows(db);
}

/**
 * Finds a round by id.
 * @throws AppError('not_found') when there is none.
 */
export async function findRoundById(db: Kysely<Database>, id: string): Promise<Round> {
  const round = await findRoundRowById(db, id);
  if (!round) throw new AppError('not_found', `No round has the id ${id}.`);
  return round;
}

/** Finds a round by its label (such as "2023"), or undefined. */
export async function findRoundByLabel(db: Kysely<Database>, label: string): Promise<Round | undefined> {
  return findRoundRowByLabel(db, label);
}

/** Lists the organisations invited to a round (its population) with their contacts. */
export async function listRoundOrganisations(db: Kysely<Database>, roundId: string): Promise<RoundOrganisation[]> {
  return listRoundOrganisationRows(db, roundId);
}

/**
 * Creates a closed round for answers brought in from an earlier tool; its population is the given organisations.
 * Call inside the import's transaction.
 */
export async function createImportedRound(
  db: Kysely<Database>,
  clock: Clock,
  input: { label: string; versions: Round['versions']; organisationCodes: string[]; actor: Actor },
): Promise<Round> {
  const now = clock.now().toISOString();
  const round: Round = {
    id: randomUUID(),
    label: input.label,
    status: 'closed',
    source: 'import',
    versions: input.versions,
    opensAt: null,
    closesAt: null,
    reminderDays: [],
    publishedAt: null,
    embargoUntil: null,
    createdAt: now,
    updatedAt: now,
  };
  await insertRoundRow(db, round);
  await addRoundOrganisations(db, round.id, input.organisationCodes);
  await recordAuditEvent(db, clock, {
    actor: input.actor,
    action: 'round.imported',
    subjectType: 'round',
    subjectId: round.id,
    details: { label: round.label, versions: round.versions, organisations: input.organisationCodes.length },
  });
  return round;
}

/** Adds organisations to a round's population (without contacts); existing ones keep their contacts. */
export async function addRoundOrganisations(db: Kysely<Database>, roundId: string, organisationCodes: string[]): Promise<void> {
  const existing = new Set((await listRoundOrganisationRows(db, roundId)).map((row) => row.organisationCode));
  await upsertRoundOrganisationRows(
    db,
    roundId,
    organisationCodes
      .filter((code) => !existing.has(code))
      .map((organisationCode) => ({ organisationCode, contactName: null, contactEmail: null })),
  );
}
