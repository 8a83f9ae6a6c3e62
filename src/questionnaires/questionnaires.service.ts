import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import { stringify as stringifyYaml } from 'yaml';
import { AppError } from '../app-error.ts';
import { type Actor, recordAuditEvent } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { inTransaction } from '../db/transaction.ts';
import type { ProblemText } from './problem-text.ts';
import type { QuestionnaireVersion } from './questionnaire.schema.ts';
import {
  checkQuestionnaireValue,
  formatFileError,
  listShippedQuestionnaireFiles,
  listShippedQuestionnaireIds,
  parseQuestionnaire,
} from './questionnaire-file.ts';
import {
  formatWorkbookError,
  parseQuestionnaireWorkbook,
  writeQuestionnaireWorkbook,
} from './questionnaire-workbook.ts';
import {
  findSourceYaml,
  findVersionHead,
  findVersionOrigin,
  hashDefinition,
  insertVersionIfMissing,
  listDefinitions,
  listVersionHeads,
  markVersionsUsed,
  replaceUnusedVersion,
  type StoredVersionHead,
} from './questionnaires.repository.ts';

/** A version with what the coordinator's pages say about it. */
export type QuestionnaireVersionInfo = {
  version: QuestionnaireVersion;
  origin: 'shipped' | 'uploaded';
  createdAt: string;
  /** When a round first used it; from then on it cannot be replaced. */
  usedSince: string | null;
};

// Parsed definitions by their SHA-256, shared by every database handle and transaction of the process: a version
// is parsed and checked once, while each listing still reads the current rows (one small query), so an upload on
// another instance, or a round starting to use a version, is seen at once.
const parsedDefinitions = new Map<string, QuestionnaireVersion>();

function readStoredDefinition(id: string, definition: string): QuestionnaireVersion {
  const checked = checkQuestionnaireValue(JSON.parse(definition));
  // Every stored version was checked when written; a failure here means the table was edited by hand.
  if (!checked.ok)
    throw new Error(`The stored questionnaire version ${id} is invalid: ${checked.problems[0]?.message}`);
  return checked.version;
}

/** Lists every questionnaire version with its origin and use, oldest first. */
export async function listQuestionnaireVersionInfos(
  db: Kysely<Database>,
): Promise<readonly QuestionnaireVersionInfo[]> {
  return readVersionInfos(db, await listVersionHeads(db));
}

/** The versions of the given heads, each definition read and parsed only when this process has not parsed it yet. */
async function readVersionInfos(
  db: Kysely<Database>,
  heads: readonly StoredVersionHead[],
): Promise<QuestionnaireVersionInfo[]> {
  const missing = heads.filter((head) => !parsedDefinitions.has(head.definitionSha256));
  const definitions = await listDefinitions(
    db,
    missing.map((head) => head.id),
  );
  for (const head of missing) {
    const definition = definitions.get(head.id);
    // A version replaced between the two reads is read again on the next call.
    if (definition !== undefined && hashDefinition(definition) === head.definitionSha256) {
      parsedDefinitions.set(head.definitionSha256, readStoredDefinition(head.id, definition));
    }
  }
  return heads.flatMap((head) => {
    const version = parsedDefinitions.get(head.definitionSha256);
    return version ? [{ version, origin: head.origin, createdAt: head.createdAt, usedSince: head.usedSince }] : [];
  });
}

/** Lists the questionnaire versions of the database (seeded and uploaded), oldest first. */
export async function listQuestionnaireVersions(db: Kysely<Database>): Promise<readonly QuestionnaireVersion[]> {
  return (await listQuestionnaireVersionInfos(db)).map((info) => info.version);
}

/**
 * Finds a questionnaire version by id.
 * @throws AppError('not_found') for an unknown id.
 */
export async function findQuestionnaireVersion(db: Kysely<Database>, id: string): Promise<QuestionnaireVersion> {
  return (await findQuestionnaireVersionInfo(db, id)).version;
}

/**
 * Finds a questionnaire version with its origin and use.
 * @throws AppError('not_found') for an unknown id.
 */
export async function findQuestionnaireVersionInfo(
  db: Kysely<Database>,
  id: string,
): Promise<QuestionnaireVersionInfo> {
  // One row's head (every page and save of a respondent asks), not the list of every version.
  const head = await findVersionHead(db, id);
  const [info] = head ? await readVersionInfos(db, [head]) : [];
  if (!info) throw new AppError('not_found', `No questionnaire version has the id ${id}.`);
  return info;
}

/**
 * Inserts the versions shipped in data/questionnaires that the database lacks; run after migrating (start-up,
 * `lagesbild migrate`, every command, the tests' template). A shipped version already stored is left as it is, and
 * when every shipped version is stored no file is read (shipped-questionnaires.test.ts checks the files themselves).
 * @throws when a shipped file is invalid (a defect of the product) while some version is missing.
 */
export async function seedShippedQuestionnaires(db: Kysely<Database>, clock: Clock): Promise<string[]> {
  const seeded: string[] = [];
  // Every start after the first finds them all stored: then no file is parsed (that was a third of the start-up).
  const stored = new Set((await listVersionHeads(db)).map((head) => head.id));
  if (listShippedQuestionnaireIds().every((id) => stored.has(id))) return seeded;
  for (const { version, text } of listShippedQuestionnaireFiles()) {
    const isInserted = await insertVersionIfMissing(db, {
      id: version.id,
      year: version.year,
      definition: JSON.stringify(version),
      sourceYaml: text,
      origin: 'shipped',
      createdAt: clock.now().toISOString(),
      createdBy: null,
    });
    if (isInserted) seeded.push(version.id);
  }
  return seeded;
}

/** Records that rounds use these versions, so that they can no longer be replaced. */
export async function markQuestionnaireVersionsUsed(
  db: Kysely<Database>,
  clock: Clock,
  ids: readonly string[],
): Promise<void> {
  await markVersionsUsed(db, ids, clock.now().toISOString());
}

export type UploadedFile = { fileName: string; content: Buffer };

export type ImportOutcome = { version: QuestionnaireVersion; isReplacement: boolean };

/** True for the bytes of a ZIP container (XLSX), whatever the file is called. */
/** Whether uploaded bytes are a workbook (a ZIP archive) rather than YAML text. */
export function isWorkbookFile(content: Buffer): boolean {
  return content.length > 4 && content.readUInt32LE(0) === 0x04034b50;
}

/** Where a problem of an uploaded file is: a line and column of YAML, a sheet (and cell) of a workbook, or none. */
export type UploadProblemPlace =
  | { kind: 'line'; line: number; column: number }
  | { kind: 'cell'; sheet: string; cell: string }
  | { kind: 'sheet'; sheet: string }
  | { kind: 'file' };

export type UploadProblem = { place: UploadProblemPlace; path: string; text: ProblemText };

/** A rejected upload: every problem with its place, for the page to word in the reader's language. */
export class QuestionnaireRejectedError extends AppError {
  constructor(
    readonly problems: readonly UploadProblem[],
    fields: { field: string; message: string }[],
  ) {
    super('validation', 'questionnaires.upload.invalid', fields);
  }
}

function placeOfCell(cell: string): UploadProblemPlace {
  if (cell === '') return { kind: 'file' };
  const [sheet = '', address] = cell.split('!');
  return address === undefined ? { kind: 'sheet', sheet } : { kind: 'cell', sheet, cell: address };
}

/**
 * Reads an uploaded YAML file or XLSX workbook, checks it with the one schema against the versions stored, and
 * stores it: a new id is added, the id of an uploaded version no round uses yet replaces it. Audited.
 * @throws QuestionnaireRejectedError (AppError 'validation') with every problem by line (YAML) or cell (XLSX);
 *   AppError('conflict') for the id of a shipped version or of a version a round uses.
 */
export async function importQuestionnaireVersion(
  db: Kysely<Database>,
  clock: Clock,
  input: UploadedFile & { actor: Actor },
): Promise<ImportOutcome> {
  const existing = await listQuestionnaireVersions(db);
  const findVersion = (id: string) => existing.find((version) => version.id === id);
  const isWorkbook = isWorkbookFile(input.content);
  let version: QuestionnaireVersion;
  let sourceYaml: string;
  if (isWorkbook) {
    const result = await parseQuestionnaireWorkbook(input.content, { findVersion });
    if (!result.ok) {
      throw new QuestionnaireRejectedError(
        result.errors.map((error) => ({ place: placeOfCell(error.cell), path: error.path, text: error.text })),
        result.errors.map((error) => ({ field: error.cell, message: formatWorkbookError(error) })),
      );
    }
    version = result.version;
    sourceYaml = writeQuestionnaireYaml(version);
  } else {
    const text = input.content.toString('utf8');
    const result = parseQuestionnaire(text, input.fileName, { findVersion });
    if (!result.ok) {
      throw new QuestionnaireRejectedError(
        result.errors.map((error) => ({
          place: { kind: 'line', line: error.line, column: error.column },
          path: error.path,
          text: error.text,
        })),
        result.errors.map((error) => ({ field: `${error.line}:${error.column}`, message: formatFileError(error) })),
      );
    }
    version = result.version;
    sourceYaml = text;
  }
  return inTransaction(db, async (trx) => {
    const stored = {
      id: version.id,
      year: version.year,
      definition: JSON.stringify(version),
      sourceYaml,
      origin: 'uploaded' as const,
      createdAt: clock.now().toISOString(),
      createdBy: input.actor.userId,
    };
    let isReplacement = false;
    if (!(await insertVersionIfMissing(trx, stored))) {
      if ((await findVersionOrigin(trx, version.id)) === 'shipped') {
        throw new AppError('conflict', 'questionnaires.upload.shipped', [{ field: 'id', message: version.id }]);
      }
      if (!(await replaceUnusedVersion(trx, stored))) {
        throw new AppError('conflict', 'questionnaires.upload.inUse', [{ field: 'id', message: version.id }]);
      }
      isReplacement = true;
    }
    await recordAuditEvent(trx, clock, {
      actor: input.actor,
      action: isReplacement ? 'questionnaire.version_replaced' : 'questionnaire.version_uploaded',
      subjectType: 'questionnaire_version',
      subjectId: version.id,
      details: {
        format: isWorkbook ? 'xlsx' : 'yaml',
        fileName: input.fileName,
        sha256: createHash('sha256').update(input.content).digest('hex'),
      },
    });
    return { version, isReplacement };
  });
}

/** Reads a file from disk and imports it, for `lagesbild questionnaire import FILE`. */
export async function importQuestionnaireFile(
  db: Kysely<Database>,
  clock: Clock,
  input: { path: string; actor: Actor },
): Promise<ImportOutcome> {
  const content = readFileSync(input.path);
  return importQuestionnaireVersion(db, clock, { fileName: input.path, content, actor: input.actor });
}

/** Writes a version as YAML in the shape of the shipped files. */
export function writeQuestionnaireYaml(version: QuestionnaireVersion): string {
  return stringifyYaml(version, { lineWidth: 0 });
}

/**
 * The YAML text of a version (as uploaded or shipped) for download.
 * @throws AppError('not_found') for an unknown id.
 */
export async function downloadQuestionnaireYaml(db: Kysely<Database>, id: string): Promise<string> {
  const text = await findSourceYaml(db, id);
  if (text === undefined) throw new AppError('not_found', `No questionnaire version has the id ${id}.`);
  return text;
}

/**
 * A version as an XLSX workbook (sheets settings, questions, options, comparability) that imports back unchanged.
 * @throws AppError('not_found') for an unknown id.
 */
export async function downloadQuestionnaireWorkbook(db: Kysely<Database>, id: string): Promise<Buffer> {
  return writeQuestionnaireWorkbook(await findQuestionnaireVersion(db, id));
}
