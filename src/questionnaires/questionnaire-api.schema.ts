/**
 * The HTTP boundary of the questionnaire pages and API: query strings and responses. A version itself is
 * answered in the shape of its file (QuestionnaireVersion), so the file schema is the response schema too.
 */
import { type Static, Type } from 'typebox';
import { LocalisedText, OrganisationType } from './questionnaire.schema.ts';
import type { SurveyJsJson } from './surveyjs-export.ts';

const versionId = Type.String({ pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$', maxLength: 60 });
const pageLanguage = Type.Optional(Type.Enum(['sv', 'en']));

export const VersionParamsSchema = Type.Object({ id: versionId });

export const QuestionnaireSummarySchema = Type.Object(
  {
    id: Type.String(),
    title: LocalisedText,
    year: Type.Integer(),
    targets: Type.Array(OrganisationType),
    previous: Type.Union([Type.String(), Type.Null()], { description: 'the version this one is compared with' }),
    sectionCount: Type.Integer(),
    questionCount: Type.Integer(),
  },
  { $id: 'QuestionnaireSummary' },
);
export type QuestionnaireSummary = Static<typeof QuestionnaireSummarySchema>;

/** `type` picks the wording (kommun or region); without it, the first organisation type the version targets. */
export const VersionPageQuerySchema = Type.Object({ type: Type.Optional(OrganisationType), lang: pageLanguage });
export type VersionPageQuery = Static<typeof VersionPageQuerySchema>;

/** Without `to`, the newest version that has a previous one; without `from`, the previous version of `to`. */
export const ComparisonQuerySchema = Type.Object({
  from: Type.Optional(versionId),
  to: Type.Optional(versionId),
  type: Type.Optional(OrganisationType),
  lang: pageLanguage,
});

export const SurveyJsQuerySchema = Type.Object(
  {
    type: Type.Optional(OrganisationType),
    lang: Type.Optional(Type.Enum(['sv', 'en', 'both'], { description: "'both' gives localizable { sv, en } texts" })),
  },
  { additionalProperties: false },
);

const surveyJsText = Type.Union([Type.String(), Type.Object({ sv: Type.String(), en: Type.String() })]);

export const SurveyJsSchema = Type.Object({
  title: surveyJsText,
  locale: Type.Enum(['sv', 'en']),
  showQuestionNumbers: Type.Literal('off'),
  clearInvisibleValues: Type.Literal('onHidden'),
  pages: Type.Array(
    Type.Object({
      name: Type.String(),
      title: surveyJsText,
      description: surveyJsText,
      elements: Type.Array(
        Type.Object({
          type: Type.Enum(['radiogroup', 'checkbox', 'text', 'comment']),
          name: Type.String(),
          title: surveyJsText,
          description: Type.Optional(surveyJsText),
          isRequired: Type.Boolean(),
          choices: Type.Optional(Type.Array(Type.Object({ value: Type.String(), text: surveyJsText }))),
          inputType: Type.Optional(Type.Literal('number')),
          min: Type.Optional(Type.Number()),
          max: Type.Optional(Type.Number()),
          step: Type.Optional(Type.Number()),
          maxLength: Type.Optional(Type.Integer()),
          visibleIf: Type.Optional(Type.String()),
        }),
      ),
    }),
  ),
});

// The export's type is declared beside the exporter; this makes the compiler hold the two to one shape.
type Holds<Condition extends true> = Condition;
export type SurveyJsMatchesSchema = Holds<SurveyJsJson extends Static<typeof SurveyJsSchema> ? true : false>;
