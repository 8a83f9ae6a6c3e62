import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { createRound, importContacts, type Round } from './rounds.service.ts';

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
      submitter_id: null,
    })
    .execute();
}

/**
 * Creates a draft round (open 1–31 March 2026, Stockholm time, skr-2023) inviting the organisations of a contacts
 * CSV and imports that CSV, through the rounds service, as a coordinator's first steps would.
 */
export async function createRoundWithContacts(
  db: Kysely<Database>,
  clock: Clock,
  input: { label: string; csv: string; reminderDays?: number[] },
): Promise<Round> {
  const actor = { userId: null, label: 'test' };
  // An organisation with several contacts has several lines.
  const codes = [
    ...new Set(
      input.csv
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => line.split(',')[0] ?? ''),
    ),
  ];
  const round = await createRound(
    db,
    clock,
    {
      label: input.label,
      kommunVersion: 'skr-2023',
      regionVersion: 'skr-2023',
      population: 'list',
      organisationCodes: codes,
      opensAt: '2026-03-01T09:00',
      closesAt: '2026-03-31T23:59',
      reminderDays: input.reminderDays ?? [7],
    },
    actor,
  );
  await importContacts(db, clock, { roundId: round.id, csv: input.csv, actor });
  return round;
}
