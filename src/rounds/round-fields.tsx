import type { FieldError } from '../app-error.ts';
import type { PageContext } from '../web/page-context.ts';
import { fieldErrorToProblem } from './round-input.ts';
import { isRoundsMessageKey } from './rounds.messages.ts';
import type { RoundStatus } from './rounds.repository.ts';
import { formatStockholm } from './stockholm-time.ts';

export type { PageError } from '../web/form-field.tsx';

import type { PageError } from '../web/form-field.tsx';

/** Words service problems ("reason" or "reason: value" per field) in the visitor's language. */
export function describeProblems(context: PageContext, errors: readonly FieldError[]): PageError[] {
  return errors.map((error) => {
    const problem = fieldErrorToProblem(error);
    const key = `rounds.problem.${problem.field}.${problem.reason}`;
    return {
      field: problem.field,
      message: isRoundsMessageKey(key) ? context.t(key, { value: problem.value }) : context.t('rounds.problem.other'),
    };
  });
}

export { Field } from '../web/form-field.tsx';

/** The round's status in words. */
export function statusText(context: PageContext, status: RoundStatus): string {
  return context.t(`rounds.status.${status}`);
}

/** A Stockholm time for a table cell, or a dash. */
export function timeText(iso: string | null): string {
  return iso === null ? '–' : formatStockholm(iso);
}

/** A notice announced to screen readers after an action. */
export function Notice({ text }: { text: string | null }) {
  return text ? (
    <p class="notice" role="status">
      {text}
    </p>
  ) : null;
}
