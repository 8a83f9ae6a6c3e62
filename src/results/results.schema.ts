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
  reason: Type.Union([Type.Literal('primary'), Type.Literal('complementary')]),
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

export const ChangeDescriptionSchema = Type.Union([
  Type.Literal('improvement'),
  Type.Literal('decline'),
  Type.Literal('no-significant-change'),
  Type.Literal('not-tested'),
]);

/** The change of one organisation type's national figure against the previous comparable round. */
export const QuestionChangeSchema = Type.Object({
  organisationType: OrganisationTypeSchema,
  previousLabel: Type.String(),
  /** The share answering yes (yes/no and yes/partly/no questions) or the median (numbers). */
  measure: Type.Union([Type.Literal('yes-share'), Type.Literal('median')]),
  previous: Type.Union([Type.Number(), Type.Null()]),
  current: Type.Union([Type.Number(), Type.Null()]),
  difference: Type.Union([Type.Number(), Type.Null()]),
  test: Type.Union([Type.Literal('mcnemar-exact'), Type.Literal('wilcoxon-signed-rank')]),
  /** Organisations that answered in both rounds. */
  pairs: Type.Integer(),
  pValue: Type.Union([Type.Number(), Type.Null()]),
  description: ChangeDescriptionSchema,
});
export type QuestionChange = Static<typeof QuestionChangeSchema>;

export const TrendPointSchema = Type.Object({
  label: Type.String(),
  organisationType: OrganisationTypeSchema,
  respondents: Type.Union([Type.Integer(), Type.Null()]),
  value: Type.Union([Type.Number(), Type.Null()]),
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
  responseRates: Type.Array(ResponseRateSchema),
  facts: Type.Array(FactSchema),
  questions: Type.Array(QuestionResultSchema),
});
export type RoundResults = Static<typeof RoundResultsSchema>;
