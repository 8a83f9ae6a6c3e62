import type { ComponentChildren } from 'preact';
import type { FieldError } from '../app-error.ts';
import type { PageContext } from '../web/page-context.ts';
import { fieldErrorToProblem } from './round-input.ts';
import { isRoundsMessageKey } from './rounds.messages.ts';
import type { RoundStatus } from './rounds.repository.ts';
import { formatStockholm } from './stockholm-time.ts';

export type PageError = { field: string; message: string };

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

/** A labelled input with its hint and error, wired for screen readers. */
export function Field({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  error: PageError | undefined;
  children: (described: { 'aria-invalid'?: 'true'; 'aria-describedby'?: string }) => ComponentChildren;
}) {
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={`field${error ? ' field--error' : ''}`}>
      <label for={id}>{label}</label>
      {hint ? (
        <p class="muted" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p class="field-error" id={`${id}-error`}>
          {error.message}
        </p>
      ) : null}
      {children({
        ...(error ? { 'aria-invalid': 'true' as const } : {}),
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
      })}
    </div>
  );
}

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
