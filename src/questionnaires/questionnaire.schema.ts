/**
 * The one schema of a questionnaire version file (data/questionnaires/*.yaml). Every TypeScript type of the
 * questionnaire module is derived from it; the semantic rules that a schema cannot express live in
 * questionnaire-rules.ts.
 */
import { type Static, Type } from 'typebox';

const strict = { additionalProperties: false } as const;

/** snake_case: a question or option key is a stable identifier across versions and in open data. */
export const keyPattern = '^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$';
const versionIdPattern = '^[a-z0-9]+(?:-[a-z0-9]+)*$';
// A clause of ISO/IEC 27001:2022 (4-10, e.g. '9.3') or an Annex A control (e.g. 'A.5.24').
const iso27001Pattern = '^(?:(?:[4-9]|10)(?:\\.[0-9]+){0,2}|A\\.[5-8]\\.[0-9]{1,2})$';

export const organisationTypes = ['kommun', 'region'] as const;
export const OrganisationType = Type.Enum(organisationTypes);
export type OrganisationType = Static<typeof OrganisationType>;

const nonEmptyText = Type.String({ minLength: 1 });
export const LocalisedText = Type.Object({ sv: nonEmptyText, en: nonEmptyText }, strict);
export type LocalisedText = Static<typeof LocalisedText>;

export const questionTypes = [
  'yes_no',
  'yes_partly_no',
  'single_choice',
  'multiple_choice',
  'integer',
  'decimal',
  'percent',
  'free_text',
] as const;
export const QuestionType = Type.Enum(questionTypes);
export type QuestionType = Static<typeof QuestionType>;

export const msbSteps = ['identifiera_analysera', 'utforma', 'anvanda', 'folja_upp_forbattra'] as const;
export const MsbStep = Type.Enum(msbSteps);
export type MsbStep = Static<typeof MsbStep>;

export const nis2Points = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'] as const;
export const Nis2Point = Type.Enum(nis2Points);
export type Nis2Point = Static<typeof Nis2Point>;

export const comparabilityStatuses = ['unchanged', 'reworded', 'changed'] as const;
export type ComparabilityStatus = (typeof comparabilityStatuses)[number];

const ConditionValue = Type.Union([Type.String({ minLength: 1 }), Type.Number()]);

/**
 * A leaf compares one earlier question's answer. Several operators in one leaf must all hold, so
 * `{ question: x, gte: 10, lte: 20 }` is a range.
 */
export const Comparison = Type.Object(
  {
    question: Type.String({ pattern: keyPattern }),
    equals: Type.Optional(ConditionValue),
    in: Type.Optional(Type.Array(ConditionValue, { minItems: 1 })),
    answered: Type.Optional(Type.Boolean()),
    gt: Type.Optional(Type.Number()),
    gte: Type.Optional(Type.Number()),
    lt: Type.Optional(Type.Number()),
    lte: Type.Optional(Type.Number()),
    includes: Type.Optional(Type.String({ pattern: keyPattern })),
  },
  strict,
);
export type Comparison = Static<typeof Comparison>;
export const comparisonOperators = ['equals', 'in', 'answered', 'gt', 'gte', 'lt', 'lte', 'includes'] as const;

export const Condition = Type.Cyclic(
  {
    Condition: Type.Union([
      Type.Object({ all: Type.Array(Type.Ref('Condition'), { minItems: 1 }) }, strict),
      Type.Object({ any: Type.Array(Type.Ref('Condition'), { minItems: 1 }) }, strict),
      Type.Object({ not: Type.Ref('Condition') }, strict),
      Comparison,
    ]),
  },
  'Condition',
);
export type Condition = Static<typeof Condition>;

export const QuestionOption = Type.Object({ code: Type.String({ pattern: keyPattern }), label: LocalisedText }, strict);
export type QuestionOption = Static<typeof QuestionOption>;

export const QuestionMapping = Type.Object(
  {
    nis2: Type.Optional(Type.Array(Nis2Point, { uniqueItems: true })),
    leadershipTraining: Type.Optional(Type.Boolean()),
    msbStep: Type.Optional(MsbStep),
    iso27001: Type.Optional(Type.Array(Type.String({ pattern: iso27001Pattern }), { uniqueItems: true })),
  },
  strict,
);
export type QuestionMapping = Static<typeof QuestionMapping>;

/**
 * Plausibility rules of a numeric question: warnings while answering, never errors. An answer outside min..max, or
 * at least `ratio` times (or at most 1/`ratio` of) the organisation's answer in the previous comparable round, asks
 * the respondent for a short explanation.
 */
export const Plausibility = Type.Object(
  {
    min: Type.Optional(Type.Number()),
    max: Type.Optional(Type.Number()),
    ratio: Type.Optional(Type.Number({ minimum: 1.5 })),
  },
  strict,
);
export type Plausibility = Static<typeof Plausibility>;

export const Question = Type.Object(
  {
    key: Type.String({ pattern: keyPattern }),
    type: QuestionType,
    text: LocalisedText,
    // A short name for tables, charts and error messages, e.g. "Informationssäkerhetstimmar per år".
    label: Type.Optional(LocalisedText),
    // Wording for one organisation type where it differs ("kommunen" / "regionen").
    textByType: Type.Optional(
      Type.Object({ kommun: Type.Optional(LocalisedText), region: Type.Optional(LocalisedText) }, strict),
    ),
    help: Type.Optional(LocalisedText),
    required: Type.Boolean(),
    unit: Type.Optional(LocalisedText),
    min: Type.Optional(Type.Number()),
    max: Type.Optional(Type.Number()),
    plausible: Type.Optional(Plausibility),
    options: Type.Optional(Type.Array(QuestionOption, { minItems: 2 })),
    targets: Type.Optional(Type.Array(OrganisationType, { minItems: 1, uniqueItems: true })),
    showIf: Type.Optional(Condition),
    // The predicate of the published fact: "I sju av tio kommuner och i samtliga regioner {predicate}."
    indicator: Type.Optional(LocalisedText),
    mapping: QuestionMapping,
  },
  strict,
);
export type Question = Static<typeof Question>;

export const Section = Type.Object(
  {
    key: Type.String({ pattern: keyPattern }),
    title: LocalisedText,
    intro: LocalisedText,
    msbStep: Type.Optional(MsbStep),
    questions: Type.Array(Question, { minItems: 1 }),
  },
  strict,
);
export type Section = Static<typeof Section>;

export const ComparabilityEntry = Type.Object(
  { status: Type.Enum(comparabilityStatuses), note: Type.Optional(LocalisedText) },
  strict,
);
export type ComparabilityEntry = Static<typeof ComparabilityEntry>;

export const QuestionnaireVersion = Type.Object(
  {
    id: Type.String({ pattern: versionIdPattern }),
    title: LocalisedText,
    year: Type.Integer({ minimum: 2000, maximum: 2100 }),
    targets: Type.Array(OrganisationType, { minItems: 1, uniqueItems: true }),
    previous: Type.Optional(Type.String({ pattern: versionIdPattern })),
    // One entry per question key shared with the previous version.
    comparability: Type.Optional(Type.Record(Type.String({ pattern: keyPattern }), ComparabilityEntry)),
    sections: Type.Array(Section, { minItems: 1 }),
  },
  strict,
);
export type QuestionnaireVersion = Static<typeof QuestionnaireVersion>;

/** One normalised answer: a code, a number, free text, or the codes chosen in a multiple-choice question. */
export type AnswerValue = string | number | readonly string[];
export type Answers = Readonly<Record<string, AnswerValue>>;
