import type { Kysely } from 'kysely';
import { AppError } from '../app-error.ts';
import type { Actor } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { removeErasedDataFromFiles } from '../db/erasure.ts';
import { listRoundAddresses } from '../rounds/round-personal-data.service.ts';
import { findRoundByLabel, listRounds } from '../rounds/rounds.service.ts';
import { eraseRoundPeople, findRoundOnlyPeople, type RoundErasure } from './round-erasure.service.ts';

/**
 * Purges a closed round's people on request, before its retention period ends: the contact names and e-mail
 * addresses of its organisations, its mail (addresses and content), the accounts that exist only because of its
 * invitations, and the addresses that no other round holds from the audit log; keeps every answer, records the
 * counts, and then makes the erased rows leave the database's files (SQLite). Returns the counts.
 * @throws AppError('not_found') for an unknown label, AppError('conflict') while the round is not closed.
 */
export async function purgeRoundContacts(
  db: Kysely<Database>,
  clock: Clock,
  input: { roundLabel: string; actor: Actor },
): Promise<RoundErasure> {
  const round = await findRoundByLabel(db, input.roundLabel);
  if (!round) throw new AppError('not_found', `No round is labelled "${input.roundLabel}".`);
  if (round.status !== 'closed') {
    // Reminders still go to these contacts while a round is open or being prepared.
    throw new AppError(
      'conflict',
      `Round "${round.label}" is ${round.status}; contacts can be removed only once it is closed.`,
    );
  }
  const stillNeeded = new Set<string>();
  for (const other of (await listRounds(db)).filter((candidate) => candidate.id !== round.id)) {
    for (const address of await listRoundAddresses(db, other.id)) stillNeeded.add(address);
  }
  const people = await findRoundOnlyPeople(db, round, stillNeeded);
  const counts = await db.transaction().execute((trx) =>
    eraseRoundPeople(trx, clock, {
      round,
      people,
      reason: `purge: round ${round.label}`,
      actor: input.actor,
      action: 'round.contacts_purged',
      details: { label: round.label },
    }),
  );
  await removeErasedDataFromFiles(db);
  return counts;
}
