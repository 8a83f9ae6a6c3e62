/**
 * The typed model of a national report (one round, one organisation type). It only arranges figures of the round's
 * results (a stored release, or a coordinator's live view) under the questionnaire's sections: it computes
 * nothing, so the page, the PDF and the open data say the same thing.
 */

import { isNumericType } from '../questionnaires/question-wording.ts';
import type { LocalisedText, QuestionnaireVersion, QuestionType } from '../questionnaires/questionnaire.schema.ts';
import { compareVersions } from '../questionnaires/version-comparison.ts';
import type { OrganisationType } from '../results/groups.ts';
import type {
  ChoiceGroup,
  Fact,
  GroupFigure,
  Nis2RollUp,
  NumberGroup,
  QuestionChange,
  QuestionResult,
  ResponseRate,
  RoundResults,
  TrendPoint,
} from '../results/results.schema.ts';

/** A group's published figure: the group's numbers, or only its header when suppressed. */
export type ChoiceFigure = ChoiceGroup | Extract<GroupFigure, { suppressed: true }>;
export type NumberFigure = NumberGroup | Extract<GroupFigure, { suppressed: true }>;

/** What a report says about the release it renders; null for a coordinator's live view. */
export interface ReportRelease {
  version: number;
  publishedAt: string;
  errata: LocalisedText | null;
  /** Every version of the round, oldest first, for the list of versions. */
  versions: { version: number; publishedAt: string }[];
}

interface ReportQuestionBase {
  key: string;
  number: string;
  label: LocalisedText;
  text: LocalisedText;
  questionType: QuestionType;
  /** A headline indicator of the Fakta list: charted by group and over time. */
  isIndicator: boolean;
  comparabilityNotes: LocalisedText[];
  change: QuestionChange | null;
}

export type ReportQuestion = ReportQuestionBase &
  (
    | {
        /** One answer per respondent (yes/no, yes/partly/no, single choice), or one yes/no per option (multiple). */
        kind: 'choice' | 'multiple';
        options: { code: string; label: LocalisedText }[];
        national: ChoiceFigure;
        /** Kommungrupper (kommuner only), in A1 ... C9 order. */
        municipalityGroups: ChoiceFigure[];
        /** The answer charted by group and over time: "yes" for yes/no questions, else null. */
        headlineCode: string | null;
        trend: TrendPoint[];
      }
    | {
        kind: 'number';
        unit: LocalisedText | null;
        national: NumberFigure;
        municipalityGroups: NumberFigure[];
      }
  );

export interface ReportSection {
  key: string;
  title: LocalisedText;
  intro: LocalisedText;
  questions: ReportQuestion[];
}

export interface NationalReport {
  label: string;
  organisationType: OrganisationType;
  versionId: string;
  versionTitle: LocalisedText;
  /** The type's response rate: organisations invited and submitted. */
  responseRate: ResponseRate;
  facts: Fact[];
  /** The response rate of every type the Fakta speak of, stated beside them. */
  factRates: ResponseRate[];
  sections: ReportSection[];
  nis2: Nis2RollUp[];
  minimumRespondents: number;
  /** The indicator questions whose national figure the publisher exempted from the unanimity rule, by label. */
  nationalExemptions: LocalisedText[];
  /** Earlier rounds the trends draw on, oldest first. */
  trendRounds: string[];
  release: ReportRelease | null;
}

/**
 * Arranges a round's results for one organisation type under its questionnaire's sections (pure).
 * @throws {RangeError} when the round did not include the organisation type.
 */
export function buildNationalReport(input: {
  results: RoundResults;
  type: OrganisationType;
  version: QuestionnaireVersion;
  versions: readonly QuestionnaireVersion[];
  release: ReportRelease | null;
}): NationalReport {
  const { results, type, version } = input;
  const responseRate = results.responseRates.find(
    (rate) => rate.kind === 'organisation-type' && rate.organisationType === type,
  );
  if (responseRate === undefined) throw new RangeError(`round ${results.round.label} has no ${type} figures`);
  const byKey = new Map(results.questions.map((question) => [question.key, question]));
  const sections: ReportSection[] = [];
  for (const section of version.sections) {
    const questions = section.questions.flatMap((question) => {
      const result = byKey.get(question.key);
      const arranged = result ? arrangeQuestion(result, type, input) : null;
      return arranged === null ? [] : [{ ...arranged, isIndicator: question.indicator !== undefined }];
    });
    if (questions.length > 0)
      sections.push({ key: section.key, title: section.title, intro: section.intro, questions });
  }
  return {
    label: results.round.label,
    organisationType: type,
    versionId: version.id,
    versionTitle: version.title,
    responseRate,
    facts: results.facts,
    factRates: results.responseRates.filter((rate) => rate.kind === 'organisation-type'),
    sections,
    nis2: results.nis2.filter((rollUp) => rollUp.organisationType === type),
    minimumRespondents: results.suppressionThreshold,
    nationalExemptions: (results.disclosure?.nationalExemptions ?? []).flatMap((key) => {
      const question = byKey.get(key);
      return question === undefined ? [] : [question.label];
    }),
    trendRounds: results.earlierRounds.filter((round) => round.versions[type] !== null).map((round) => round.label),
    release: input.release,
  };
}

function arrangeQuestion(
  result: QuestionResult,
  type: OrganisationType,
  input: { results: RoundResults; version: QuestionnaireVersion; versions: readonly QuestionnaireVersion[] },
): ReportQuestion | null {
  const ofType = result.groups.filter((group) => group.organisationType === type);
  const national = ofType.find((group) => group.kind === 'organisation-type');
  if (national === undefined) return null;
  const municipalityGroups = ofType.filter((group) => group.kind === 'municipality-group');
  const change = result.changes.find((candidate) => candidate.organisationType === type) ?? null;
  const base: Omit<ReportQuestionBase, 'isIndicator'> = {
    key: result.key,
    number: result.number,
    label: result.label,
    text: result.text,
    questionType: result.type as QuestionType,
    comparabilityNotes: change ? findNotes(result.key, change.previousLabel, type, input) : [],
    change,
  };
  if (isNumericType(base.questionType)) {
    return {
      ...base,
      isIndicator: false,
      kind: 'number',
      unit: result.unit,
      national: national as NumberFigure,
      municipalityGroups: municipalityGroups as NumberFigure[],
    };
  }
  const isYesNo = result.type === 'yes_no' || result.type === 'yes_partly_no';
  return {
    ...base,
    isIndicator: false,
    kind: result.type === 'multiple_choice' ? 'multiple' : 'choice',
    options: result.options,
    national: national as ChoiceFigure,
    municipalityGroups: municipalityGroups as ChoiceFigure[],
    headlineCode: isYesNo ? 'yes' : null,
    trend: result.trend.filter((point) => point.organisationType === type),
  };
}

/** The comparability notes between the previous round's questionnaire and this one, for one question. */
function findNotes(
  key: string,
  previousLabel: string,
  type: OrganisationType,
  input: { results: RoundResults; version: QuestionnaireVersion; versions: readonly QuestionnaireVersion[] },
): LocalisedText[] {
  const olderId = input.results.earlierRounds.find((round) => round.label === previousLabel)?.versions[type];
  const older = input.versions.find((candidate) => candidate.id === olderId);
  if (older === undefined || older.id === input.version.id) return [];
  return compareVersions(older, input.version, input.versions).find((change) => change.key === key)?.notes ?? [];
}
