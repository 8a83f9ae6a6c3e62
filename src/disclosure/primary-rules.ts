import type { DisclosurePolicy } from './disclosure-policy.ts';
import type { LinkedCell, LinkedTable } from './linked-set.ts';

/**
 * Returns whether a cell must be suppressed on its own (primary suppression): too few respondents; for choices
 * all, or all but one, gave the same answer (for multiple choice: chose, or did not choose, an option) unless it is
 * an exempted national figure; for numbers too few values for quartiles, a quartile or median of a small group
 * that is one organisation's exact answer, or a few answers that dominate the sum.
 */
export function isPrimarySensitive(table: LinkedTable, cell: LinkedCell, policy: DisclosurePolicy): boolean {
  if (cell.respondents < policy.minimumRespondents) return true;
  const isExempt = cell.isNational && policy.nationalExemptions.includes(table.questionKey);
  if (table.kind === 'number') return isNumberSensitive(cell.values ?? [], policy);
  if (isExempt) return false;
  if (table.kind === 'single-choice') {
    return cell.respondents - largestCount(cell) < policy.minimumOtherAnswers;
  }
  return table.codes.some((code) => {
    const chosen = cell.counts[code] ?? 0;
    return Math.min(chosen, cell.respondents - chosen) < policy.minimumOtherAnswers;
  });
}

/** The most common answer's count. */
export function largestCount(cell: Pick<LinkedCell, 'counts'>): number {
  return Math.max(0, ...Object.values(cell.counts));
}

function isNumberSensitive(values: readonly number[], policy: DisclosurePolicy): boolean {
  if (values.length < policy.minimumNumberValues) return true;
  if (values.length < policy.exactQuantileValues && hasExactQuantile(values.length)) return true;
  // Dominance is defined for non-negative amounts (counts, money); a set with negative values is judged on size.
  if (values.some((value) => value < 0)) return false;
  const sum = values.reduce((total, value) => total + value, 0);
  if (sum === 0) return false;
  const largest = [...values].sort((a, b) => b - a).slice(0, policy.dominance.top);
  return largest.reduce((total, value) => total + value, 0) > policy.dominance.share * sum;
}

/** Whether a type-7 quartile or the median of this many values falls on one value: at (n - 1) p, a whole position. */
function hasExactQuantile(count: number): boolean {
  return [0.25, 0.5, 0.75].some((probability) => Number.isInteger((count - 1) * probability));
}
