/**
 * A round's complete published figures, computed once from the submitted answers with the results module's pure
 * core (figures, disclosure control). Reports, bulk feedback reports and open data all render from this one value,
 * so a bulk run computes the round's results once, not once per organisation.
 *
 * Deliberate shortcut: the results engineer's service was not there when reports were built, so this small
 * adapter feeds listSubmittedAnswers into computeChoiceFigures / computeNumberFigures itself.
 */

import { isQuestionTargeted, listQuestions } from '../questionnaires/conditions.ts';
import { isNumericType, listAnswerOptions } from '../questionnaires/question-wording.ts';
import type { AnswerValue, Question, QuestionnaireVersion } from '../questionnaires/questionnaire.schema.ts';
import type { ChoiceGroupFigures, NumberGroupFigures } from '../results/figures.ts';
import { computeChoiceFigures, computeNumberFigures } from '../results/figures.ts';
import type { OrganisationType, PopulationMember } from '../results/groups.ts';

export type QuestionFigures =
  | { kind: 'choice'; key: string; answerCodes: string[]; groups: ChoiceGroupFigures[] }
  | { kind: 'number'; key: string; groups: NumberGroupFigures[] };

/** The figures of one organisation type in one round. */
export interface TypeFigures {
  organisationType: OrganisationType;
  version: QuestionnaireVersion;
  /** Organisations of the type invited to the round. */
  population: number;
  /** Of them, those who submitted. */
  submitted: number;
  questions: ReadonlyMap<string, QuestionFigures>;
}

/** One organisation of the round's population, with its name for reports. */
export type RoundMember = PopulationMember & { name: string };

/** A round's figures per organisation type, and the raw answers for paired tests and an organisation's own report. */
export interface RoundFigures {
  roundId: string;
  label: string;
  members: readonly RoundMember[];
  types: readonly TypeFigures[];
  /** Raw answers by organisation; never published, only compared within one organisation or paired over rounds. */
  answers: ReadonlyMap<string, ReadonlyMap<string, AnswerValue>>;
  minimumRespondents: number;
}

/** Returns whether a question's answers are counted per answer code (multiple choice and free text are not). */
export function isCountedChoice(question: Question): boolean {
  return question.type === 'yes_no' || question.type === 'yes_partly_no' || question.type === 'single_choice';
}

/**
 * Computes a round's figures per organisation type from its population and submitted answers (pure).
 * @throws {RangeError} when an answer is outside its question's answer codes or not a finite number.
 */
export function computeRoundFigures(input: {
  roundId: string;
  label: string;
  versions: Partial<Record<OrganisationType, QuestionnaireVersion>>;
  members: readonly RoundMember[];
  answers: ReadonlyMap<string, ReadonlyMap<string, AnswerValue>>;
  minimumRespondents: number;
}): RoundFigures {
  const types: TypeFigures[] = [];
  for (const organisationType of ['kommun', 'region'] as const) {
    const version = input.versions[organisationType];
    const population = input.members.filter((member) => member.type === organisationType);
    if (!version || population.length === 0) continue;
    const submittedCodes = population.map((member) => member.code).filter((code) => input.answers.has(code));
    const questions = new Map<string, QuestionFigures>();
    for (const question of listQuestions(version)) {
      if (!isQuestionTargeted(version, question, organisationType)) continue;
      const figures = computeQuestionFigures(question, population, submittedCodes, input);
      if (figures) questions.set(question.key, figures);
    }
    types.push({
      organisationType,
      version,
      population: population.length,
      submitted: submittedCodes.length,
      questions,
    });
  }
  return {
    roundId: input.roundId,
    label: input.label,
    members: input.members,
    types,
    answers: input.answers,
    minimumRespondents: input.minimumRespondents,
  };
}

function computeQuestionFigures(
  question: Question,
  population: readonly PopulationMember[],
  submittedCodes: readonly string[],
  input: { answers: ReadonlyMap<string, ReadonlyMap<string, AnswerValue>>; minimumRespondents: number },
): QuestionFigures | undefined {
  const options = { minimumRespondents: input.minimumRespondents };
  if (isCountedChoice(question)) {
    const answers = new Map<string, string | null>();
    for (const code of submittedCodes) {
      const value = input.answers.get(code)?.get(question.key);
      answers.set(code, typeof value === 'string' ? value : null);
    }
    const answerCodes = listAnswerOptions(question).map((option) => option.code);
    const groups = computeChoiceFigures(population, { answerCodes, answers }, options);
    return { kind: 'choice', key: question.key, answerCodes, groups };
  }
  if (isNumericType(question.type)) {
    const answers = new Map<string, number | null>();
    for (const code of submittedCodes) {
      const value = input.answers.get(code)?.get(question.key);
      answers.set(code, typeof value === 'number' ? value : null);
    }
    return { kind: 'number', key: question.key, groups: computeNumberFigures(population, answers, options) };
  }
  return undefined;
}

/** Finds the figures of one organisation type, or undefined when the round did not include it. */
export function findTypeFigures(figures: RoundFigures, type: OrganisationType): TypeFigures | undefined {
  return figures.types.find((candidate) => candidate.organisationType === type);
}

/** Finds the national (whole organisation type) row of a question's figures. */
export function findNationalGroup<Figures extends { kind: string; organisationType: OrganisationType }>(
  groups: readonly Figures[],
  type: OrganisationType,
): Figures | undefined {
  return groups.find((group) => group.kind === 'organisation-type' && group.organisationType === type);
}
