/**
 * The typed model of a national report (one round, one organisation type). The page and the PDF both render
 * from it, so they say the same thing; everything in it has passed disclosure control.
 */
import { listAnswerOptions, numberQuestions } from '../questionnaires/question-wording.ts';
import type {
  LocalisedText,
  Nis2Point,
  QuestionnaireVersion,
  QuestionType,
} from '../questionnaires/questionnaire.schema.ts';
import { compareVersions, isComparable } from '../questionnaires/version-comparison.ts';
import type { Fact } from '../results/facts.ts';
import type { ChoiceGroupFigures, NumberGroupFigures } from '../results/figures.ts';
import type { OrganisationType } from '../results/groups.ts';
import { computeWilsonInterval, type ShareInterval } from '../results/proportion-interval.ts';
import {
  type CoverageQuestion,
  hasAnsweredAny,
  judgeCoverage,
  listLeadershipTrainingQuestions,
  listMeasureQuestions,
} from './nis2-coverage.ts';
import { computeChange, type QuestionChange } from './question-change.ts';
import { findNationalGroup, findTypeFigures, type RoundFigures } from './round-figures.ts';

/** One point of an indicator's trend: the national share answering the headline code in one round. */
export interface TrendPoint {
  label: string;
  /** null when the figure is suppressed. */
  interval: ShareInterval | null;
  respondents: number | null;
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
}

export type ReportQuestion = ReportQuestionBase &
  (
    | {
        kind: 'choice';
        options: { code: string; label: LocalisedText }[];
        national: ChoiceGroupFigures;
        /** Kommungrupper (kommuner only), in A1 ... C9 order. */
        municipalityGroups: ChoiceGroupFigures[];
        /** The answer charted by group and over time: "yes" for yes/no questions, else null. */
        headlineCode: string | null;
        trend: TrendPoint[];
        change: QuestionChange | null;
      }
    | {
        kind: 'number';
        unit: LocalisedText | undefined;
        national: NumberGroupFigures;
        municipalityGroups: NumberGroupFigures[];
        change: QuestionChange | null;
      }
  );

export interface ReportSection {
  key: string;
  title: LocalisedText;
  intro: LocalisedText;
  questions: ReportQuestion[];
}

/** The share of organisations whose answers cover one NIS2 measure, or the leadership training duty. */
export interface MeasureRollUp {
  point: Nis2Point | 'leadership';
  questionKeys: string[];
  respondents: number;
  covered: number;
  /** null when not measured or suppressed (fewer respondents than the threshold). */
  interval: ShareInterval | null;
}

export interface NationalReport {
  label: string;
  organisationType: OrganisationType;
  versionId: string;
  versionTitle: LocalisedText;
  population: number;
  submitted: number;
  facts: Fact[];
  sections: ReportSection[];
  nis2: MeasureRollUp[];
  minimumRespondents: number;
  /** Earlier rounds the trends draw on, oldest first. */
  trendRounds: string[];
}

/**
 * Builds a national report from the round's figures and the earlier rounds the reader may see (pure).
 * @throws {RangeError} when the round did not include the organisation type.
 */
export function buildNationalReport(input: {
  current: RoundFigures;
  earlier: readonly RoundFigures[];
  type: OrganisationType;
  facts: Fact[];
  versions: readonly QuestionnaireVersion[];
}): NationalReport {
  const { current, type } = input;
  const typeFigures = findTypeFigures(current, type);
  if (!typeFigures) throw new RangeError(`round ${current.label} has no ${type} figures`);
  const version = typeFigures.version;
  const numbers = numberQuestions(version, type);
  const earlier = [...input.earlier].sort((a, b) => a.label.localeCompare(b.label, 'sv', { numeric: true }));
  const sections: ReportSection[] = [];
  for (const section of version.sections) {
    const questions: ReportQuestion[] = [];
    for (const question of section.questions) {
      const figures = typeFigures.questions.get(question.key);
      if (!figures) continue;
      const comparableEarlier = earlier.filter((round) => {
        const other = findTypeFigures(round, type);
        return (
          other?.questions.has(question.key) && isComparable(question.key, other.version.id, version.id, input.versions)
        );
      });
      const previous = comparableEarlier.at(-1);
      const change = previous ? computeChange(question, previous, current, type) : null;
      const base: ReportQuestionBase = {
        key: question.key,
        number: numbers.get(question.key) ?? '',
        label: question.label ?? question.text,
        text: question.textByType?.[type] ?? question.text,
        questionType: question.type,
        isIndicator: question.indicator !== undefined,
        comparabilityNotes: previous
          ? findNotes(question.key, findTypeFigures(previous, type)?.version, version, input.versions)
          : [],
      };
      if (figures.kind === 'choice') {
        const national = findNationalGroup(figures.groups, type);
        if (!national) continue;
        const headlineCode = question.type === 'yes_no' || question.type === 'yes_partly_no' ? 'yes' : null;
        const trend =
          headlineCode === null
            ? []
            : [...comparableEarlier, current].map((round) => trendPoint(round, type, question.key, headlineCode));
        questions.push({
          ...base,
          kind: 'choice',
          options: listAnswerOptions(question).map((option) => ({ code: option.code, label: option.label })),
          national,
          municipalityGroups: figures.groups.filter((group) => group.kind === 'municipality-group'),
          headlineCode,
          trend,
          change,
        });
      } else {
        const national = findNationalGroup(figures.groups, type);
        if (!national) continue;
        questions.push({
          ...base,
          kind: 'number',
          unit: question.unit,
          national,
          municipalityGroups: figures.groups.filter((group) => group.kind === 'municipality-group'),
          change,
        });
      }
    }
    if (questions.length > 0)
      sections.push({ key: section.key, title: section.title, intro: section.intro, questions });
  }
  return {
    label: current.label,
    organisationType: type,
    versionId: version.id,
    versionTitle: version.title,
    population: typeFigures.population,
    submitted: typeFigures.submitted,
    facts: input.facts,
    sections,
    nis2: rollUpMeasures(current, type, version),
    minimumRespondents: current.minimumRespondents,
    trendRounds: earlier.filter((round) => findTypeFigures(round, type)).map((round) => round.label),
  };
}

function findNotes(
  key: string,
  older: QuestionnaireVersion | undefined,
  newer: QuestionnaireVersion,
  versions: readonly QuestionnaireVersion[],
): LocalisedText[] {
  if (!older || older.id === newer.id) return [];
  return compareVersions(older, newer, versions).find((change) => change.key === key)?.notes ?? [];
}

/** The national share of one answer in one round, or a suppressed point. */
export function trendPoint(round: RoundFigures, type: OrganisationType, key: string, code: string): TrendPoint {
  const figures = findTypeFigures(round, type)?.questions.get(key);
  const national = figures?.kind === 'choice' ? findNationalGroup(figures.groups, type) : undefined;
  if (!national || national.suppressed) return { label: round.label, interval: null, respondents: null };
  const answer = national.answers.find((candidate) => candidate.code === code);
  return { label: round.label, interval: answer?.interval ?? null, respondents: national.respondents };
}

/** Rolls up, per NIS2 measure, the share of submitting organisations whose answers cover it. */
export function rollUpMeasures(
  round: RoundFigures,
  type: OrganisationType,
  version: QuestionnaireVersion,
): MeasureRollUp[] {
  const submitted = round.members.filter((member) => member.type === type && round.answers.has(member.code));
  const population = round.members.filter((member) => member.type === type).length;
  const rollUp = (point: MeasureRollUp['point'], questions: readonly CoverageQuestion[]): MeasureRollUp => {
    let respondents = 0;
    let covered = 0;
    for (const member of submitted) {
      const answers = round.answers.get(member.code);
      if (!answers || !hasAnsweredAny(questions, answers)) continue;
      respondents += 1;
      if (judgeCoverage(questions, answers).status === 'covered') covered += 1;
    }
    const isShown = questions.length > 0 && respondents >= round.minimumRespondents;
    const interval = isShown ? computeWilsonInterval({ count: covered, respondents, population }) : null;
    return {
      point,
      questionKeys: questions.map((item) => item.key),
      respondents,
      covered: isShown ? covered : 0,
      interval,
    };
  };
  const byPoint = listMeasureQuestions(version, type);
  return [
    ...[...byPoint].map(([point, questions]) => rollUp(point, questions)),
    rollUp('leadership', listLeadershipTrainingQuestions(version, type)),
  ];
}
