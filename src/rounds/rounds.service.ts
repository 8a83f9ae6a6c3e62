import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AppError } from '../app-error.ts';
import { type Actor, recordAuditEvent } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { inTransaction } from '../db/transaction.ts';
import { checkInflatedSize, checkUncompressedSize } from '../imports/import-limits.ts';
import { listRoundMail, type MailDelivery } from '../mail/outbox.service.ts';
import { findOrganisationsByCodes, listOrganisations } from '../organisations/organisations.service.ts';
import { listQuestionnaireVersions, markQuestionnaireVersionsUsed } from '../questionnaires/questionnaires.service.ts';
import {
  type ContactChange,
  type ContactInput,
  type ContactProblem,
  describeContactProblem,
  listContactChanges,
  parseContactRows,
  parseContactsCsv,
  readContactsCsv,
  readContactsWorkbook,
} from './contacts-csv.ts';
import { listFurtherContactRows, replaceFurtherContactRows } from './further-contacts.repository.ts';
import { checkRoundInput, problemsToFieldErrors, type RoundInput } from './round-input.ts';
import { checkRoundDisplayName, isValidRoundLabel } from './round-label.ts';
import {
  countRoundOrganisationRows,
  findRoundOrganisationRow,
  findRoundRowById,
  findRoundRowByLabel,
  findRoundRowWithInvitation,
  insertRoundRow,
  listRoundOrganisationRows,
  listRoundRows,
  type Round,
  type RoundOrganisation,
  type RoundStatus,
  transitionRoundRow,
  updateRoundDisplayNameRow,
  updateRoundOrganisationRow,
  updateRoundPublicationRow,
  upsertRoundOrganisationRows,
} from './rounds.repository.ts';

export type { ContactProblem, MailDelivery, Round, RoundOrganisation, RoundStatus };

/** Lists every round, newest label first. */
export async function listRounds(db: Kysely<Database>): Promise<Round[]> {
  return listRoundRows(db);
}

/** Lists every round with the number of organisations it invites, for the coordinators' overview. */
export async function listRoundSummaries(db: Kysely<Database>): Promise<Array<Round & { organisations: number }>> {
  const [rounds, counts] = await Promise.all([listRoundRows(db), countRoundOrganisationRows(db)]);
  return rounds.map((round) => ({ ...round, organisations: counts.get(round.id) ?? 0 }));
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

/**
 * Finds a round and one organisation's invitation to it (undefined when it is not invited), in one query.
 * @throws AppError('not_found') for an unknown round.
 */
export async function findRoundWithInvitation(
  db: Kysely<Database>,
  id: string,
  organisationCode: string,
): Promise<{ round: Round; invitation: RoundOrganisation | undefined }> {
  const found = await findRoundRowWithInvitation(db, id, organisationCode);
  if (!found) throw new AppError('not_found', `No round has the id ${id}.`);
  return found;
}

/** Finds a round by its label (such as "2023"), or undefined. */
export async function findRoundByLabel(db: Kysely<Database>, label: string): Promise<Round | undefined> {
  return findRoundRowByLabel(db, label);
}

/**
 * Returns whether a round's answers are frozen: it is published and no correction is under way. Its published
 * figures are a release computed from exactly these answers, so imports, reopenings and answer changes wait for an
 * administrator to start a correction, which ends in a new release.
 */
export function isRoundFrozen(round: Pick<Round, 'publishedAt' | 'correctionStartedAt'>): boolean {
  return round.publishedAt !== null && round.correctionStartedAt === null;
}

/**
 * Refuses a change to a published round's answers.
 * @throws AppError('conflict', 'rounds.frozen') when the round is published and no correction is under way.
 */
export function assertRoundNotFrozen(round: Pick<Round, 'label' | 'publishedAt' | 'correctionStartedAt'>): void {
  if (isRoundFrozen(round)) throw new AppError('conflict', 'rounds.frozen');
}

/** Sets a round's publication state; the releases module calls this inside its own transaction. */
export async function setRoundPublication(
  db: Kysely<Database>,
  roundId: string,
  publication: Pick<Round, 'publishedAt' | 'embargoUntil' | 'correctionStartedAt' | 'updatedAt'>,
): Promise<void> {
  await updateRoundPublicationRow(db, roundId, publication);
}

/** Finds one invited organisation of a round with its contact, or undefined when it is not invited. */
export async function findRoundOrganisation(
  db: Kysely<Database>,
  roundId: string,
  organisationCode: string,
): Promise<RoundOrganisation | undefined> {
  return findRoundOrganisationRow(db, roundId, organisationCode);
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
  // The import checks every row's label first; this keeps any other caller from storing one that routes refuse.
  if (!isValidRoundLabel(input.label)) throw new AppError('validation', `"${input.label}" is not a round label.`);
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
    correctionStartedAt: null,
    displayName: null,
    createdAt: now,
    updatedAt: now,
  };
  await insertRoundRow(db, round);
  await markQuestionnaireVersionsUsed(db, clock, versionIdsOf(round));
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
export async function addRoundOrganisations(
  db: Kysely<Database>,
  roundId: string,
  organisationCodes: string[],
): Promise<void> {
  const existing = new Set((await listRoundOrganisationRows(db, roundId)).map((row) => row.organisationCode));
  await upsertRoundOrganisationRows(
    db,
    roundId,
    organisationCodes
      .filter((code) => !existing.has(code))
      .map((organisationCode) => ({ organisationCode, contactName: null, contactEmail: null })),
  );
}

/** The questionnaire versions a round asks; from its creation on they can no longer be replaced. */
function versionIdsOf(round: Round): string[] {
  return [round.versions.kommun, round.versions.region].filter((id): id is string => id !== null);
}

/**
 * Creates a draft fieldwork round with its invited organisations.
 * @throws AppError('validation') naming every problem of the input (fields carry "reason" or "reason: value").
 */
export async function createRound(db: Kysely<Database>, clock: Clock, input: RoundInput, actor: Actor): Promise<Round> {
  const organisations = await listOrganisations(db, { isActiveOnly: true });
  const checked = checkRoundInput(input, {
    // Only a well-formed label is looked up: anything else is refused by the check (and PostgreSQL refuses a NUL).
    isLabelTaken:
      isValidRoundLabel(input.label.trim()) && (await findRoundRowByLabel(db, input.label.trim())) !== undefined,
    versions: await listQuestionnaireVersions(db),
    organisations: new Map(organisations.map((organisation) => [organisation.code, organisation.type])),
    now: clock.now(),
  });
  if (!checked.round) {
    throw new AppError('validation', 'The round could not be created.', problemsToFieldErrors(checked.problems));
  }
  const now = clock.now().toISOString();
  const round: Round = {
    id: randomUUID(),
    label: checked.round.label,
    status: 'draft',
    source: 'fieldwork',
    versions: checked.round.versions,
    opensAt: checked.round.opensAt,
    closesAt: checked.round.closesAt,
    reminderDays: checked.round.reminderDays,
    publishedAt: null,
    embargoUntil: null,
    correctionStartedAt: null,
    displayName: checked.round.displayName,
    createdAt: now,
    updatedAt: now,
  };
  await db.transaction().execute(async (trx) => {
    try {
      await insertRoundRow(trx, round);
    } catch (error) {
      // Another request took the label between the check above and this insert (PostgreSQL runs them side by side).
      if (!isUniqueViolation(error)) throw error;
      throw new AppError(
        'validation',
        'The round could not be created.',
        problemsToFieldErrors([{ field: 'label', reason: 'taken' }]),
      );
    }
    await markQuestionnaireVersionsUsed(trx, clock, versionIdsOf(round));
    await upsertRoundOrganisationRows(
      trx,
      round.id,
      checked.round.organisationCodes.map((organisationCode) => ({
        organisationCode,
        contactName: null,
        contactEmail: null,
      })),
    );
    await recordAuditEvent(trx, clock, {
      actor,
      action: 'round.created',
      subjectType: 'round',
      subjectId: round.id,
      details: {
        label: round.label,
        displayName: round.displayName,
        versions: round.versions,
        organisations: checked.round.organisationCodes.length,
      },
    });
  });
  return round;
}

/**
 * Sets (or with "" removes) a round's display name, in any status: it is only what pages call the round; the label
 * stays its identifier. Audited.
 * @throws AppError('validation') for a name too long or with control characters, AppError('not_found').
 */
export async function renameRound(
  db: Kysely<Database>,
  clock: Clock,
  input: { roundId: string; displayName: string; actor: Actor },
): Promise<Round> {
  const { displayName, problem } = checkRoundDisplayName(input.displayName);
  if (problem) {
    throw new AppError(
      'validation',
      'The display name could not be saved.',
      problemsToFieldErrors([{ field: 'displayName', reason: problem }]),
    );
  }
  return db.transaction().execute(async (trx) => {
    const round = await findRoundById(trx, input.roundId);
    const renamed = { ...round, displayName, updatedAt: clock.now().toISOString() };
    await updateRoundDisplayNameRow(trx, round.id, displayName, renamed.updatedAt);
    await recordAuditEvent(trx, clock, {
      actor: input.actor,
      action: 'round.renamed',
      subjectType: 'round',
      subjectId: round.id,
      details: { label: round.label, displayName, previous: round.displayName },
    });
    return renamed;
  });
}

export type RoundOrganisationDetails = RoundOrganisation & { name: string; type: 'kommun' | 'region' };

/**
 * Finds a round with its invited organisations (named) and its mail (without content), for the round page.
 * @throws AppError('not_found') when there is no such round.
 */
export async function findRoundDetails(
  db: Kysely<Database>,
  roundId: string,
): Promise<{ round: Round; organisations: RoundOrganisationDetails[]; mail: MailDelivery[] }> {
  const round = await findRoundById(db, roundId);
  const invited = await listRoundOrganisationRows(db, roundId);
  const registry = new Map(
    (
      await findOrganisationsByCodes(
        db,
        invited.map((row) => row.organisationCode),
      )
    ).map((o) => [o.code, o]),
  );
  const organisations = invited.map((row) => ({
    ...row,
    name: registry.get(row.organisationCode)?.name ?? row.organisationCode,
    type: registry.get(row.organisationCode)?.type ?? 'kommun',
  }));
  // Kommuner before regioner, each by code, as the registry lists them.
  organisations.sort((a, b) => a.type.localeCompare(b.type) || a.organisationCode.localeCompare(b.organisationCode));
  return { round, organisations, mail: await listRoundMail(db, roundId) };
}

/**
 * Sets one invited organisation's contact person (and the language of their mail, when given). Runs in the
 * caller's transaction when given one.
 * @throws AppError('not_found') when the organisation is not invited to the round, AppError('validation') for an
 * empty name or an invalid address.
 */
export async function updateContact(
  db: Kysely<Database>,
  clock: Clock,
  input: {
    roundId: string;
    organisationCode: string;
    name: string;
    email: string;
    language?: string;
    actor: Actor;
  },
): Promise<void> {
  const existing = await findRoundOrganisationRow(db, input.roundId, input.organisationCode);
  if (!existing) throw new AppError('not_found', `${input.organisationCode} is not invited to this round.`);
  const problems = parseContactsCsv(
    `organisation,name,email\n${[input.organisationCode, input.name, input.email].map(quoteCsv).join(',')}\n`,
    new Set([input.organisationCode]),
  ).problems;
  const name = input.name.trim();
  // A form or API call that says nothing about the language keeps the contact's.
  const language = input.language === undefined || input.language === '' ? existing.contactLanguage : input.language;
  const errors = [
    ...(name === '' ? [{ field: 'name', message: 'required' }] : []),
    ...(language === 'sv' || language === 'en' ? [] : [{ field: 'language', message: 'required' }]),
    ...(problems.some((problem) => problem.reason === 'invalid_email') || input.email.trim() === ''
      ? [{ field: 'email', message: 'invalid_email' }]
      : []),
  ];
  if (errors.length > 0 || (language !== 'sv' && language !== 'en')) {
    throw new AppError('validation', 'The contact could not be saved.', errors);
  }
  const email = input.email.trim().toLowerCase();
  await inTransaction(db, async (trx) => {
    await updateRoundOrganisationRow(trx, input.roundId, input.organisationCode, {
      contactName: name,
      contactEmail: email,
      contactLanguage: language,
      ...(email !== existing.contactEmail ? { invitedAt: null } : {}),
    });
    await recordAuditEvent(trx, clock, {
      actor: input.actor,
      action: 'round.contact_changed',
      subjectType: 'round',
      subjectId: input.roundId,
      details: { organisationCode: input.organisationCode, email },
    });
  });
}

function quoteCsv(value: string): string {
  return `"${value.replaceAll('"', '""')}"`;
}

/**
 * Sets contact persons from a contacts file, CSV text or an XLSX workbook (see contacts-csv.ts for what it may
 * hold), all or nothing; with `isDryRun` nothing is written and the changes are only listed, for the preview.
 * @throws AppError('validation') with one field per bad line ("line 3": "not_invited: 9999") when any line is bad.
 */
export async function importContacts(
  db: Kysely<Database>,
  clock: Clock,
  input: {
    roundId: string;
    csv?: string;
    /** An XLSX file, with the most its entries may unpack to (IMPORT_MAX_XLSX_MB). */
    workbook?: { content: Buffer; maxUncompressedBytes: number };
    isDryRun?: boolean;
    actor: Actor;
  },
): Promise<{ imported: number; changes: ContactChange[] }> {
  const round = await findRoundById(db, input.roundId);
  const invited = await listRoundOrganisationRows(db, round.id);
  const registry = await findOrganisationsByCodes(
    db,
    invited.map((row) => row.organisationCode),
  );
  const codes = new Set(invited.map((row) => row.organisationCode));
  const names = new Map(registry.map((organisation) => [organisation.name.toLowerCase(), organisation.code]));
  let parsed: { contacts: ContactInput[]; problems: ContactProblem[] };
  if (input.workbook) {
    // A workbook is a ZIP: what its directory declares and what it really unpacks to are checked before exceljs
    // reads it, as for the responses import, so a small "zip bomb" costs a bounded amount of memory and time.
    const limits = {
      maxFileBytes: Number.MAX_SAFE_INTEGER,
      maxRows: Number.MAX_SAFE_INTEGER,
      maxUncompressedBytes: input.workbook.maxUncompressedBytes,
    };
    // A file that is not a ZIP at all is left to readContactsWorkbook, which says so in the reader's words.
    const isZip = input.workbook.content.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
    const tooLarge = isZip
      ? (checkUncompressedSize(input.workbook.content, limits) ??
        (await checkInflatedSize(input.workbook.content, limits)))
      : null;
    if (tooLarge)
      throw new AppError('validation', 'Nothing was imported: the workbook is too large.', [
        { field: 'line 1', message: tooLarge.reason },
      ]);
    const read = await readContactsWorkbook(input.workbook.content);
    parsed = 'problem' in read ? { contacts: [], problems: [read.problem] } : parseContactRows(read.rows, codes, names);
  } else {
    parsed = await readContactsCsv(input.csv ?? '', codes, names);
  }
  const { contacts, problems } = parsed;
  if (problems.length > 0 || contacts.length === 0) {
    const fields = (problems.length > 0 ? problems : [{ line: 1, reason: 'empty' as const, value: '' }]).map(
      (problem) => ({
        field: `line ${problem.line}`,
        message: describeContactProblem(problem),
      }),
    );
    throw new AppError('validation', 'Nothing was imported: the file has errors.', fields);
  }
  const further = await listFurtherContactRows(db, round.id);
  const changes = listContactChanges([...invited, ...further], registry, contacts);
  if (input.isDryRun) return { imported: 0, changes };
  // When each address of an organisation was invited, so that an address the file keeps is not invited again.
  const invitedAt = new Map<string, string | null>();
  for (const row of [...invited, ...further]) {
    if (row.contactEmail) invitedAt.set(`${row.organisationCode} ${row.contactEmail.toLowerCase()}`, row.invitedAt);
  }
  const invitedAtOf = (code: string, email: string) => invitedAt.get(`${code} ${email.toLowerCase()}`) ?? null;
  const firstContacts = new Map(invited.map((row) => [row.organisationCode, row.contactEmail]));
  await db.transaction().execute(async (trx) => {
    for (const change of changes) {
      const [first, ...rest] = change.after;
      if (!first) continue;
      const code = change.organisationCode;
      await updateRoundOrganisationRow(trx, round.id, code, {
        contactName: first.name,
        contactEmail: first.email,
        contactLanguage: first.language,
        ...(firstContacts.get(code) !== first.email ? { invitedAt: invitedAtOf(code, first.email) } : {}),
      });
      await replaceFurtherContactRows(
        trx,
        round.id,
        code,
        rest.map((contact) => ({
          contactName: contact.name,
          contactEmail: contact.email,
          contactLanguage: contact.language,
          invitedAt: invitedAtOf(code, contact.email),
        })),
      );
    }
    await recordAuditEvent(trx, clock, {
      actor: input.actor,
      action: 'round.contacts_imported',
      subjectType: 'round',
      subjectId: round.id,
      details: {
        contacts: contacts.length,
        organisations: changes.length,
        changed: changes.filter((change) => change.kind !== 'unchanged').length,
        source: input.workbook ? 'xlsx' : 'csv',
      },
    });
  });
  return { imported: contacts.length, changes };
}

/**
 * Closes an open round: no more answers, no more reminders.
 * @throws AppError('conflict') when the round is not open.
 */
export async function closeRound(
  db: Kysely<Database>,
  clock: Clock,
  input: { roundId: string; actor: Actor },
): Promise<Round> {
  const round = await findRoundById(db, input.roundId);
  await db.transaction().execute(async (trx) => {
    const now = clock.now().toISOString();
    if (!(await transitionRoundRow(trx, round.id, { from: 'open', to: 'closed', at: now }))) {
      throw new AppError('conflict', 'Only an open round can be closed.');
    }
    await recordAuditEvent(trx, clock, {
      actor: input.actor,
      action: 'round.closed',
      subjectType: 'round',
      subjectId: round.id,
      details: { label: round.label },
    });
  });
  return findRoundById(db, round.id);
}

/**
 * Reopens a closed round for one organisation until the given time (or ends that with `until` null).
 * @throws AppError('conflict') when the round is not closed, AppError('validation') for a time not in the future,
 * AppError('not_found') when the organisation is not invited.
 */
export async function reopenRoundForOrganisation(
  db: Kysely<Database>,
  clock: Clock,
  input: { roundId: string; organisationCode: string; until: string | null; actor: Actor },
): Promise<void> {
  const round = await findRoundById(db, input.roundId);
  if (round.status !== 'closed') throw new AppError('conflict', 'Only a closed round can be reopened.');
  if (input.until !== null) assertRoundNotFrozen(round);
  if (!(await findRoundOrganisationRow(db, round.id, input.organisationCode))) {
    throw new AppError('not_found', `${input.organisationCode} is not invited to this round.`);
  }
  if (input.until !== null && input.until <= clock.now().toISOString()) {
    throw new AppError('validation', 'Choose a time in the future.', [{ field: 'until', message: 'in_past' }]);
  }
  await db.transaction().execute(async (trx) => {
    await updateRoundOrganisationRow(trx, round.id, input.organisationCode, { reopenedUntil: input.until });
    await recordAuditEvent(trx, clock, {
      actor: input.actor,
      action: input.until === null ? 'round.reopening_ended' : 'round.reopened',
      subjectType: 'round',
      subjectId: round.id,
      details: { organisationCode: input.organisationCode, until: input.until },
    });
  });
}

/** A unique constraint refused the write: PostgreSQL's 23505, SQLite's SQLITE_CONSTRAINT_UNIQUE. */
function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof Error) || !('code' in error)) return false;
  return error.code === '23505' || error.code === 'SQLITE_CONSTRAINT_UNIQUE';
}
