import { type Static, Type } from 'typebox';
import type { FieldError } from '../app-error.ts';
import type { OrganisationType } from '../organisations/organisations.service.ts';
import { checkRoundDisplayName, isValidRoundLabel } from './round-label.ts';
import { fromStockholmLocal } from './stockholm-time.ts';

/** A new round as a coordinator describes it, from the form or the JSON API. */
export const RoundInputSchema = Type.Object(
  {
    label: Type.String({ maxLength: 200, description: 'unique, e.g. "2025"; letters, digits, - _ .' }),
    displayName: Type.Optional(
      Type.String({ maxLength: 1000, description: 'free text shown on pages, e.g. "Kommuner 2026"; "" for none' }),
    ),
    kommunVersion: Type.String({ maxLength: 100, description: 'questionnaire version for kommuner; "" for none' }),
    regionVersion: Type.String({ maxLength: 100, description: 'questionnaire version for regioner; "" for none' }),
    population: Type.String({ maxLength: 10, description: 'kommun, region, both or list' }),
    organisationCodes: Type.Array(Type.String({ maxLength: 20 }), {
      maxItems: 400,
      description: 'the organisations invited when population is "list"',
    }),
    opensAt: Type.String({ maxLength: 40, description: 'Stockholm time "2026-03-01T09:00", or ISO UTC with Z' }),
    closesAt: Type.String({ maxLength: 40, description: 'Stockholm time "2026-03-31T23:59", or ISO UTC with Z' }),
    reminderDays: Type.Union(
      [Type.Array(Type.Integer({ minimum: -1000, maximum: 1000 }), { maxItems: 20 }), Type.String({ maxLength: 100 })],
      { description: 'whole days before closing: [14, 7, 2] or "14, 7, 2"' },
    ),
  },
  { additionalProperties: false },
);
export type RoundInput = Static<typeof RoundInputSchema>;

export const populations = ['kommun', 'region', 'both', 'list'] as const;
export type Population = (typeof populations)[number];

export type RoundInputField = keyof RoundInput;
/** One problem with the input; `value` names what was wrong (unknown codes, for example) when that helps. */
export type RoundProblem = { field: RoundInputField; reason: string; value?: string };

/** What checking needs to know about the world, gathered by the service. */
export type RoundFacts = {
  isLabelTaken: boolean;
  versions: ReadonlyArray<{ id: string; targets: readonly OrganisationType[] }>;
  /** Every active organisation, code to type. */
  organisations: ReadonlyMap<string, OrganisationType>;
  now: Date;
};

export type CheckedRound = {
  label: string;
  displayName: string | null;
  versions: { kommun: string | null; region: string | null };
  organisationCodes: string[];
  opensAt: string;
  closesAt: string;
  reminderDays: number[];
};

function readInstant(text: string): string | undefined {
  const trimmed = text.trim();
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/.test(trimmed)) {
    const time = Date.parse(trimmed);
    return Number.isNaN(time) ? undefined : new Date(time).toISOString();
  }
  return fromStockholmLocal(trimmed);
}

function isPopulation(value: string): value is Population {
  return (populations as readonly string[]).includes(value);
}

/** Checks a new round against the rules; pure, so each rule is tested with exact expectations. */
export function checkRoundInput(
  input: RoundInput,
  facts: RoundFacts,
): { round: CheckedRound; problems: [] } | { round: null; problems: RoundProblem[] } {
  const problems: RoundProblem[] = [];
  const label = input.label.trim();
  if (label === '') problems.push({ field: 'label', reason: 'required' });
  else if (label.length > 40) problems.push({ field: 'label', reason: 'too_long' });
  else if (!isValidRoundLabel(label)) problems.push({ field: 'label', reason: 'invalid' });
  else if (facts.isLabelTaken) problems.push({ field: 'label', reason: 'taken' });
  const { displayName, problem: displayNameProblem } = checkRoundDisplayName(input.displayName);
  if (displayNameProblem) problems.push({ field: 'displayName', reason: displayNameProblem });

  let codes: string[] = [];
  const population = input.population;
  if (!isPopulation(population)) problems.push({ field: 'population', reason: 'required' });
  else if (population === 'list') {
    codes = [...new Set(input.organisationCodes.map((code) => code.trim()).filter(Boolean))];
    const unknown = codes.filter((code) => !facts.organisations.has(code));
    if (codes.length === 0) problems.push({ field: 'organisationCodes', reason: 'required' });
    else if (unknown.length > 0) {
      problems.push({ field: 'organisationCodes', reason: 'unknown', value: unknown.join(', ') });
    }
  } else {
    codes = [...facts.organisations]
      .filter(([, type]) => population === 'both' || type === population)
      .map(([code]) => code);
  }
  const types = new Set(codes.map((code) => facts.organisations.get(code)));
  const versions: CheckedRound['versions'] = { kommun: null, region: null };
  for (const type of ['kommun', 'region'] as const) {
    const field = type === 'kommun' ? 'kommunVersion' : 'regionVersion';
    const id = input[field].trim();
    if (!types.has(type)) continue;
    const version = facts.versions.find((candidate) => candidate.id === id);
    if (id === '') problems.push({ field, reason: 'required' });
    else if (!version) problems.push({ field, reason: 'unknown', value: id });
    else if (!version.targets.includes(type)) problems.push({ field, reason: 'wrong_type', value: id });
    else versions[type] = id;
  }

  const opensAt = input.opensAt.trim() === '' ? undefined : readInstant(input.opensAt);
  const closesAt = input.closesAt.trim() === '' ? undefined : readInstant(input.closesAt);
  if (input.opensAt.trim() === '') problems.push({ field: 'opensAt', reason: 'required' });
  else if (!opensAt) problems.push({ field: 'opensAt', reason: 'invalid' });
  if (input.closesAt.trim() === '') problems.push({ field: 'closesAt', reason: 'required' });
  else if (!closesAt) problems.push({ field: 'closesAt', reason: 'invalid' });
  else if (closesAt <= facts.now.toISOString()) problems.push({ field: 'closesAt', reason: 'in_past' });
  else if (opensAt && closesAt <= opensAt) problems.push({ field: 'closesAt', reason: 'before_opening' });

  const days = readReminderDays(input.reminderDays);
  const reminderDays = [...new Set(days ?? [])].sort((a, b) => b - a);
  if (!days) problems.push({ field: 'reminderDays', reason: 'invalid' });
  else if (reminderDays.some((day) => day < 1 || day > 365)) problems.push({ field: 'reminderDays', reason: 'range' });

  if (problems.length > 0 || !opensAt || !closesAt) return { round: null, problems };
  return {
    round: { label, displayName, versions, organisationCodes: codes, opensAt, closesAt, reminderDays },
    problems: [],
  };
}

/** Carries problems in AppError's fields: `message` is "reason" or "reason: value", readable for API clients. */
export function problemsToFieldErrors(problems: RoundProblem[]): FieldError[] {
  return problems.map((problem) => ({
    field: problem.field,
    message: problem.value === undefined ? problem.reason : `${problem.reason}: ${problem.value}`,
  }));
}

/** Reads back what problemsToFieldErrors wrote, so pages can word each problem in the visitor's language. */
export function fieldErrorToProblem(error: FieldError): { field: string; reason: string; value: string } {
  const colon = error.message.indexOf(': ');
  return colon < 0
    ? { field: error.field, reason: error.message, value: '' }
    : { field: error.field, reason: error.message.slice(0, colon), value: error.message.slice(colon + 2) };
}

function readReminderDays(value: RoundInput['reminderDays']): number[] | undefined {
  if (typeof value !== 'string') return value;
  const tokens = value.split(/[\s,;]+/).filter(Boolean);
  return tokens.every((token) => /^-?\d{1,4}$/.test(token)) ? tokens.map(Number) : undefined;
}

/** Turns the form's text fields into the API's shape. */
export function readRoundForm(fields: Record<RoundInputField, string>): RoundInput {
  return { ...fields, organisationCodes: fields.organisationCodes.split(/[\s,;]+/).filter(Boolean) };
}
