/**
 * The typed model of one organisation's feedback report: its own answers beside the published figures of a
 * comparison group and of the whole country (read from the round's results, never computed here), its own answers
 * in earlier rounds, and its NIS2 coverage.
 */

import { isQuestionTargeted } from '../questionnaires/conditions.ts';
import { isNumericType, listAnswerOptions, numberQuestions } from '../questionnaires/question-wording.ts';
import type {
  AnswerValue,
  LocalisedText,
  Question,
  QuestionnaireVersion,
} from '../questionnaires/questionnaire.schema.ts';
import { isComparable } from '../questionnaires/version-comparison.ts';
import type { OrganisationType } from '../results/groups.ts';
import {
  assessNis2Coverage,
  judgeCoverage,
  listLeadershipTrainingQuestions,
  type MeasureCoverage,
} from '../results/nis2-coverage.ts';
import type { GroupFigure, RoundResults } from '../results/results.schema.ts';
import type { NamedMember } from '../results/results.service.ts';
import type { ReportRelease } from './national-report.model.ts';

/** A published comparison figure: the share giving the organisation's answer (or "yes"), or a median. */
export type ComparisonCell =
  | { kind: 'share'; share: number; code: string }
  | { kind: 'median'; value: number }
  | { kind: 'suppressed' }
  | { kind: 'none' };

/** An answer as shown: an option's label, the options chosen, or a number; null when not answered. */
export type ShownAnswer =
  | { kind: 'option'; code: string; label: LocalisedText }
  | { kind: 'options'; labels: LocalisedText[] }
  | { kind: 'number'; value: number }
  | null;

export interface FeedbackRow {
  key: string;
  number: string;
  label: LocalisedText;
  own: ShownAnswer;
  group: ComparisonCell;
  national: ComparisonCell;
}

export interface FeedbackTrendRow {
  key: string;
  number: string;
  label: LocalisedText;
  /** The organisation's answers, oldest round first, only rounds where the question is comparable. */
  answers: { label: string; answer: ShownAnswer }[];
}

/**
 * The group an organisation is compared with: its kommungrupp, or its main group (A, B, C) when too few of the
 * kommungrupp submitted for its figures to be shown (kommungrupp A1 has three members); none for a region.
 */
export type ComparisonGroup =
  | { kind: 'municipality-group'; key: string }
  | { kind: 'main-group'; key: string; instead: string }
  | { kind: 'none' };

export interface FeedbackReport {
  label: string;
  organisation: NamedMember;
  hasSubmitted: boolean;
  versionId: string;
  comparison: ComparisonGroup;
  sections: { key: string; title: LocalisedText; rows: FeedbackRow[] }[];
  trend: FeedbackTrendRow[];
  nis2: MeasureCoverage[];
  /** The leadership training duty of 2 kap. 4 §. */
  leadership: Omit<MeasureCoverage, 'point'>;
  minimumRespondents: number;
  release: ReportRelease | null;
}

/** One earlier round's own answers, with the questionnaire version the organisation answered. */
export interface OwnHistory {
  label: string;
  versionId: string;
  answers: ReadonlyMap<string, AnswerValue>;
}

function showAnswer(question: Question, value: AnswerValue | undefined): ShownAnswer {
  if (typeof value === 'number') return { kind: 'number', value };
  const options = listAnswerOptions(question);
  if (typeof value === 'string') {
    const option = options.find((candidate) => candidate.code === value);
    return option ? { kind: 'option', code: option.code, label: option.label } : null;
  }
  if (Array.isArray(value) && value.length > 0) {
    return { kind: 'options', labels: options.filter((option) => value.includes(option.code)).map((o) => o.label) };
  }
  return null;
}

function compare(group: GroupFigure | undefined, code: string | null): ComparisonCell {
  if (group === undefined) return { kind: 'none' };
  if (group.suppressed) return { kind: 'suppressed' };
  if ('median' in group) return { kind: 'median', value: group.median };
  if (code === null) return { kind: 'none' };
  const answer = group.answers.find((candidate) => candidate.code === code);
  return answer ? { kind: 'share', share: answer.share, code } : { kind: 'none' };
}

/** Chooses the comparison group from the round's response rates: the kommungrupp when enough of it submitted. */
export function chooseComparisonGroup(results: RoundResults, organisation: NamedMember): ComparisonGroup {
  const group = organisation.municipalityGroup;
  if (organisation.type !== 'kommun' || group === null) return { kind: 'none' };
  const rate = results.responseRates.find((candidate) => candidate.groupId === `kommun:municipality-group:${group}`);
  if (rate !== undefined && rate.submitted >= results.suppressionThreshold)
    return { kind: 'municipality-group', key: group };
  const main = organisation.mainGroup;
  return main === null ? { kind: 'none' } : { kind: 'main-group', key: main, instead: group };
}

/**
 * Builds one organisation's feedback report from the round's results and its own answers (pure).
 * @throws {RangeError} when the round did not include the organisation's type.
 */
export function buildFeedbackReport(input: {
  results: RoundResults;
  organisation: NamedMember;
  version: QuestionnaireVersion;
  answers: ReadonlyMap<string, AnswerValue>;
  hasSubmitted: boolean;
  history: readonly OwnHistory[];
  versions: readonly QuestionnaireVersion[];
  release: ReportRelease | null;
}): FeedbackReport {
  const { results, organisation, version, answers } = input;
  const type: OrganisationType = organisation.type;
  const comparison = chooseComparisonGroup(results, organisation);
  const groupId = comparison.kind === 'none' ? null : `kommun:${comparison.kind}:${comparison.key}`;
  const byKey = new Map(results.questions.map((question) => [question.key, question]));
  const numbers = numberQuestions(version, type);
  const sections: FeedbackReport['sections'] = [];
  const trend: FeedbackTrendRow[] = [];
  for (const section of version.sections) {
    const rows: FeedbackRow[] = [];
    for (const question of section.questions) {
      if (!isQuestionTargeted(version, question, type)) continue;
      const result = byKey.get(question.key);
      if (result === undefined) continue;
      const own = showAnswer(question, answers.get(question.key));
      // Yes/no questions compare the share of yes; a single choice the share that gave the same answer; a number
      // the median. Several options chosen have no one figure to stand beside.
      const code =
        question.type === 'yes_no' || question.type === 'yes_partly_no'
          ? 'yes'
          : question.type === 'single_choice' && own?.kind === 'option'
            ? own.code
            : null;
      const isCompared = code !== null || isNumericType(question.type);
      const find = (id: string | null) => result.groups.find((group) => group.groupId === id);
      const label = question.label ?? question.text;
      const number = numbers.get(question.key) ?? '';
      rows.push({
        key: question.key,
        number,
        label,
        own,
        group: isCompared && groupId !== null ? compare(find(groupId), code) : { kind: 'none' },
        national: isCompared ? compare(find(type), code) : { kind: 'none' },
      });
      const earlier = input.history.flatMap((round) => {
        if (!isComparable(question.key, round.versionId, version.id, input.versions)) return [];
        const value = round.answers.get(question.key);
        return value === undefined ? [] : [{ label: round.label, answer: showAnswer(question, value) }];
      });
      if (earlier.length > 0)
        trend.push({
          key: question.key,
          number,
          label,
          answers: [...earlier, { label: results.round.label, answer: own }],
        });
    }
    if (rows.length > 0) sections.push({ key: section.key, title: section.title, rows });
  }
  return {
    label: results.round.label,
    organisation,
    hasSubmitted: input.hasSubmitted,
    versionId: version.id,
    comparison,
    sections,
    trend,
    nis2: assessNis2Coverage(version, type, answers),
    leadership: judgeCoverage(listLeadershipTrainingQuestions(version, type), answers),
    minimumRespondents: results.suppressionThreshold,
    release: input.release,
  };
}
