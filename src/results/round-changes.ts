/**
 * Change between rounds for one question and organisation type, on the national figure: the change in the share
 * answering yes (or in the median), and a paired test over the organisations that answered in both rounds.
 * yes/partly/no answers are compared as yes against not yes, the distinction the published fact makes.
 */
import type { AnswerValue, QuestionType } from '../questionnaires/questionnaire.schema.ts';
import type { OrganisationType } from './groups.ts';
import { countDiscordantPairs, describeChange, testMcNemarExact, testWilcoxonSignedRank } from './paired-tests.ts';
import { computeQuartiles } from './quantiles.ts';
import type { QuestionChange, TrendPoint } from './results.schema.ts';

/** One round's answers to the question from the organisations of one type that were shown it (null: no answer). */
export type TypeAnswers = ReadonlyMap<string, AnswerValue | null>;

/** Returns whether the question type has a change measure: yes/no, yes/partly/no and numbers. */
export function hasChangeMeasure(type: QuestionType): boolean {
  return ['yes_no', 'yes_partly_no', 'integer', 'decimal', 'percent'].includes(type);
}

function isNumberQuestion(type: QuestionType): boolean {
  return type === 'integer' || type === 'decimal' || type === 'percent';
}

/** The national measure of one round: the yes share or the median, or null under the threshold. */
function computeMeasure(
  type: QuestionType,
  answers: TypeAnswers,
  minimumRespondents: number,
): { respondents: number; value: number | null } {
  if (isNumberQuestion(type)) {
    const values = [...answers.values()].filter((value): value is number => typeof value === 'number');
    const quartiles = values.length >= minimumRespondents ? computeQuartiles(values) : null;
    return { respondents: values.length, value: quartiles?.median ?? null };
  }
  const values = [...answers.values()].filter((value): value is string => typeof value === 'string');
  const yes = values.filter((value) => value === 'yes').length;
  const value = values.length >= minimumRespondents && values.length > 0 ? yes / values.length : null;
  return { respondents: values.length, value };
}

/**
 * Compares a question's national figure for one organisation type with an earlier comparable round. The paired
 * test needs at least minimumRespondents organisations that answered both; otherwise it is "not-tested". An
 * improvement or decline is claimed only when the test is significant at 5 %.
 */
export function computeQuestionChange(input: {
  type: QuestionType;
  organisationType: OrganisationType;
  previousLabel: string;
  previous: TypeAnswers;
  current: TypeAnswers;
  minimumRespondents: number;
}): QuestionChange {
  const { type, previous, current, minimumRespondents } = input;
  const before = computeMeasure(type, previous, minimumRespondents);
  const after = computeMeasure(type, current, minimumRespondents);
  const isNumber = isNumberQuestion(type);
  const base = {
    organisationType: input.organisationType,
    previousLabel: input.previousLabel,
    measure: isNumber ? ('median' as const) : ('yes-share' as const),
    previous: before.value,
    current: after.value,
    difference: before.value !== null && after.value !== null ? after.value - before.value : null,
    test: isNumber ? ('wilcoxon-signed-rank' as const) : ('mcnemar-exact' as const),
  };
  const numberPairs: { before: number; after: number }[] = [];
  const yesPairs: { before: boolean; after: boolean }[] = [];
  for (const [code, earlier] of previous) {
    const later = current.get(code);
    if (earlier === null || later === null || later === undefined) continue;
    if (typeof earlier === 'number' && typeof later === 'number') numberPairs.push({ before: earlier, after: later });
    if (typeof earlier === 'string' && typeof later === 'string') {
      yesPairs.push({ before: earlier === 'yes', after: later === 'yes' });
    }
  }
  const pairs = isNumber ? numberPairs.length : yesPairs.length;
  if (pairs < minimumRespondents || base.previous === null || base.current === null) {
    return { ...base, pairs, pValue: null, description: 'not-tested' };
  }
  const result = isNumber ? testWilcoxonSignedRank(numberPairs) : testMcNemarExact(countDiscordantPairs(yesPairs));
  return { ...base, pairs, pValue: result.pValue, description: describeChange(result) };
}

/** One point of a trend: the national measure of a comparable round, null under the threshold. */
export function computeTrendPoint(input: {
  type: QuestionType;
  organisationType: OrganisationType;
  label: string;
  answers: TypeAnswers;
  minimumRespondents: number;
}): TrendPoint {
  const measure = computeMeasure(input.type, input.answers, input.minimumRespondents);
  return {
    label: input.label,
    organisationType: input.organisationType,
    respondents: measure.value === null ? null : measure.respondents,
    value: measure.value,
  };
}
