import type { Kysely } from 'kysely';
import { AppError } from '../app-error.ts';
import { type Actor, recordAuditEvent } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { listOrganisations, type Organisation } from '../organisations/organisations.service.ts';
import { validateAnswers } from '../questionnaires/answer-validation.ts';
import { isQuestionTargeted, listQuestions } from '../questionnaires/conditions.ts';
import type { AnswerValue, OrganisationType, QuestionnaireVersion } from '../questionnaires/questionnaire.schema.ts';
import { listQuestionnaireVersions } from '../questionnaires/questionnaires.service.ts';
import { saveImportedResponse } from '../responses/responses.service.ts';
import { isValidRoundLabel } from '../rounds/round-label.ts';
import {
  addRoundOrganisations,
  assertRoundNotFrozen,
  createImportedRound,
  findRoundByLabel,
  type Round,
} from '../rounds/rounds.service.ts';
import type { ImportProblem, ImportRow } from './import-file.ts';
import { parseImportedValue } from './import-values.ts';

/** What an import did (or, in a dry run, would do). */
export interface ImportReport {
  isDryRun: boolean;
  rows: number;
  /** Labels of the rounds the import created. */
  createdRounds: string[];
  /** Organisations' responses in the file, and how many of them were new or changed. */
  responses: number;
  changed: number;
}

/** One organisation's validated answers to one round, ready to be written. */
interface PlannedResponse {
  label: string;
  organisationCode: string;
  versionId: string;
  answers: Map<string, AnswerValue>;
}

/** A round the import writes to: an existing imported round, or one to create. */
interface PlannedRound {
  label: string;
  existing: Round | undefined;
  versions: Round['versions'];
}

const typeNames: Readonly<Record<OrganisationType, string>> = { kommun: 'kommuner', region: 'regioner' };

/**
 * Returns the shipped version for a new imported round of this label and type: the version of the label's year
 * when it asks this type (skr-2019 for "2019"), otherwise the newest version that does (skr-2023).
 */
export function chooseImportVersion(
  label: string,
  type: OrganisationType,
  versions: readonly QuestionnaireVersion[],
): QuestionnaireVersion | undefined {
  const asking = versions.filter((version) => version.targets.includes(type));
  const year = Number(/^\d{4}/u.exec(label)?.[0]);
  return asking.find((version) => version.year === year) ?? asking.at(-1);
}

/**
 * Imports answers from an earlier tool: validates every row first and, only when all are valid, writes them in
 * one transaction, creating missing rounds as closed imported rounds with every active organisation of the types
 * present as population. Idempotent: importing the same rows again changes nothing. A dry run rolls back.
 * @throws AppError('validation') listing every invalid row (row number and reason); nothing is written then.
 */
export async function importResponses(
  db: Kysely<Database>,
  clock: Clock,
  input: { rows: readonly ImportRow[]; isDryRun: boolean; actor: Actor; source: string },
): Promise<ImportReport> {
  const { rounds, responses, problems } = await planImport(db, input.rows);
  if (problems.length > 0) throwProblems(problems);
  for (const planned of rounds.values()) if (planned.existing) assertRoundNotFrozen(planned.existing);
  const organisations = await listOrganisations(db, { isActiveOnly: true });
  const report: ImportReport = {
    isDryRun: input.isDryRun,
    rows: input.rows.length,
    createdRounds: [],
    responses: responses.length,
    changed: 0,
  };
  const rollback = new Error('dry run');
  try {
    await db.transaction().execute(async (trx) => {
      const roundIds = new Map<string, string>();
      for (const planned of rounds.values()) {
        const codes = responses.filter((response) => response.label === planned.label).map((r) => r.organisationCode);
        if (planned.existing) {
          roundIds.set(planned.label, planned.existing.id);
          await addRoundOrganisations(trx, planned.existing.id, codes);
          continue;
        }
        const types = new Set(
          Object.entries(planned.versions)
            .filter(([, id]) => id !== null)
            .map(([type]) => type),
        );
        const population = organisations.filter((organisation) => types.has(organisation.type)).map((o) => o.code);
        const round = await createImportedRound(trx, clock, {
          label: planned.label,
          versions: planned.versions,
          organisationCodes: [...new Set([...population, ...codes])].sort(),
          actor: input.actor,
        });
        roundIds.set(planned.label, round.id);
        report.createdRounds.push(planned.label);
      }
      for (const response of responses) {
        const roundId = roundIds.get(response.label);
        if (roundId === undefined) throw new Error(`round ${response.label} was not planned`);
        const isChanged = await saveImportedResponse(trx, clock, { ...response, roundId, actor: input.actor });
        if (isChanged) report.changed += 1;
      }
      if (report.changed > 0 || report.createdRounds.length > 0) {
        await recordAuditEvent(trx, clock, {
          actor: input.actor,
          action: 'responses.imported',
          subjectType: 'import',
          subjectId: input.source,
          details: { rows: report.rows, changed: report.changed, createdRounds: report.createdRounds },
        });
      }
      if (input.isDryRun) throw rollback;
    });
  } catch (error) {
    if (error !== rollback) throw error;
  }
  return report;
}

/** Validates every row and groups the answers per round and organisation; collects every problem. */
async function planImport(
  db: Kysely<Database>,
  rows: readonly ImportRow[],
): Promise<{ rounds: Map<string, PlannedRound>; responses: PlannedResponse[]; problems: ImportProblem[] }> {
  const problems: ImportProblem[] = [];
  const versions = await listQuestionnaireVersions(db);
  const organisations = new Map(
    (await listOrganisations(db, {})).map((organisation) => [organisation.code, organisation]),
  );
  const rounds = new Map<string, PlannedRound>();
  for (const label of new Set(rows.map((row) => row.round))) {
    if (!isValidRoundLabel(label)) continue;
    const existing = await findRoundByLabel(db, label);
    if (existing !== undefined) {
      rounds.set(label, { label, existing, versions: existing.versions });
      continue;
    }
    const types = new Set(rows.filter((row) => row.round === label).map((row) => organisations.get(row.org)?.type));
    const versionFor = (type: OrganisationType) =>
      types.has(type) ? (chooseImportVersion(label, type, versions)?.id ?? null) : null;
    rounds.set(label, { label, existing, versions: { kommun: versionFor('kommun'), region: versionFor('region') } });
  }

  const seen = new Map<string, number>();
  const byResponse = new Map<
    string,
    { response: PlannedResponse; rowsByKey: Map<string, number>; type: OrganisationType }
  >();
  for (const row of rows) {
    const fail = (reason: string) => problems.push({ row: row.row, reason });
    const round = rounds.get(row.round);
    const organisation: Organisation | undefined = organisations.get(row.org);
    if (!isValidRoundLabel(row.round)) {
      fail(`"${row.round}" is not a round label (letters, digits, ".", "_", "-", no "..", at most 40)`);
      continue;
    }
    if (organisation === undefined) {
      fail(`unknown organisation "${row.org}" (a 4-digit kommunkod or 2-digit länskod)`);
      continue;
    }
    if (round === undefined) continue;
    if (round.existing !== undefined && round.existing.source !== 'import') {
      fail(`round ${row.round} was run in Lägesbild; answers cannot be imported into it`);
      continue;
    }
    const versionId = round.versions[organisation.type];
    const version = versions.find((candidate) => candidate.id === versionId);
    if (version === undefined) {
      fail(`round ${row.round} has no questionnaire for ${typeNames[organisation.type]}`);
      continue;
    }
    const question = listQuestions(version).find((candidate) => candidate.key === row.question);
    if (question === undefined || !isQuestionTargeted(version, question, organisation.type)) {
      fail(`unknown question "${row.question}" for ${typeNames[organisation.type]} in ${version.id}`);
      continue;
    }
    const identity = `${row.round}\u0000${row.org}\u0000${row.question}`;
    const firstRow = seen.get(identity);
    if (firstRow !== undefined) {
      fail(`duplicate answer of ${row.org} to ${row.question} in round ${row.round} (first on row ${firstRow})`);
      continue;
    }
    seen.set(identity, row.row);
    const parsed = parseImportedValue(question, row.value);
    if (!parsed.ok) {
      fail(parsed.reason);
      continue;
    }
    const responseKey = `${row.round}\u0000${row.org}`;
    let entry = byResponse.get(responseKey);
    if (entry === undefined) {
      const response = { label: row.round, organisationCode: row.org, versionId: version.id, answers: new Map() };
      entry = { response, rowsByKey: new Map(), type: organisation.type };
      byResponse.set(responseKey, entry);
    }
    entry.response.answers.set(row.question, parsed.value);
    entry.rowsByKey.set(row.question, row.row);
  }

  // Conditions: an answer to a question the organisation's other answers hide is inconsistent data.
  for (const { response, rowsByKey, type } of byResponse.values()) {
    const version = versions.find((candidate) => candidate.id === response.versionId);
    if (version === undefined) continue;
    const checked = validateAnswers(version, type, Object.fromEntries(response.answers), { mode: 'draft' });
    for (const key of checked.discarded) {
      problems.push({ row: rowsByKey.get(key) ?? 0, reason: `${key} is answered although its condition hides it` });
    }
    for (const error of checked.errors) problems.push({ row: rowsByKey.get(error.key) ?? 0, reason: error.message.en });
    response.answers = new Map(Object.entries(checked.answers));
  }
  problems.sort((a, b) => a.row - b.row);
  return { rounds, responses: [...byResponse.values()].map((entry) => entry.response), problems };
}

function throwProblems(problems: readonly ImportProblem[]): never {
  const count = new Set(problems.map((problem) => problem.row)).size;
  throw new AppError(
    'validation',
    `The file was rejected: ${count} ${count === 1 ? 'row is' : 'rows are'} invalid. Nothing was imported.`,
    problems.map((problem) => ({ field: `row ${problem.row}`, message: problem.reason })),
  );
}

/** Rejects an unreadable file the same way as invalid rows. */
export function rejectImportFile(problems: readonly ImportProblem[]): never {
  throwProblems(problems);
}
