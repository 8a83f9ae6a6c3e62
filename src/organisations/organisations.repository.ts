import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { fromFlag, toFlag } from '../db/dialect.ts';
import { prepareQuery } from '../db/prepared-query.ts';
import type { MunicipalityGroupsTable, OrganisationsTable } from './organisations.table.ts';

export type OrganisationType = OrganisationsTable['type'];

export type Organisation = {
  code: string;
  name: string;
  type: OrganisationType;
  countyCode: string;
  countyName: string;
  municipalityGroup: string | null;
  mainGroup: string | null;
  isActive: boolean;
  replacedBy: string | null;
};

export type MunicipalityGroup = {
  code: string;
  mainGroupCode: string;
  mainGroupName: string;
  name: string;
  definition: string;
};

export type OrganisationFilter = {
  type?: OrganisationType;
  group?: string;
  mainGroup?: string;
  county?: string;
  search?: string;
  isActiveOnly?: boolean;
};

type OrganisationRow = OrganisationsTable & { main_group_code: string | null };

function rowToOrganisation(row: OrganisationRow): Organisation {
  return {
    code: row.code,
    name: row.name,
    type: row.type,
    countyCode: row.county_code,
    countyName: row.county_name,
    municipalityGroup: row.municipality_group,
    mainGroup: row.main_group_code,
    isActive: fromFlag(row.is_active),
    replacedBy: row.replaced_by,
  };
}

function rowToMunicipalityGroup(row: MunicipalityGroupsTable): MunicipalityGroup {
  return {
    code: row.code,
    mainGroupCode: row.main_group_code,
    mainGroupName: row.main_group_name,
    name: row.name,
    definition: row.definition,
  };
}

export async function listOrganisationRows(db: Kysely<Database>, filter: OrganisationFilter): Promise<Organisation[]> {
  let query = db
    .selectFrom('organisations')
    .leftJoin('municipality_groups', 'municipality_groups.code', 'organisations.municipality_group')
    .selectAll('organisations')
    .select('municipality_groups.main_group_code');
  if (filter.type) query = query.where('organisations.type', '=', filter.type);
  if (filter.group) query = query.where('organisations.municipality_group', '=', filter.group);
  if (filter.mainGroup) query = query.where('municipality_groups.main_group_code', '=', filter.mainGroup);
  if (filter.county) query = query.where('organisations.county_code', '=', filter.county);
  if (filter.isActiveOnly) query = query.where('organisations.is_active', '=', 1);
  const rows = await query.orderBy('organisations.type').orderBy('organisations.code').execute();
  const organisations = rows.map(rowToOrganisation);
  if (!filter.search) return organisations;
  // Searching 311 rows in memory keeps case- and accent-insensitive matching identical on both dialects.
  const needle = foldForSearch(filter.search);
  return organisations.filter(
    (organisation) => foldForSearch(organisation.name).includes(needle) || organisation.code.startsWith(needle),
  );
}

function foldForSearch(text: string): string {
  return text
    .toLocaleLowerCase('sv')
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '');
}

/** Every page and save of a respondent asks this: compiled once (see prepareQuery). */
const organisationByCodeQuery = prepareQuery((db, { code }: { code: string }) =>
  db
    .selectFrom('organisations')
    .leftJoin('municipality_groups', 'municipality_groups.code', 'organisations.municipality_group')
    .selectAll('organisations')
    .select('municipality_groups.main_group_code')
    .where('organisations.code', '=', code),
);

export async function findOrganisationRowByCode(db: Kysely<Database>, code: string): Promise<Organisation | undefined> {
  const row = await organisationByCodeQuery.executeTakeFirst(db, { code });
  return row ? rowToOrganisation(row) : undefined;
}

export async function listOrganisationRowsByCodes(db: Kysely<Database>, codes: string[]): Promise<Organisation[]> {
  if (codes.length === 0) return [];
  const rows = await db
    .selectFrom('organisations')
    .leftJoin('municipality_groups', 'municipality_groups.code', 'organisations.municipality_group')
    .selectAll('organisations')
    .select('municipality_groups.main_group_code')
    .where('organisations.code', 'in', codes)
    .orderBy('organisations.code')
    .execute();
  return rows.map(rowToOrganisation);
}

export async function listMunicipalityGroupRows(db: Kysely<Database>): Promise<MunicipalityGroup[]> {
  const rows = await db.selectFrom('municipality_groups').selectAll().orderBy('code').execute();
  return rows.map(rowToMunicipalityGroup);
}

export async function upsertMunicipalityGroupRow(db: Kysely<Database>, group: MunicipalityGroup): Promise<void> {
  const values = {
    code: group.code,
    main_group_code: group.mainGroupCode,
    main_group_name: group.mainGroupName,
    name: group.name,
    definition: group.definition,
  };
  await db
    .insertInto('municipality_groups')
    .values(values)
    .onConflict((conflict) => conflict.column('code').doUpdateSet(values))
    .execute();
}

export type OrganisationWrite = Omit<Organisation, 'mainGroup'>;

export async function upsertOrganisationRow(
  db: Kysely<Database>,
  organisation: OrganisationWrite,
  now: Date,
): Promise<void> {
  const values = {
    code: organisation.code,
    name: organisation.name,
    type: organisation.type,
    county_code: organisation.countyCode,
    county_name: organisation.countyName,
    municipality_group: organisation.municipalityGroup,
    is_active: toFlag(organisation.isActive),
    replaced_by: organisation.replacedBy,
    updated_at: now.toISOString(),
  };
  await db
    .insertInto('organisations')
    .values(values)
    .onConflict((conflict) => conflict.column('code').doUpdateSet(values))
    .execute();
}

export async function countOrganisationRows(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('organisations')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}
