/**
 * Reading questionnaire version files (YAML). Every error names the file, the path in the document and the line
 * and column, so the coordinator who edits a file can go straight to the mistake.
 *
 * Public API: parseQuestionnaire, loadQuestionnaireFile, loadShippedQuestionnaires, checkQuestionnaireFile.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join, relative } from 'node:path';
import { Compile } from 'typebox/compile';
import { type Document, isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { repositoryPath } from '../paths.ts';
import { isQuestionTargeted, listQuestions } from './conditions.ts';
import { type ProblemText, problemText } from './problem-text.ts';
import { QuestionnaireVersion } from './questionnaire.schema.ts';
import { checkComparability, checkQuestionnaireRules, formatPath } from './questionnaire-rules.ts';
import { findSchemaProblems, type PathSegment, type SchemaProblem, schemaProblem } from './schema-errors.ts';
import { compareVersions } from './version-comparison.ts';

export interface QuestionnaireFileError {
  file: string;
  /** Where in the document, e.g. `sections[2].questions[4].type`; empty for the document as a whole. */
  path: string;
  line: number;
  column: number;
  /** The problem as a catalogue message, for the reader's language. */
  text: ProblemText;
  /** The problem in English, for the command line. */
  message: string;
}

export type ParseResult = { ok: true; version: QuestionnaireVersion } | { ok: false; errors: QuestionnaireFileError[] };

export interface ParseOptions {
  /**
   * Finds the version a file names as `previous`, so its comparability table can be checked. Without it the
   * comparability table is only checked for its form.
   */
  findVersion?: (id: string) => QuestionnaireVersion | undefined;
}

const versionValidator = Compile(QuestionnaireVersion);
const repositoryRoot = repositoryPath();
const shippedDirectory = repositoryPath('data', 'questionnaires');

/** Parses and checks the text of one questionnaire version file; `fileName` is only used in error messages. */
export function parseQuestionnaire(text: string, fileName: string, options: ParseOptions = {}): ParseResult {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    const errors = document.errors.map((error) => {
      const position = lineCounter.linePos(error.pos[0]);
      const message = error.message.split('\n')[0] ?? error.message;
      const problem = problemText('questionnaires.problem.yamlSyntax', { message });
      return { file: fileName, path: '', line: position.line, column: position.col, ...problem };
    });
    return { ok: false, errors };
  }
  const toError = (problem: SchemaProblem): QuestionnaireFileError => {
    const position = lineCounter.linePos(findOffset(document, problem.path, problem.isAtKey === true));
    const path = formatPath(problem.path);
    const { text, message } = problem;
    return { file: fileName, path, line: position.line, column: position.col, text, message };
  };
  let value: unknown;
  try {
    // Bounded alias expansion keeps a hostile file (a "billion laughs") from exhausting memory.
    value = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const problem = problemText('questionnaires.problem.aliases', { message });
    return { ok: false, errors: [{ file: fileName, path: '', line: 1, column: 1, ...problem }] };
  }
  const checked = checkQuestionnaireValue(value, options);
  return checked.ok ? checked : { ok: false, errors: checked.problems.map(toError) };
}

export type ValueCheckResult = { ok: true; version: QuestionnaireVersion } | { ok: false; problems: SchemaProblem[] };

/**
 * Checks a parsed version (from YAML or a workbook) against the schema, the rules beyond it and the version it
 * names as previous; problems carry their path in the document, for the reader to locate (line or cell).
 */
export function checkQuestionnaireValue(value: unknown, options: ParseOptions = {}): ValueCheckResult {
  if (!versionValidator.Check(value)) {
    const problems = findSchemaProblems(QuestionnaireVersion, value);
    // The explanation walk covers the keywords this schema uses; TypeBox's own report is the safety net.
    const fallback = versionValidator.Errors(value).map((error) =>
      schemaProblem(error.instancePath.split('/').slice(1).map(readPointerSegment), 'questionnaires.problem.schema', {
        message: error.message,
      }),
    );
    return { ok: false, problems: problems.length > 0 ? problems : fallback };
  }
  const problems = checkQuestionnaireRules(value);
  if (value.previous && options.findVersion) {
    const previous = options.findVersion(value.previous);
    if (previous) problems.push(...checkComparability(value, previous));
    else problems.push(schemaProblem(['previous'], 'questionnaires.problem.previousNotFound', { id: value.previous }));
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, version: value };
}

function readPointerSegment(segment: string): PathSegment {
  const unescaped = segment.replaceAll('~1', '/').replaceAll('~0', '~');
  return /^\d+$/.test(unescaped) ? Number(unescaped) : unescaped;
}

/**
 * Follows a path into the YAML tree. A scalar is reported where its value stands; a mapping or list under a key,
 * and an unknown property, where the key stands; a missing part at the nearest part that exists.
 */
function findOffset(document: Document, path: readonly PathSegment[], isAtKey: boolean): number {
  let node: unknown = document.contents;
  let offset = document.contents?.range?.[0] ?? 0;
  for (const [index, segment] of path.entries()) {
    let next: unknown;
    let keyOffset: number | undefined;
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) break;
      keyOffset = isScalar(pair.key) ? pair.key.range?.[0] : undefined;
      if (isAtKey && index === path.length - 1 && keyOffset !== undefined) return keyOffset;
      next = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      next = node.items[segment];
    }
    if (!(isMap(next) || isSeq(next) || isScalar(next)) || !next.range) break;
    const isLast = index === path.length - 1;
    if (isLast && !isScalar(next) && keyOffset !== undefined) return keyOffset;
    node = next;
    offset = next.range[0];
  }
  return offset;
}

function displayName(path: string): string {
  const shown = relative(repositoryRoot, path);
  return shown.startsWith('..') ? path : shown;
}

/**
 * Makes a lookup of versions by id that reads `{id}.yaml` from the given directories, first match wins, each
 * file parsed once; a file that names itself through its `previous` chain is reported, not followed forever.
 */
function createVersionFinder(directories: readonly string[]) {
  const cache = new Map<string, ParseResult>();
  const loading = new Set<string>();
  const load = (id: string): ParseResult | undefined => {
    const cached = cache.get(id);
    if (cached) return cached;
    const path = directories
      .map((directory) => join(directory, `${id}.yaml`))
      .find((candidate) => existsSync(candidate));
    if (!path || loading.has(id)) return undefined;
    loading.add(id);
    const result = parseQuestionnaire(readFileSync(path, 'utf8'), displayName(path), { findVersion });
    loading.delete(id);
    cache.set(id, result);
    return result;
  };
  const findVersion = (id: string) => {
    const result = load(id);
    return result?.ok ? result.version : undefined;
  };
  return { load, findVersion };
}

/**
 * Reads and checks one questionnaire file; a `previous` version is looked up as `{id}.yaml` beside the file and
 * then among the shipped questionnaires.
 * @throws when the file cannot be read.
 */
export function loadQuestionnaireFile(path: string, options: ParseOptions = {}): ParseResult {
  const text = readFileSync(path, 'utf8');
  const findVersion = options.findVersion ?? createVersionFinder([dirname(path), shippedDirectory]).findVersion;
  return parseQuestionnaire(text, displayName(path), { findVersion });
}

/** The ids of the questionnaires shipped in data/questionnaires (their file names), without reading the files. */
export function listShippedQuestionnaireIds(): string[] {
  return readdirSync(shippedDirectory)
    .filter((name) => extname(name) === '.yaml')
    .map((name) => basename(name, '.yaml'));
}

/**
 * Reads every questionnaire shipped in data/questionnaires with its text, oldest first: the seeds of the database.
 * @throws when any file breaks a rule, its name differs from its id, or its `previous` version is not shipped.
 */
export function listShippedQuestionnaireFiles(): { version: QuestionnaireVersion; text: string }[] {
  const finder = createVersionFinder([shippedDirectory]);
  const failures: string[] = [];
  const versions: { version: QuestionnaireVersion; text: string }[] = [];
  const files = readdirSync(shippedDirectory).filter((name) => extname(name) === '.yaml');
  for (const name of files.sort()) {
    const result = finder.load(basename(name, '.yaml'));
    if (!result) failures.push(`${name}: could not be read`);
    else if (!result.ok) failures.push(...result.errors.map(formatFileError));
    else if (result.version.id !== basename(name, '.yaml'))
      failures.push(`${name}: the id is '${result.version.id}'; name the file ${result.version.id}.yaml`);
    else versions.push({ version: result.version, text: readFileSync(join(shippedDirectory, name), 'utf8') });
  }
  if (failures.length > 0) throw new Error(`Shipped questionnaires are invalid:\n${failures.join('\n')}`);
  return versions.sort((a, b) => a.version.year - b.version.year);
}

/** Reads every questionnaire shipped in data/questionnaires, oldest first (see listShippedQuestionnaireFiles). */
export function loadShippedQuestionnaires(): QuestionnaireVersion[] {
  return listShippedQuestionnaireFiles().map((file) => file.version);
}

/** Formats one error the way compilers do, `file:line:column: path message`, so editors can jump to it. */
export function formatFileError(error: QuestionnaireFileError): string {
  return `${error.file}:${error.line}:${error.column}: ${error.path === '' ? '' : `${error.path} `}${error.message}`;
}

/**
 * Checks one questionnaire file for `lagesbild questionnaire check FILE`. The command prints `lines` (to stdout
 * when ok, else to stderr) and exits 0 when `ok`, 1 otherwise, including when the file cannot be read.
 */
export function checkQuestionnaireFile(path: string): { ok: boolean; lines: string[] } {
  const { findVersion } = createVersionFinder([dirname(path), shippedDirectory]);
  let result: ParseResult;
  try {
    result = loadQuestionnaireFile(path, { findVersion });
  } catch (error) {
    return {
      ok: false,
      lines: [`${path}: cannot be read (${error instanceof Error ? error.message : String(error)})`],
    };
  }
  if (!result.ok) {
    const count = result.errors.length;
    return {
      ok: false,
      lines: [...result.errors.map(formatFileError), `${count} error${count === 1 ? '' : 's'} in ${displayName(path)}`],
    };
  }
  return { ok: true, lines: summariseVersion(displayName(path), result.version, findVersion) };
}

function summariseVersion(
  file: string,
  version: QuestionnaireVersion,
  findVersion: (id: string) => QuestionnaireVersion | undefined,
): string[] {
  const counts = version.targets.map((orgType) => {
    const asked = listQuestions(version).filter((question) => isQuestionTargeted(version, question, orgType));
    return `${orgType} ${asked.length}`;
  });
  const lines = [
    `${file}: OK`,
    `${version.id} (${version.title.sv}): ${version.sections.length} sections, ${listQuestions(version).length} questions (${counts.join(', ')})`,
  ];
  const previous = version.previous ? findVersion(version.previous) : undefined;
  if (previous) {
    const tally = new Map<string, number>();
    for (const change of compareVersions(previous, version))
      tally.set(change.status, (tally.get(change.status) ?? 0) + 1);
    const parts = ['unchanged', 'reworded', 'changed', 'added', 'removed'].map(
      (status) => `${tally.get(status) ?? 0} ${status}`,
    );
    lines.push(`compared with ${previous.id}: ${parts.join(', ')}`);
  }
  return lines;
}
