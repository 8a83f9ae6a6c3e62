/** The rules of disclosure control, as a release records them and the publication page shows them. */
export interface DisclosurePolicy {
  /** SUPPRESSION_THRESHOLD: no figure for a group with fewer respondents. */
  minimumRespondents: number;
  /** No figure for a group where fewer than this many gave another answer than the most common one. */
  minimumOtherAnswers: number;
  /**
   * No quartiles from fewer values than this. A quartile (type 7) of 4k+1 values, and a median of an odd number, is
   * one organisation's exact answer; below 15 values (5, 9, 13) that is one of too few to publish.
   */
  minimumNumberValues: number;
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
    minimumNumberValues: 15,
    dominance: { top: 2, share: 0.85 },
    protectionInterval: 1,
    nationalExemptions: [...new Set(nationalExemptions)].sort(),
  };
}
