/**
 * Change between rounds for one question and organisation type, on two bases that are labelled for what they are:
 * (a) the national figures of the two rounds, each over its own respondents, with Newcombe's interval for the
 * difference of the shares; (b) the paired change among the organisations that answered in both rounds, with the
 * exact McNemar test (yes against not yes) or the Wilcoxon signed-rank test (numbers). Each verdict is judged on
 * the figure it is printed beside and has its sign.
 */
import type { AnswerValue, QuestionType } from '../questionnaires/questionnaire.schema.ts';
import type { OrganisationType } from './groups.ts';
import {
  countDiscordantPairs,
  estimateHodgesLehmann,
  judgeChange,
  testMcNemarExact,
  testWilcoxonSignedRank,
} from './paired-tests.ts';
import { compareProportions } from './proportion-interval.ts';
import type { GroupFigure, NationalDifference, PairedChange, QuestionChange, TrendPoint } from './results.schema.ts';

/** One round's answers to the question from the organisations of one type that were shown it (null: no answer). */
export type TypeAnswers = ReadonlyMap<string, AnswerValue | null>;

/** Returns whether the question type has a change measure: yes/no, yes/partly/no and numbers. */
export function hasChangeMeasure(type: QuestionType): boolean {
  return ['yes_no', 'yes_partly_no', 'integer', 'decimal', 'percent'].includes(type);
}

function isNumberQuestion(type: QuestionType): boolean {
  return type === 'integer' || type === 'decimal' || type === 'percent';
}

/** The published national measure of a group figure: the yes share with its interval, or the median. */
function readMeasure(
  figure: GroupFigure | undefined,
): { value: number; lower: number | null; upper: number | null; respondents: number; count: number } | null {
  if (figure === undefined || figure.suppressed) return null;
  if ('median' in figure) {
    return { value: figure.median, lower: null, upper: null, respondents: figure.respondents, count: 0 };
  }
  const yes = figure.answers.find((answer) => answer.code === 'yes');
  if (yes === undefined) return null;
  return { value: yes.share, lower: yes.lower, upper: yes.upper, respondents: figure.respondents, count: yes.count };
}

/** Turns a round's published national figure into a point of the question's trend (null when suppressed). */
export function toTrendPoint(
  label: string,
  organisationType: OrganisationType,
  figure: GroupFigure | undefined,
): TrendPoint {
  const measure = readMeasure(figure);
  return {
    label,
    organisationType,
    respondents: measure?.respondents ?? null,
    value: measure?.value ?? null,
    lower: measure?.lower ?? null,
    upper: measure?.upper ?? null,
  };
}

function compareNational(
  previous: GroupFigure | undefined,
  current: GroupFigure | undefined,
  isNumber: boolean,
): NationalDifference {
  const before = readMeasure(previous);
  const after = readMeasure(current);
  const base = {
    previous: before?.value ?? null,
    current: after?.value ?? null,
    previousRespondents: before?.respondents ?? 0,
    currentRespondents: after?.respondents ?? 0,
  };
  if (before === null || after === null || previous === undefined || current === undefined) {
    return { ...base, difference: null, lower: null, upper: null, verdict: 'not-tested' };
  }
  if (isNumber) {
    const difference = Number((after.value - before.value).toPrecision(12));
    return { ...base, difference, lower: null, upper: null, verdict: 'not-tested' };
  }
  const interval = compareProportions(
    { count: after.count, respondents: after.respondents, population: current.population },
    { count: before.count, respondents: before.respondents, population: previous.population },
  );
  if (interval === null) return { ...base, difference: null, lower: null, upper: null, verdict: 'not-tested' };
  const { difference, lower, upper } = interval;
  const verdict = !interval.isSignificant ? 'no-significant-change' : difference > 0 ? 'increase' : 'decrease';
  return { ...base, difference, lower, upper, verdict };
}

/**
 * Whether publishing the paired figures could reveal the organisations that answered only one of the rounds: the
 * national figure minus the paired one is their figure, so each such group must be empty, or at least the threshold
 * and not (all but one) of one answer, the same rule as any published group.
 */
function isComplementProtected(
  national: GroupFigure | undefined,
  pairs: number,
  pairedYes: number | null,
  minimumRespondents: number,
): boolean {
  const measure = readMeasure(national);
  if (measure === null) return false;
  const others = measure.respondents - pairs;
  if (others === 0) return true;
  if (others < minimumRespondents) return false;
  if (pairedYes === null) return true;
  const othersYes = measure.count - pairedYes;
  return othersYes > 1 && othersYes < others - 1;
}

function comparePaired(
  previous: TypeAnswers,
  current: TypeAnswers,
  isNumber: boolean,
  minimumRespondents: number,
  nationals: { previous: GroupFigure | undefined; current: GroupFigure | undefined },
): PairedChange {
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
  const test = isNumber ? ('wilcoxon-signed-rank' as const) : ('mcnemar-exact' as const);
  const pairs = isNumber ? numberPairs.length : yesPairs.length;
  const untested = { pairs, previous: null, current: null, difference: null, test, pValue: null };
  // Too few paired organisations: no figure and no verdict, as for any group below the threshold.
  if (pairs < minimumRespondents || pairs === 0) return { ...untested, verdict: 'not-tested' };
  const yesBefore = isNumber ? null : yesPairs.filter((pair) => pair.before).length;
  const yesAfter = isNumber ? null : yesPairs.filter((pair) => pair.after).length;
  if (
    !isComplementProtected(nationals.previous, pairs, yesBefore, minimumRespondents) ||
    !isComplementProtected(nationals.current, pairs, yesAfter, minimumRespondents)
  ) {
    return { ...untested, verdict: 'not-tested' };
  }
  if (isNumber) {
    const difference = estimateHodgesLehmann(numberPairs);
    const { pValue } = testWilcoxonSignedRank(numberPairs);
    return { ...untested, difference, pValue, verdict: judgeChange(pValue, difference) };
  }
  const discordant = countDiscordantPairs(yesPairs);
  const before = (yesBefore ?? 0) / pairs;
  const after = (yesAfter ?? 0) / pairs;
  // (noThenYes - yesThenNo) / pairs, the same number as after - before without its rounding error.
  const difference = (discordant.noThenYes - discordant.yesThenNo) / pairs;
  const { pValue } = testMcNemarExact(discordant);
  return {
    pairs,
    previous: before,
    current: after,
    difference,
    test,
    pValue,
    verdict: judgeChange(pValue, difference),
  };
}

/**
 * Compares a question's figures for one organisation type with an earlier comparable round, on both bases: the
 * published national figures (a) and the organisations that answered in both rounds (b).
 */
export function computeQuestionChange(input: {
  type: QuestionType;
  organisationType: OrganisationType;
  previousLabel: string;
  previousNational: GroupFigure | undefined;
  currentNational: GroupFigure | undefined;
  previous: TypeAnswers;
  current: TypeAnswers;
  minimumRespondents: number;
}): QuestionChange {
  const isNumber = isNumberQuestion(input.type);
  return {
    organisationType: input.organisationType,
    previousLabel: input.previousLabel,
    measure: isNumber ? 'median' : 'yes-share',
    national: compareNational(input.previousNational, input.currentNational, isNumber),
    paired: comparePaired(input.previous, input.current, isNumber, input.minimumRespondents, {
      previous: input.previousNational,
      current: input.currentNational,
    }),
  };
}
