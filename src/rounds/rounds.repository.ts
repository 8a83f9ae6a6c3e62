import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../db/database.ts';
import { prepareQuery } from '../db/prepared-query.ts';
import type { RoundOrganisationsTable, RoundsTable } from './rounds.table.ts';

export type RoundStatus = RoundsTable['status'];

export type Round = {
  id: string;
  label: string;
  /** Free text beside the label (the label is an identifier: letters, digits, - _ .). */
  displayName: string | null;
  status: RoundStatus;
  source: RoundsTable['source'];
  /** Questionnaire version per organisation type; null when the type is not part of the round. */
  versions: { kommun: string | null; region: string | null };
  opensAt: string | null;
  closesAt: string | null;
  reminderDays: number[];
  publishedAt: string | null;
  embargoUntil: string | null;
  /** While set, a published round's answers may be corrected; the public keeps seeing its current release. */
  correctionStartedAt: string | null;
  createdAt: string;
  updatedAt: string;
};

export type RoundOrganisation = {
  organisationCode: string;
  contactName: string | null;
  contactEmail: string | null;
  contactLanguage: 'sv' | 'en';
  reopenedUntil: string | null;
  invitedAt: string | null;
};

function parseReminderDays(text: string): number[] {
  const parsed: unknown = JSON.parse(text);
  return Array.isArray(parsed) ? parsed.filter((day): day is number => Number.isInteger(day)) : [];
}

function rowToRound(row: RoundsTable): Round {
  return {
    id: row.id,
    label: row.label,
    status: row.status,
    source: row.source,
    versions: { kommun: row.kommun_version, region: row.region_version },
    opensAt: row.opens_at,
    closesAt: row.closes_at,
    reminderDays: parseReminderDays(row.reminder_days),
    publishedAt: row.published_at,
    embargoUntil: row.embargo_until,
    correctionStartedAt: row.correction_started_at,
    displayName: row.display_name,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function roundToRow(round: Round): RoundsTable {
  return {
    id: round.id,
    label: round.label,
    status: round.status,
    source: round.source,
    kommun_version: round.versions.kommun,
    region_version: round.versions.region,
    opens_at: round.opensAt,
    closes_at: round.closesAt,
    reminder_days: JSON.stringify(round.reminderDays),
    published_at: round.publishedAt,
    embargo_until: round.embargoUntil,
    correction_started_at: round.correctionStartedAt,
    display_name: round.displayName,
    created_at: round.createdAt,
    updated_at: round.updatedAt,
  };
}

function rowToRoundOrganisation(row: Selectable<RoundOrganisationsTable>): RoundOrganisation {
  return {
    organisationCode: row.organisation_code,
    contactName: row.contact_name,
    contactEmail: row.contact_email,
    contactLanguage: row.contact_language,
    reopenedUntil: row.reopened_until,
    invitedAt: row.invited_at,
  };
}

export async function insertRoundRow(db: Kysely<Database>, round: Round): Promise<void> {
  await db.insertInto('rounds').values(roundToRow(round)).execute();
}

/** Writes every field of the round (the caller read it, changed it, and hands it back). */
export async function updateRoundRow(db: Kysely<Database>, round: Round): Promise<void> {
  const { id, ...values } = roundToRow(round);
  await db.updateTable('rounds').set(values).where('id', '=', id).execute();
}

/** Sets a round's display name alone (a concurrent change of its status or publication is kept). */
export async function updateRoundDisplayNameRow(
  db: Kysely<Database>,
  id: string,
  displayName: string | null,
  updatedAt: string,
): Promise<void> {
  await db
    .updateTable('rounds')
    .set({ display_name: displayName, updated_at: updatedAt })
    .where('id', '=', id)
    .execute();
}

export async function findRoundRowById(db: Kysely<Database>, id: string): Promise<Round | undefined> {
  const row = await db.selectFrom('rounds').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? rowToRound(row) : undefined;
}

/**
 * A round and one organisation's invitation to it (undefined when not invited), in one query: the respondent's
 * every page and save asks for both.
 */
/** Every page and save of a respondent asks this: compiled once (see prepareQuery). */
const roundWithInvitationQuery = prepareQuery(
  (db, { id, organisationCode }: { id: string; organisationCode: string }) =>
    db
      .selectFrom('rounds')
      .leftJoin('round_organisations', (join) =>
        join
          .onRef('round_organisations.round_id', '=', 'rounds.id')
          .on('round_organisations.organisation_code', '=', organisationCode),
      )
      .selectAll('rounds')
      .select([
        'round_organisations.organisation_code as invited_code',
        'round_organisations.contact_name',
        'round_organisations.contact_email',
        'round_organisations.contact_language',
        'round_organisations.reopened_until',
        'round_organisations.invited_at',
      ])
      .where('rounds.id', '=', id),
);

export async function findRoundRowWithInvitation(
  db: Kysely<Database>,
  id: string,
  organisationCode: string,
): Promise<{ round: Round; invitation: RoundOrganisation | undefined } | undefined> {
  const row = await roundWithInvitationQuery.executeTakeFirst(db, { id, organisationCode });
  if (!row) return undefined;
  const invitation =
    row.invited_code === null
      ? undefined
      : {
          organisationCode: row.invited_code,
          contactName: row.contact_name,
          contactEmail: row.contact_email,
          // Not null on a joined row (the column has a default); the left join only types it nullable.
          contactLanguage: row.contact_language ?? 'sv',
          reopenedUntil: row.reopened_until,
          invitedAt: row.invited_at,
        };
  return { round: rowToRound(row), invitation };
}

export async function findRoundRowByLabel(db: Kysely<Database>, label: string): Promise<Round | undefined> {
  const row = await db.selectFrom('rounds').selectAll().where('label', '=', label).executeTakeFirst();
  return row ? rowToRound(row) : undefined;
}

export async function listRoundRows(db: Kysely<Database>): Promise<Round[]> {
  const rows = await db.selectFrom('rounds').selectAll().orderBy('label', 'desc').execute();
  return rows.map(rowToRound);
}

export async function upsertRoundOrganisationRows(
  db: Kysely<Database>,
  roundId: string,
  organisations: Array<Pick<RoundOrganisation, 'organisationCode' | 'contactName' | 'contactEmail'>>,
): Promise<void> {
  for (const organisation of organisations) {
    const values = { contact_name: organisation.contactName, contact_email: organisation.contactEmail };
    // A new row's contact_language is the column's default, Swedish.
    await db
      .insertInto('round_organisations')
      .values({
        round_id: roundId,
        organisation_code: organisation.organisationCode,
        ...values,
        reopened_until: null,
        invited_at: null,
      })
      .onConflict((conflict) => conflict.columns(['round_id', 'organisation_code']).doUpdateSet(values))
      .execute();
  }
}

export async function listRoundOrganisationRows(db: Kysely<Database>, roundId: string): Promise<RoundOrganisation[]> {
  const rows = await db
    .selectFrom('round_organisations')
    .selectAll()
    .where('round_id', '=', roundId)
    .orderBy('organisation_code')
    .execute();
  return rows.map(rowToRoundOrganisation);
}

/**
 * Moves a round from one status to another only if it is still in the first one, so that two coordinators (or
 * instances) opening the same round at once cannot both succeed. Returns whether this call made the change.
 */
export async function transitionRoundRow(
  db: Kysely<Database>,
  id: string,
  change: { from: RoundStatus; to: RoundStatus; at: string; opensAt?: string },
): Promise<boolean> {
  const result = await db
    .updateTable('rounds')
    .set({ status: change.to, updated_at: change.at, ...(change.opensAt ? { opens_at: change.opensAt } : {}) })
    .where('id', '=', id)
    .where('status', '=', change.from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function findRoundOrganisationRow(
  db: Kysely<Database>,
  roundId: string,
  organisationCode: string,
): Promise<RoundOrganisation | undefined> {
  const row = await db
    .selectFrom('round_organisations')
    .selectAll()
    .where('round_id', '=', roundId)
    .where('organisation_code', '=', organisationCode)
    .executeTakeFirst();
  return row ? rowToRoundOrganisation(row) : undefined;
}

export async function updateRoundOrganisationRow(
  db: Kysely<Database>,
  roundId: string,
  organisationCode: string,
  values: Partial<Omit<RoundOrganisation, 'organisationCode'>>,
): Promise<void> {
  await db
    .updateTable('round_organisations')
    .set({
      ...(values.contactName !== undefined ? { contact_name: values.contactName } : {}),
      ...(values.contactEmail !== undefined ? { contact_email: values.contactEmail } : {}),
      ...(values.contactLanguage !== undefined ? { contact_language: values.contactLanguage } : {}),
      ...(values.reopenedUntil !== undefined ? { reopened_until: values.reopenedUntil } : {}),
      ...(values.invitedAt !== undefined ? { invited_at: values.invitedAt } : {}),
    })
    .where('round_id', '=', roundId)
    .where('organisation_code', '=', organisationCode)
    .execute();
}

/** Counts each round's invited organisations, by round id. */
export async function countRoundOrganisationRows(db: Kysely<Database>): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('round_organisations')
    .select(['round_id', db.fn.countAll<number>().as('count')])
    .groupBy('round_id')
    .execute();
  return new Map(rows.map((row) => [row.round_id, Number(row.count)]));
}

/** Sets a round's publication columns: when it was published, its embargo, and whether a correction is under way. */
export async function updateRoundPublicationRow(
  db: Kysely<Database>,
  roundId: string,
  publication: Pick<Round, 'publishedAt' | 'embargoUntil' | 'correctionStartedAt' | 'updatedAt'>,
): Promise<void> {
  await db
    .updateTable('rounds')
    .set({
      published_at: publication.publishedAt,
      embargo_until: publication.embargoUntil,
      correction_started_at: publication.correctionStartedAt,
      updated_at: publication.updatedAt,
    })
    .where('id', '=', roundId)
    .execute();
}

/** A contact row naming a person, with its round's label (for a person's own data). */
export type ContactEntry = RoundOrganisation & { roundId: string; roundLabel: string };

export async function listContactRowsByEmail(db: Kysely<Database>, email: string): Promise<ContactEntry[]> {
  const rows = await db
    .selectFrom('round_organisations')
    .innerJoin('rounds', 'rounds.id', 'round_organisations.round_id')
    .select([
      'round_organisations.round_id',
      'rounds.label',
      'round_organisations.organisation_code',
      'round_organisations.contact_name',
      'round_organisations.contact_email',
      'round_organisations.reopened_until',
      'round_organisations.invited_at',
      'round_organisations.contact_language',
    ])
    .where((eb) => eb(eb.fn('lower', ['round_organisations.contact_email']), '=', email.toLowerCase()))
    .orderBy('rounds.label')
    .orderBy('round_organisations.organisation_code')
    .execute();
  return rows.map((row) => ({
    roundId: row.round_id,
    roundLabel: row.label,
    organisationCode: row.organisation_code,
    contactName: row.contact_name,
    contactEmail: row.contact_email,
    reopenedUntil: row.reopened_until,
    invitedAt: row.invited_at,
    contactLanguage: row.contact_language,
  }));
}

/** The distinct e-mail addresses of a round's contacts, lower-cased. */
export async function listRoundAddressRows(db: Kysely<Database>, roundId: string): Promise<string[]> {
  const contacts = await db
    .selectFrom('round_organisations')
    .select('contact_email')
    .where('round_id', '=', roundId)
    .where('contact_email', 'is not', null)
    .execute();
  return [
    ...new Set(
      contacts.map((row) => (row.contact_email ?? '').toLowerCase()).filter((address) => address.includes('@')),
    ),
  ];
}

/** Blanks a round's contact names and addresses; returns how many contact rows changed. */
export async function eraseRoundContactRows(db: Kysely<Database>, roundId: string): Promise<number> {
  const contacts = await db
    .updateTable('round_organisations')
    .set({ contact_name: null, contact_email: null })
    .where('round_id', '=', roundId)
    .where((eb) => eb.or([eb('contact_name', 'is not', null), eb('contact_email', 'is not', null)]))
    .executeTakeFirst();
  return Number(contacts.numUpdatedRows);
}
