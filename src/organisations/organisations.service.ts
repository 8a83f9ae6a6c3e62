import type { Kysely } from 'kysely';
import { AppError } from '../app-error.ts';
import { type Actor, recordAuditEvent } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { parseOrganisationCsv, readShippedMunicipalityGroups, readShippedOrganisations } from './organisation-csv.ts';
import {
  countOrganisationRows,
  findOrganisationRowByCode,
  listMunicipalityGroupRows,
  listOrganisationRows,
  listOrganisationRowsByCodes,
  type MunicipalityGroup,
  type Organisation,
  type OrganisationFilter,
  type OrganisationWrite,
  upsertMunicipalityGroupRow,
  upsertOrganisationRow,
} from './organisations.repository.ts';

export type { OrganisationType } from './organisations.repository.ts';
export type { MunicipalityGroup, Organisation, OrganisationFilter };

/** Lists organisations matching the filter, kommuner before regioner, each by code. */
export async function listOrganisations(db: Kysely<Database>, filter: OrganisationFilter): Promise<Organisation[]> {
  return listOrganisationRows(db, filter);
}

/**
 * Finds one organisation by its code.
 * @throws AppError('not_found') when no organisation has the code.
 */
export async function findOrganisationByCode(db: Kysely<Database>, code: string): Promise<Organisation> {
  const organisation = await findOrganisationRowByCode(db, code);
  if (!organisation) throw new AppError('not_found', `No organisation has the code ${code}.`);
  return organisation;
}

/** Finds the organisations with the given codes; unknown codes are left out. */
export async function findOrganisationsByCodes(db: Kysely<Database>, codes: string[]): Promise<Organisation[]> {
  return listOrganisationRowsByCodes(db, codes);
}

/** Lists SKR's municipality groups with their main groups. */
export async function listMunicipalityGroups(db: Kysely<Database>): Promise<MunicipalityGroup[]> {
  return listMunicipalityGroupRows(db);
}

export type OrganisationChange = {
  kind: 'new' | 'renamed' | 'changed' | 'merged' | 'reactivated';
  code: string;
  name: string;
  /** Field name -> [before, after], for everything but new organisations. */
  fields: Record<string, [string | null, string | null]>;
};

export type SyncReport = { isDryRun: boolean; changes: OrganisationChange[]; unchanged: number };

type SyncSource = { kind: 'shipped' } | { kind: 'csv'; text: string; fileName: string };

function describeChange(before: Organisation | undefined, after: OrganisationWrite): OrganisationChange | null {
  if (!before) return { kind: after.isActive ? 'new' : 'merged', code: after.code, name: after.name, fields: {} };
  const compared: Array<[string, string | null, string | null]> = [
    ['name', before.name, after.name],
    ['type', before.type, after.type],
    ['county', before.countyCode, after.countyCode],
    ['countyName', before.countyName, after.countyName],
    ['municipalityGroup', before.municipalityGroup, after.municipalityGroup],
    ['replacedBy', before.replacedBy, after.replacedBy],
  ];
  const fields: OrganisationChange['fields'] = {};
  for (const [name, old, next] of compared) if (old !== next) fields[name] = [old, next];
  if (Object.keys(fields).length === 0 && before.isActive === after.isActive) return null;
  const kind =
    !after.isActive && before.isActive
      ? 'merged'
      : after.isActive && !before.isActive
        ? 'reactivated'
        : 'name' in fields
          ? 'renamed'
          : 'changed';
  return { kind, code: after.code, name: after.name, fields };
}

/**
 * Brings the registry in line with the shipped reference data or an update CSV of the same shape.
 * Idempotent: a second run reports no changes. Organisations absent from an update file are left as they are.
 * @throws AppError('validation') for an invalid file (every bad row is listed) or a merge into an unknown code.
 */
export async function syncOrganisations(
  db: Kysely<Database>,
  clock: Clock,
  options: { source: SyncSource; isDryRun: boolean; actor: Actor },
): Promise<SyncReport> {
  const shippedGroups = readShippedMunicipalityGroups();
  const existingGroups = await listMunicipalityGroupRows(db);
  const knownGroups = new Set([...shippedGroups, ...existingGroups].map((group) => group.code));
  const desired =
    options.source.kind === 'shipped'
      ? readShippedOrganisations(knownGroups)
      : parseOrganisationCsv(options.source.text, options.source.fileName, knownGroups);

  const existing = new Map(
    (await listOrganisationRows(db, {})).map((organisation) => [organisation.code, organisation]),
  );
  const desiredCodes = new Set(desired.map((organisation) => organisation.code));
  const unknownTargets = desired.filter(
    (organisation) =>
      organisation.replacedBy !== null &&
      !existing.has(organisation.replacedBy) &&
      !desiredCodes.has(organisation.replacedBy),
  );
  if (unknownTargets.length > 0) {
    throw new AppError(
      'validation',
      `Merged into an unknown organisation: ${unknownTargets.map((organisation) => `${organisation.code} -> ${organisation.replacedBy}`).join(', ')}.`,
    );
  }

  const changes = desired.flatMap((organisation) => {
    const change = describeChange(existing.get(organisation.code), organisation);
    return change ? [change] : [];
  });
  const report: SyncReport = { isDryRun: options.isDryRun, changes, unchanged: desired.length - changes.length };
  if (options.isDryRun) return report;

  const changedCodes = new Set(changes.map((change) => change.code));
  await db.transaction().execute(async (trx) => {
    for (const group of shippedGroups) await upsertMunicipalityGroupRow(trx, group);
    // Active organisations first, so that a merge target exists before the foreign key points at it.
    const ordered = desired
      .filter((organisation) => changedCodes.has(organisation.code))
      .sort((a, b) => Number(b.isActive) - Number(a.isActive));
    for (const organisation of ordered) await upsertOrganisationRow(trx, organisation, clock.now());
    if (changes.length > 0) {
      await recordAuditEvent(trx, clock, {
        actor: options.actor,
        action: 'organisations.sync',
        subjectType: 'organisations',
        subjectId: options.source.kind === 'shipped' ? 'reference-data' : options.source.fileName,
        details: { changes: changes.map((change) => ({ kind: change.kind, code: change.code })) },
      });
    }
  });
  return report;
}

/** Loads the shipped registry into an empty database; does nothing when organisations exist already. */
export async function ensureOrganisationRegistry(db: Kysely<Database>, clock: Clock): Promise<SyncReport | null> {
  if ((await countOrganisationRows(db)) > 0) return null;
  return syncOrganisations(db, clock, {
    source: { kind: 'shipped' },
    isDryRun: false,
    actor: { userId: null, label: 'system (first start)' },
  });
}
