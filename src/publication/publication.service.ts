import type { Kysely } from 'kysely';
import { AppError } from '../app-error.ts';
import { type Actor, recordAuditEvent } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { findRoundByLabel, listRounds, type Round } from '../rounds/rounds.service.ts';
import { updateRoundPublicationRow } from './publication.repository.ts';

export type PublicationState = 'unpublished' | 'embargoed' | 'public';

/** Tells whether a round is unpublished, published but under embargo, or visible to everyone at this moment. */
export function findPublicationState(round: Pick<Round, 'publishedAt' | 'embargoUntil'>, now: Date): PublicationState {
  if (round.publishedAt === null) return 'unpublished';
  if (round.embargoUntil !== null && Date.parse(round.embargoUntil) > now.getTime()) return 'embargoed';
  return 'public';
}

/** Returns whether anyone, signed in or not, may see the round's reports and open data now. */
export function isRoundPublic(round: Pick<Round, 'publishedAt' | 'embargoUntil'>, now: Date): boolean {
  return findPublicationState(round, now) === 'public';
}

/** Lists the rounds visible to the public now, newest label first. */
export async function listPublicRounds(db: Kysely<Database>, clock: Clock): Promise<Round[]> {
  const now = clock.now();
  return (await listRounds(db)).filter((round) => isRoundPublic(round, now));
}

/**
 * Finds a round the reader may see: any round for coordinators, only a public one for everyone else. Hidden
 * rounds answer exactly as missing ones, so their existence does not leak.
 * @throws AppError('not_found') when there is no such round or the reader may not see it.
 */
export async function findVisibleRound(
  db: Kysely<Database>,
  clock: Clock,
  label: string,
  reader: { isCoordinator: boolean },
): Promise<Round> {
  const round = await findRoundByLabel(db, label);
  if (!round || (!reader.isCoordinator && !isRoundPublic(round, clock.now()))) {
    throw new AppError('not_found', `No published round is labelled ${label}.`);
  }
  return round;
}

/** Lists the rounds a reader may see: every round for coordinators, the public ones for everyone else. */
export async function listVisibleRounds(
  db: Kysely<Database>,
  clock: Clock,
  reader: { isCoordinator: boolean },
): Promise<Round[]> {
  return reader.isCoordinator ? listRounds(db) : listPublicRounds(db, clock);
}

/**
 * Publishes a closed round now, optionally under an embargo until a later time, and records it in the audit log.
 * @throws AppError('not_found') for an unknown round, AppError('conflict') when it is not closed, and
 * AppError('validation') when the embargo time is not in the future.
 */
export async function publishRound(
  db: Kysely<Database>,
  clock: Clock,
  input: { label: string; embargoUntil: Date | null; actor: Actor },
): Promise<Round> {
  const now = clock.now();
  if (input.embargoUntil !== null && input.embargoUntil.getTime() <= now.getTime()) {
    throw new AppError('validation', 'The embargo must end in the future.', [
      { field: 'embargoUntil', message: 'The embargo must end in the future.' },
    ]);
  }
  return db.transaction().execute(async (trx) => {
    const round = await findRoundByLabel(trx, input.label);
    if (!round) throw new AppError('not_found', `No round is labelled ${input.label}.`);
    if (round.status !== 'closed')
      throw new AppError('conflict', `Round ${round.label} must be closed before it is published.`);
    const publication = {
      publishedAt: now.toISOString(),
      embargoUntil: input.embargoUntil?.toISOString() ?? null,
      updatedAt: now.toISOString(),
    };
    await updateRoundPublicationRow(trx, round.id, publication);
    await recordAuditEvent(trx, clock, {
      actor: input.actor,
      action: 'round.published',
      subjectType: 'round',
      subjectId: round.id,
      details: { label: round.label, embargoUntil: publication.embargoUntil, wasPublishedAt: round.publishedAt },
    });
    return { ...round, ...publication };
  });
}

/**
 * Withdraws a published round from the public, and records it in the audit log.
 * @throws AppError('not_found') for an unknown round and AppError('conflict') when it is not published.
 */
export async function unpublishRound(
  db: Kysely<Database>,
  clock: Clock,
  input: { label: string; actor: Actor },
): Promise<Round> {
  const now = clock.now().toISOString();
  return db.transaction().execute(async (trx) => {
    const round = await findRoundByLabel(trx, input.label);
    if (!round) throw new AppError('not_found', `No round is labelled ${input.label}.`);
    if (round.publishedAt === null) throw new AppError('conflict', `Round ${round.label} is not published.`);
    await updateRoundPublicationRow(trx, round.id, { publishedAt: null, embargoUntil: null, updatedAt: now });
    await recordAuditEvent(trx, clock, {
      actor: input.actor,
      action: 'round.unpublished',
      subjectType: 'round',
      subjectId: round.id,
      details: { label: round.label, wasPublishedAt: round.publishedAt, wasEmbargoedUntil: round.embargoUntil },
    });
    return { ...round, publishedAt: null, embargoUntil: null, updatedAt: now };
  });
}
