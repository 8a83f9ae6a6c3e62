/** The rules of disclosure control, as a release records them and the publication page shows them. */
export interface DisclosurePolicy {
  /** SUPPRESSION_THRESHOLD: no figure for a group with fewer respondents. */
  minimumRespondents: number;
  /** No figure for a group where fewer than this many gave another answer than the most common one. */
  minimumOtherAnswers: number;
  /** No figure for a number question from fewer values than this: a quartile of a few values is close to one's own. */
  minimumNumberValues: number;
  /**
   * Below this many values, no figure when a quartile or the median is one organisation's exact answer: type 7 puts
   * the median of an odd number of values, and every quartile of 4k+1 values, on one value (11 and 13 values). With
   * an even number of values each of them lies between two answers, so 10, 12 and 14 values may be published.
   */
  exactQuantileValues: number;
  /** Dominance rule for numbers: no figure when the largest `top` answers make up more than `share` of the sum. */
  dominance: { top: number; share: number };
  /** Every number of a suppressed figure must be uncertain by at least this much to whoever reads what is published. */
  protectionInterval: number;
  /** Indicator questions whose national figure is published even when (nearly) unanimous; chosen per release. */
  nationalExemptions: readonly string[];
}

/** The policy for a threshold, with no national exemptions. */
export function createDisclosurePolicy(
  minimumRespondents: number,
  nationalExemptions: readonly string[] = [],
): DisclosurePolicy {
  return {
    minimumRespondents,
    minimumOtherAnswers: 2,
    minimumNumberValues: 10,
    exactQuantileValues: 15,
    dominance: { top: 2, share: 0.85 },
    protectionInterval: 1,
    nationalExemptions: [...new Set(nationalExemptions)].sort(),
  };
}
