/**
 * Explains why a value fails a JSON schema, for people editing questionnaire files. TypeBox decides validity;
 * this walk only runs once a value has failed, and exists because TypeBox reports every branch of a union
 * (a condition is one of four shapes) while an author needs the one error in the branch they meant.
 */

import { type ProblemKey, type ProblemParam, type ProblemText, problemText } from './problem-text.ts';

export type PathSegment = string | number;

export interface SchemaProblem {
  path: PathSegment[];
  /** The problem as a catalogue message, for the reader's language. */
  text: ProblemText;
  /** The problem in English, for the command line. */
  message: string;
  /** True when the problem is the property name itself (an unknown property), so it is located at the key. */
  isAtKey?: boolean;
}

type SchemaNode = { readonly [name: string]: unknown };
type Definitions = ReadonlyMap<string, SchemaNode>;

function isRecord(value: unknown): value is SchemaNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readSchemas(value: unknown): SchemaNode[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

function readStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** One problem at `path`, worded by the catalogue message `key`. */
export function schemaProblem(
  path: PathSegment[],
  key: ProblemKey,
  params?: Readonly<Record<string, ProblemParam>>,
  isAtKey?: boolean,
): SchemaProblem {
  return { path, ...problemText(key, params), ...(isAtKey ? { isAtKey } : {}) };
}

function describeValue(value: unknown): ProblemText {
  if (value === null || value === undefined) return { key: 'questionnaires.problem.value.nothing' };
  if (Array.isArray(value)) return { key: 'questionnaires.problem.value.list' };
  if (typeof value === 'object') return { key: 'questionnaires.problem.value.mapping' };
  if (typeof value === 'string') return { key: 'questionnaires.problem.value.text', params: { value } };
  const key =
    typeof value === 'boolean' ? 'questionnaires.problem.value.boolean' : 'questionnaires.problem.value.number';
  return { key, params: { value: String(value) } };
}

function describeType(type: unknown): ProblemText {
  switch (type) {
    case 'object':
      return { key: 'questionnaires.problem.type.object' };
    case 'array':
      return { key: 'questionnaires.problem.type.array' };
    case 'string':
      return { key: 'questionnaires.problem.type.string' };
    case 'number':
      return { key: 'questionnaires.problem.type.number' };
    case 'integer':
      return { key: 'questionnaires.problem.type.integer' };
    case 'boolean':
      return { key: 'questionnaires.problem.type.boolean' };
    default:
      return { key: 'questionnaires.problem.type.valid' };
  }
}

function hasType(value: unknown, type: unknown): boolean {
  switch (type) {
    case 'object':
      return isRecord(value);
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    default:
      return true;
  }
}

function collectDefinitions(schema: SchemaNode, definitions: Definitions): Definitions {
  const defs = schema.$defs;
  if (!isRecord(defs)) return definitions;
  const merged = new Map(definitions);
  for (const [name, definition] of Object.entries(defs)) if (isRecord(definition)) merged.set(name, definition);
  return merged;
}

/** Lists the problems of `value` against `schema`, each with the path of the offending part. */
export function findSchemaProblems(schema: object, value: unknown): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  if (isRecord(schema)) walk(schema, value, [], new Map(), problems);
  return problems;
}

function walk(schema: SchemaNode, value: unknown, path: PathSegment[], inherited: Definitions, out: SchemaProblem[]) {
  const definitions = collectDefinitions(schema, inherited);
  if (typeof schema.$ref === 'string') {
    const target = definitions.get(schema.$ref);
    if (target) walk(target, value, path, definitions, out);
    return;
  }
  const branches = readSchemas(schema.anyOf);
  if (branches.length > 0) return walkUnion(branches, value, path, definitions, out);
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) {
    const allowed = schema.enum.map(String).join(', ');
    return void out.push(schemaProblem(path, 'questionnaires.problem.enum', { allowed, found: describeValue(value) }));
  }
  if (schema.type !== undefined && !hasType(value, schema.type)) {
    const expected = describeType(schema.type);
    return void out.push(schemaProblem(path, 'questionnaires.problem.type', { expected, found: describeValue(value) }));
  }
  if (isRecord(value)) walkObject(schema, value, path, definitions, out);
  else if (Array.isArray(value)) walkArray(schema, value, path, definitions, out);
  else if (typeof value === 'string') checkString(schema, value, path, out);
  else if (typeof value === 'number') checkNumber(schema, value, path, out);
}

function walkObject(
  schema: SchemaNode,
  value: SchemaNode,
  path: PathSegment[],
  defs: Definitions,
  out: SchemaProblem[],
) {
  const properties = isRecord(schema.properties) ? schema.properties : {};
  for (const name of readStrings(schema.required)) {
    if (value[name] === undefined) out.push(schemaProblem([...path, name], 'questionnaires.problem.required'));
  }
  const patterns = isRecord(schema.patternProperties) ? Object.entries(schema.patternProperties) : [];
  for (const [name, item] of Object.entries(value)) {
    const property = properties[name];
    if (isRecord(property)) {
      walk(property, item, [...path, name], defs, out);
      continue;
    }
    const byPattern = patterns.find(([pattern]) => new RegExp(pattern, 'u').test(name));
    if (byPattern && isRecord(byPattern[1])) {
      walk(byPattern[1], item, [...path, name], defs, out);
    } else if (patterns.length > 0) {
      out.push(schemaProblem([...path, name], 'questionnaires.problem.snakeCase', {}, true));
    } else if (schema.additionalProperties === false) {
      const allowed = Object.keys(properties).join(', ');
      out.push(schemaProblem([...path, name], 'questionnaires.problem.unknownProperty', { allowed }, true));
    }
  }
}

function walkArray(schema: SchemaNode, value: unknown[], path: PathSegment[], defs: Definitions, out: SchemaProblem[]) {
  if (typeof schema.minItems === 'number' && value.length < schema.minItems) {
    out.push(schemaProblem(path, 'questionnaires.problem.minItems', { min: schema.minItems, count: value.length }));
  }
  if (schema.uniqueItems === true) {
    const seen = new Set<string>();
    value.forEach((item, index) => {
      const identity = JSON.stringify(item);
      if (seen.has(identity)) out.push(schemaProblem([...path, index], 'questionnaires.problem.repeatsItem'));
      seen.add(identity);
    });
  }
  const items = schema.items;
  if (!isRecord(items)) return;
  for (const [index, item] of value.entries()) walk(items, item, [...path, index], defs, out);
}

function checkString(schema: SchemaNode, value: string, path: PathSegment[], out: SchemaProblem[]) {
  if (typeof schema.minLength === 'number' && value.length < schema.minLength) {
    out.push(schemaProblem(path, 'questionnaires.problem.empty'));
  } else if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) {
    out.push(schemaProblem(path, 'questionnaires.problem.pattern', { value, pattern: schema.pattern }));
  }
}

function checkNumber(schema: SchemaNode, value: number, path: PathSegment[], out: SchemaProblem[]) {
  if (typeof schema.minimum === 'number' && value < schema.minimum) {
    out.push(schemaProblem(path, 'questionnaires.problem.minimum', { min: schema.minimum, value }));
  }
  if (typeof schema.maximum === 'number' && value > schema.maximum) {
    out.push(schemaProblem(path, 'questionnaires.problem.maximum', { max: schema.maximum, value }));
  }
}

/**
 * A union of objects is told apart by its required properties ({ all }, { any }, { not }, { question });
 * a union of scalars by type. Only the branch the author evidently meant is explained.
 */
function walkUnion(
  branches: SchemaNode[],
  value: unknown,
  path: PathSegment[],
  defs: Definitions,
  out: SchemaProblem[],
) {
  const attempts = branches.map((branch) => {
    const problems: SchemaProblem[] = [];
    walk(branch, value, path, defs, problems);
    return { branch, problems };
  });
  if (attempts.some((attempt) => attempt.problems.length === 0)) return;
  if (isRecord(value)) {
    const meant = attempts.find(({ branch }) => {
      const required = readStrings(branch.required);
      return required.length > 0 && required.every((name) => value[name] !== undefined);
    });
    if (meant) return void out.push(...meant.problems);
    const keys = branches.flatMap((branch) => readStrings(branch.required).slice(0, 1));
    if (keys.length === branches.length) {
      return void out.push(schemaProblem(path, 'questionnaires.problem.oneOfKeys', { keys: keys.join(', ') }));
    }
  }
  const expected = branches.map((branch) => describeType(branch.type));
  out.push(schemaProblem(path, 'questionnaires.problem.type', { expected, found: describeValue(value) }));
}
