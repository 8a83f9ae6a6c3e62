/**
 * The one schema of a round's results as they leave the coordinator's view (the API, the pages): every type of
 * the results model is derived from it. A suppressed group carries no numbers beyond its public size.
 */
import { type Static, Type } from 'typebox';

const Localised = Type.Object({ sv: Type.String(), en: Type.String() });
const OrganisationTypeSchema = Type.Union([Type.Literal('kommun'), Type.Literal('region')]);
const GroupKindSchema = Type.Union([
  Type.Literal('organisation-type'),
  Type.Literal('main-group'),
  Type.Literal('municipality-group'),
  Type.Literal('county'),
]);

const GroupHeaderFields = {
  groupId: Type.String(),
  kind: GroupKindSchema,
  key: Type.String(),
  organisationType: OrganisationTypeSchema,
  /** Organisations of the group invited to the round (N); public, so shown for suppressed groups too. */
  population: Type.Integer(),
};

const ResponseCountFields = {
  /** Organisations that submitted and were shown the question. */
  submitted: Type.Integer(),
  respondents: Type.Integer(),
  itemNonResponse: Type.Integer(),
};

export const AnswerFigureSchema = Type.Object({
  code: Type.String(),
  count: Type.Integer(),
  share: Type.Number(),
  lower: Type.Number(),
  upper: Type.Number(),
});
export type AnswerFigure = Static<typeof AnswerFigureSchema>;

export const SuppressedGroupSchema = Type.Object({
  ...GroupHeaderFields,
  suppressed: Type.Literal(true),
});

export const ChoiceGroupSchema = Type.Object({
  ...GroupHeaderFields,
  suppressed: Type.Literal(false),
  ...ResponseCountFields,
  answers: Type.Array(AnswerFigureSchema),
});

export const NumberGroupSchema = Type.Object({
  ...GroupHeaderFields,
  suppressed: Type.Literal(false),
  ...ResponseCountFields,
  firstQuartile: Type.Number(),
  median: Type.Number(),
  thirdQuartile: Type.Number(),
});

export const GroupFigureSchema = Type.Union([ChoiceGroupSchema, NumberGroupSchema, SuppressedGroupSchema]);
export type GroupFigure = Static<typeof GroupFigureSchema>;
export type ChoiceGroup = Static<typeof ChoiceGroupSchema>;
export type NumberGroup = Static<typeof NumberGroupSchema>;

/**
 * The verdict printed beside a change figure. It always belongs to that figure and has its sign: an increase is
 * only ever printed beside a positive difference, a decrease beside a negative one.
 */
export const ChangeVerdictSchema = Type.Union([
  Type.Literal('increase'),
  Type.Literal('decrease'),
  Type.Literal('no-significant-change'),
  Type.Literal('not-tested'),
]);
export type ChangeVerdict = Static<typeof ChangeVerdictSchema>;

const NullableNumber = Type.Union([Type.Number(), Type.Null()]);

/**
 * (a) The national figures of the two rounds, each over its own respondents, and their difference. For shares
 * the difference carries Newcombe's 95 % interval and the verdict says whether it excludes zero; medians of
 * different respondents are not tested.
 */
export const NationalDifferenceSchema = Type.Object({
  previous: NullableNumber,
  current: NullableNumber,
  previousRespondents: Type.Integer(),
  currentRespondents: Type.Integer(),
  difference: NullableNumber,
  lower: NullableNumber,
  upper: NullableNumber,
  verdict: ChangeVerdictSchema,
});

/**
 * (b) The change among the organisations that answered in both rounds: the share answering yes among them in each
 * round and its difference (exact McNemar test), or for numbers the Hodges–Lehmann estimate of the paired change
 * (Wilcoxon signed-rank test). Not tested with fewer pairs than the suppression threshold.
 */
export const PairedChangeSchema = Type.Object({
  pairs: Type.Integer(),
  previous: NullableNumber,
  current: NullableNumber,
  difference: NullableNumber,
  test: Type.Union([Type.Literal('mcnemar-exact'), Type.Literal('wilcoxon-signed-rank')]),
  pValue: NullableNumber,
  verdict: ChangeVerdictSchema,
});

/** The change of one organisation type's figure against the previous comparable round, on two labelled bases. */
export const QuestionChangeSchema = Type.Object({
  organisationType: OrganisationTypeSchema,
  previousLabel: Type.String(),
  /** The share answering yes (yes/no and yes/partly/no questions) or the median (numbers). */
  measure: Type.Union([Type.Literal('yes-share'), Type.Literal('median')]),
  national: NationalDifferenceSchema,
  paired: PairedChangeSchema,
});
export type QuestionChange = Static<typeof QuestionChangeSchema>;
export type NationalDifference = Static<typeof NationalDifferenceSchema>;
export type PairedChange = Static<typeof PairedChangeSchema>;

/** One comparable round's national figure: the yes share with its interval, or the median; null when suppressed. */
export const TrendPointSchema = Type.Object({
  label: Type.String(),
  organisationType: OrganisationTypeSchema,
  respondents: Type.Union([Type.Integer(), Type.Null()]),
  value: NullableNumber,
  lower: NullableNumber,
  upper: NullableNumber,
});
export type TrendPoint = Static<typeof TrendPointSchema>;

export const QuestionResultSchema = Type.Object({
  key: Type.String(),
  type: Type.String(),
  number: Type.String(),
  label: Localised,
  text: Localised,
  unit: Type.Union([Localised, Type.Null()]),
  /** Multiple choice: each option's share of respondents, so shares need not add up to one. */
  options: Type.Array(Type.Object({ code: Type.String(), label: Localised })),
  groups: Type.Array(GroupFigureSchema),
  changes: Type.Array(QuestionChangeSchema),
  trend: Type.Array(TrendPointSchema),
});
export type QuestionResult = Static<typeof QuestionResultSchema>;

export const ResponseRateSchema = Type.Object({
  groupId: Type.String(),
  kind: GroupKindSchema,
  key: Type.String(),
  organisationType: OrganisationTypeSchema,
  invited: Type.Integer(),
  submitted: Type.Integer(),
  rate: Type.Number(),
});
export type ResponseRate = Static<typeof ResponseRateSchema>;

export const FactSchema = Type.Object({ key: Type.String(), sv: Type.String(), en: Type.String() });
export type Fact = Static<typeof FactSchema>;

/**
 * The share of one type's submitting organisations whose answers cover a NIS2 measure (or the leadership training
 * duty): covered when every deciding question was answered yes. Suppressed like any group figure.
 */
export const Nis2RollUpSchema = Type.Object({
  organisationType: OrganisationTypeSchema,
  point: Type.String(),
  questionKeys: Type.Array(Type.String()),
  population: Type.Integer(),
  suppressed: Type.Boolean(),
  respondents: Type.Union([Type.Integer(), Type.Null()]),
  covered: Type.Union([Type.Integer(), Type.Null()]),
  share: NullableNumber,
  lower: NullableNumber,
  upper: NullableNumber,
});
export type Nis2RollUp = Static<typeof Nis2RollUpSchema>;

export const RoundResultsSchema = Type.Object({
  round: Type.Object({
    label: Type.String(),
    status: Type.String(),
    source: Type.String(),
    versions: Type.Object({
      kommun: Type.Union([Type.String(), Type.Null()]),
      region: Type.Union([Type.String(), Type.Null()]),
    }),
  }),
  suppressionThreshold: Type.Integer(),
  /**
   * The publisher's choices within the disclosure policy: the indicator questions whose national figure is shown
   * even when (nearly) unanimous. Absent in releases made before the linked-set control.
   */
  disclosure: Type.Optional(Type.Object({ nationalExemptions: Type.Array(Type.String()) })),
  /** The earlier rounds changes and trends drew on, oldest first, with their questionnaire versions. */
  earlierRounds: Type.Array(
    Type.Object({
      label: Type.String(),
      versions: Type.Object({
        kommun: Type.Union([Type.String(), Type.Null()]),
        region: Type.Union([Type.String(), Type.Null()]),
      }),
    }),
  ),
  responseRates: Type.Array(ResponseRateSchema),
  facts: Type.Array(FactSchema),
  questions: Type.Array(QuestionResultSchema),
  nis2: Type.Array(Nis2RollUpSchema),
});
export type RoundResults = Static<typeof RoundResultsSchema>;
