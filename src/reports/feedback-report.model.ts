/**
 * The typed model of one organisation's feedback report: its own answers beside the published (suppressed)
 * figures of its kommungrupp and the whole country, its own trend, and its NIS2 coverage.
 */

import { isQuestionTargeted } from '../questionnaires/conditions.ts';
import { isNumericType, listAnswerOptions, numberQuestions } from '../questionnaires/question-wording.ts';
import type { AnswerValue, LocalisedText, QuestionnaireVersion } from '../questionnaires/questionnaire.schema.ts';
import { isComparable } from '../questionnaires/version-comparison.ts';
import type { ChoiceGroupFigures, NumberGroupFigures } from '../results/figures.ts';
import type { OrganisationType } from '../results/groups.ts';
import {
  assessNis2Coverage,
  judgeCoverage,
  listLeadershipTrainingQuestions,
  type MeasureCoverage,
} from './nis2-coverage.ts';
import { findTypeFigures, isCountedChoice, type RoundFigures, type RoundMember } from './round-figures.ts';

/** A published comparison figure: the share giving the organisation's answer (or "yes"), or a median. */
export type ComparisonCell =
  | { kind: 'share'; share: number; code: string }
  | { kind: 'median'; value: number }
  | { kind: 'suppressed' }
  | { kind: 'none' };

/** An answer as shown: an option's label or a number; null when the organisation did not answer. */
export type ShownAnswer =
  | { kind: 'option'; code: string; label: LocalisedText }
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

export interface FeedbackReport {
  label: string;
  organisation: RoundMember;
  hasSubmitted: boolean;
  versionId: string;
  sections: { key: string; title: LocalisedText; rows: FeedbackRow[] }[];
  trend: FeedbackTrendRow[];
  nis2: MeasureCoverage[];
  /** The leadership training duty of 2 kap. 4 §. */
  leadership: Omit<MeasureCoverage, 'point'>;
  minimumRespondents: number;
}

function showAnswer(
  question: QuestionnaireVersion['sections'][number]['questions'][number],
  value: AnswerValue | undefined,
): ShownAnswer {
  if (typeof value === 'number') return { kind: 'number', value };
  if (typeof value === 'string') {
    const option = listAnswerOptions(question).find((candidate) => candidate.code === value);
    return option ? { kind: 'option', code: option.code, label: option.label } : null;
  }
  return null;
}

function compareChoice(group: ChoiceGroupFigures | undefined, code: string): ComparisonCell {
  if (!group) return { kind: 'none' };
  if (group.suppressed) return { kind: 'suppressed' };
  const answer = group.answers.find((candidate) => candidate.code === code);
  return answer ? { kind: 'share', share: answer.interval.share, code } : { kind: 'none' };
}

function compareNumber(group: NumberGroupFigures | undefined): ComparisonCell {
  if (!group) return { kind: 'none' };
  if (group.suppressed) return { kind: 'suppressed' };
  return { kind: 'median', value: group.quartiles.median };
}

/**
 * Builds one organisation's feedback report from the round's figures, computed once for all organisations (pure).
 * @throws {RangeError} when the organisation is not in the round's population.
 */
export function buildFeedbackReport(input: {
  current: RoundFigures;
  earlier: readonly RoundFigures[];
  organisationCode: string;
  versions: readonly QuestionnaireVersion[];
}): FeedbackReport {
  const { current } = input;
  const organisation = current.members.find((member) => member.code === input.organisationCode);
  if (!organisation) throw new RangeError(`organisation ${input.organisationCode} is not in round ${current.label}`);
  const type: OrganisationType = organisation.type;
  const typeFigures = findTypeFigures(current, type);
  if (!typeFigures) throw new RangeError(`round ${current.label} has no ${type} figures`);
  const version = typeFigures.version;
  const answers = current.answers.get(organisation.code) ?? new Map<string, AnswerValue>();
  const numbers = numberQuestions(version, type);
  const groupId = organisation.municipalityGroup ? `kommun:municipality-group:${organisation.municipalityGroup}` : null;
  const sections: FeedbackReport['sections'] = [];
  const trend: FeedbackTrendRow[] = [];
  for (const section of version.sections) {
    const rows: FeedbackRow[] = [];
    for (const question of section.questions) {
      if (!isQuestionTargeted(version, question, type)) continue;
      if (!isCountedChoice(question) && !isNumericType(question.type)) continue;
      const figures = typeFigures.questions.get(question.key);
      if (!figures) continue;
      const own = showAnswer(question, answers.get(question.key));
      const label = question.label ?? question.text;
      const number = numbers.get(question.key) ?? '';
      if (figures.kind === 'choice') {
        // Yes/no questions compare the share of yes; other choices the share that gave the same answer.
        const code = question.type === 'single_choice' ? (own?.kind === 'option' ? own.code : null) : 'yes';
        const find = (id: string | null) =>
          id === null ? undefined : figures.groups.find((group) => group.groupId === id);
        rows.push({
          key: question.key,
          number,
          label,
          own,
          group: code === null ? { kind: 'none' } : compareChoice(find(groupId), code),
          national: code === null ? { kind: 'none' } : compareChoice(find(type), code),
        });
      } else {
        const find = (id: string | null) =>
          id === null ? undefined : figures.groups.find((group) => group.groupId === id);
        rows.push({
          key: question.key,
          number,
          label,
          own,
          group: compareNumber(find(groupId)),
          national: compareNumber(find(type)),
        });
      }
      const history = input.earlier.flatMap((round) => {
        const other = findTypeFigures(round, type);
        if (!other || !isComparable(question.key, other.version.id, version.id, input.versions)) return [];
        const value = round.answers.get(organisation.code)?.get(question.key);
        return value === undefined ? [] : [{ label: round.label, answer: showAnswer(question, value) }];
      });
      if (history.length > 0)
        trend.push({ key: question.key, number, label, answers: [...history, { label: current.label, answer: own }] });
    }
    if (rows.length > 0) sections.push({ key: section.key, title: section.title, rows });
  }
  return {
    label: current.label,
    organisation,
    hasSubmitted: current.answers.has(organisation.code),
    versionId: version.id,
    sections,
    trend,
    nis2: assessNis2Coverage(version, type, answers),
    leadership: judgeCoverage(listLeadershipTrainingQuestions(version, type), answers),
    minimumRespondents: current.minimumRespondents,
  };
}
