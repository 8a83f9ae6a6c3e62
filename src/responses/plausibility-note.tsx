import {
  findPlausibilityRule,
  listPossibleWarnings,
  type PlausibilityWarningKind,
} from '../questionnaires/plausibility.ts';
import type { AnswerValue, Question } from '../questionnaires/questionnaire.schema.ts';
import type { MessageKey } from '../web/i18n.ts';
import type { PageContext } from '../web/page-context.ts';
import { formatAnswer } from './answer-format.ts';
import type { PreviousAnswer } from './previous-answers.service.ts';

export type PlausibilityState = {
  previous: PreviousAnswer | undefined;
  kinds: readonly PlausibilityWarningKind[];
  explanation: string;
};

const warningKeys: Readonly<Record<PlausibilityWarningKind, MessageKey>> = {
  ratio_above: 'responses.plausibility.ratioAbove',
  ratio_below: 'responses.plausibility.ratioBelow',
  below_min: 'responses.plausibility.belowMin',
  above_max: 'responses.plausibility.aboveMax',
  yes_to_no: 'responses.plausibility.yesToNo',
};

/** Words one warning of a question for the reader, naming last round's answer or the plausible range. */
export function describeWarning(
  context: PageContext,
  question: Question,
  kind: PlausibilityWarningKind,
  previous: AnswerValue | undefined,
): string {
  const { t, language } = context;
  const rule = findPlausibilityRule(question);
  const format = (value: AnswerValue | number | undefined) =>
    value === undefined ? '' : (formatAnswer(question, value, language) ?? '');
  return t(warningKeys[kind], {
    previous: format(previous),
    ratio: String(rule?.ratio ?? '').replace('.', language === 'sv' ? ',' : '.'),
    min: format(rule?.min),
    max: format(rule?.max),
  });
}

/**
 * A question's plausibility warning with a box for a short explanation. Rendered for every question with a rule
 * (hidden while it does not warn) so the form's script can show it as the answer changes; a warning, never an error.
 */
export function PlausibilityNote({
  context,
  question,
  state,
}: {
  context: PageContext;
  question: Question;
  state: PlausibilityState;
}) {
  const { t } = context;
  const key = question.key;
  const isWarning = state.kinds.length > 0;
  const previous = state.previous?.value;
  const rule = findPlausibilityRule(question);
  const possible = rule ? listPossibleWarnings(rule, previous !== undefined) : [];
  if (possible.length === 0) return null;
  return (
    <div
      class="plausibility-warning"
      data-plausibility={key}
      data-plausibility-previous={previous === undefined ? undefined : JSON.stringify(previous)}
      hidden={!isWarning}
    >
      <p class="plausibility-warning__title">
        <strong>{t('responses.plausibility.title')}</strong>
      </p>
      {possible.map((kind) => (
        <p key={kind} data-warning={kind} hidden={!state.kinds.includes(kind)}>
          {describeWarning(context, question, kind, previous)}
        </p>
      ))}
      <label for={`explain-${key}`}>{t('responses.plausibility.explain')}</label>
      <textarea id={`explain-${key}`} name={`explain_${key}`} rows={2} maxLength={1000}>
        {state.explanation}
      </textarea>
      <input type="hidden" name={`warned_${key}`} value="yes" disabled={!isWarning} data-warned={key} />
    </div>
  );
}
