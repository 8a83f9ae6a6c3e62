/**
 * Plausibility checks while answering: warnings, never errors. Shared by the server (the form without JavaScript,
 * the coordinator's review list) and the browser (live, in the form's script), so both warn alike.
 */
import type { AnswerValue, Question } from './questionnaire.schema.ts';

export type PlausibilityWarningKind = 'ratio_above' | 'ratio_below' | 'below_min' | 'above_max' | 'yes_to_no';
export const plausibilityWarningKinds: readonly PlausibilityWarningKind[] = [
  'ratio_above',
  'ratio_below',
  'below_min',
  'above_max',
  'yes_to_no',
];

/** What a question's warnings depend on, small enough to travel to the browser. */
export type PlausibilityRule = {
  min?: number;
  max?: number;
  ratio?: number;
  isIndicator?: boolean;
};

/** The question's rule, or undefined when the question never warns. */
export function findPlausibilityRule(question: Question): PlausibilityRule | undefined {
  const isIndicator =
    question.indicator !== undefined && (question.type === 'yes_no' || question.type === 'yes_partly_no');
  if (!question.plausible && !isIndicator) return undefined;
  return { ...question.plausible, ...(isIndicator ? { isIndicator } : {}) };
}

/** The warnings a rule can give at all, given whether last round's answer is known. */
export function listPossibleWarnings(rule: PlausibilityRule, hasPrevious: boolean): PlausibilityWarningKind[] {
  return plausibilityWarningKinds.filter((kind) => {
    if (kind === 'below_min') return rule.min !== undefined;
    if (kind === 'above_max') return rule.max !== undefined;
    if (kind === 'yes_to_no') return rule.isIndicator === true && hasPrevious;
    return rule.ratio !== undefined && hasPrevious;
  });
}

/**
 * The warnings for an answer given last round's comparable answer (if any): a number outside the plausible range,
 * a number at least `ratio` times or at most 1/`ratio` of last round's, a yes become no on an indicator question.
 */
export function findPlausibilityWarnings(
  rule: PlausibilityRule | undefined,
  value: AnswerValue | null | undefined,
  previous: AnswerValue | null | undefined,
): PlausibilityWarningKind[] {
  if (!rule || value === null || value === undefined) return [];
  const warnings: PlausibilityWarningKind[] = [];
  if (typeof value === 'number') {
    if (rule.min !== undefined && value < rule.min) warnings.push('below_min');
    if (rule.max !== undefined && value > rule.max) warnings.push('above_max');
    if (rule.ratio !== undefined && typeof previous === 'number' && previous > 0) {
      if (value >= previous * rule.ratio) warnings.push('ratio_above');
      else if (value <= previous / rule.ratio) warnings.push('ratio_below');
    }
  }
  if (rule.isIndicator && previous === 'yes' && value === 'no') warnings.push('yes_to_no');
  return warnings;
}
