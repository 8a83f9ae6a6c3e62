import type { Question } from '../questionnaires/questionnaire.schema.ts';
import type { OrganisationType } from '../results/groups.ts';
import {
  countDiscordantPairs,
  type PairedTestResult,
  testMcNemarExact,
  testWilcoxonSignedRank,
} from '../results/paired-tests.ts';
import { findNationalGroup, findTypeFigures, type RoundFigures } from './round-figures.ts';

/** A change is called significant (an improvement or a decline) only below this p-value. */
export const significanceLevel = 0.05;

/** The change of a question's national figure since the previous comparable round, with its paired test. */
export interface QuestionChange {
  previousLabel: string;
  /** Share of "yes" (percentage points / 100) or median, before and after. */
  before: number;
  after: number;
  difference: number;
  measure: 'share-yes' | 'median';
  test: PairedTestResult;
  /** Organisations that answered in both rounds. */
  pairs: number;
  isSignificant: boolean;
}

/**
 * Computes the change of a question since an earlier comparable round: the difference of the published national
 * figures, and a paired test over the organisations that answered both rounds (exact McNemar on yes / not yes,
 * Wilcoxon signed-rank on numbers). Returns null when either national figure is suppressed or not comparable.
 */
export function computeChange(
  question: Question,
  previous: RoundFigures,
  current: RoundFigures,
  type: OrganisationType,
): QuestionChange | null {
  const before = findTypeFigures(previous, type)?.questions.get(question.key);
  const after = findTypeFigures(current, type)?.questions.get(question.key);
  if (!before || !after || before.kind !== after.kind) return null;
  const codes = current.members.filter((member) => member.type === type).map((member) => member.code);
  if (before.kind === 'choice' && after.kind === 'choice') {
    if (question.type !== 'yes_no' && question.type !== 'yes_partly_no') return null;
    const first = findNationalGroup(before.groups, type);
    const second = findNationalGroup(after.groups, type);
    if (!first || !second || first.suppressed || second.suppressed) return null;
    const shareOf = (group: typeof first) =>
      group.suppressed ? 0 : (group.answers.find((answer) => answer.code === 'yes')?.interval.share ?? 0);
    const pairs: { before: boolean; after: boolean }[] = [];
    for (const code of codes) {
      const earlier = previous.answers.get(code)?.get(question.key);
      const later = current.answers.get(code)?.get(question.key);
      if (typeof earlier === 'string' && typeof later === 'string')
        pairs.push({ before: earlier === 'yes', after: later === 'yes' });
    }
    const test = testMcNemarExact(countDiscordantPairs(pairs));
    return describe(previous.label, shareOf(first), shareOf(second), 'share-yes', test, pairs.length);
  }
  if (before.kind === 'number' && after.kind === 'number') {
    const first = findNationalGroup(before.groups, type);
    const second = findNationalGroup(after.groups, type);
    if (!first || !second || first.suppressed || second.suppressed) return null;
    const pairs: { before: number; after: number }[] = [];
    for (const code of codes) {
      const earlier = previous.answers.get(code)?.get(question.key);
      const later = current.answers.get(code)?.get(question.key);
      if (typeof earlier === 'number' && typeof later === 'number') pairs.push({ before: earlier, after: later });
    }
    const test = testWilcoxonSignedRank(pairs);
    return describe(previous.label, first.quartiles.median, second.quartiles.median, 'median', test, pairs.length);
  }
  return null;
}

function describe(
  previousLabel: string,
  before: number,
  after: number,
  measure: QuestionChange['measure'],
  test: PairedTestResult,
  pairs: number,
): QuestionChange {
  return {
    previousLabel,
    before,
    after,
    difference: after - before,
    measure,
    test,
    pairs,
    isSignificant: test.pValue < significanceLevel && test.direction !== 'none',
  };
}
