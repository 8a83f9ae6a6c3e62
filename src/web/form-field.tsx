import type { ComponentChildren } from 'preact';

/** A problem with one form field, worded for the visitor; `field` is the input's id. */
export type PageError = { field: string; message: string };

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

/** A one-line text input in a Field. */
export function TextInput({
  id,
  label,
  value,
  error,
  hint,
}: {
  id: string;
  label: string;
  value: string;
  error: PageError | undefined;
  hint?: string;
}) {
  return (
    <Field id={id} label={label} error={error} {...(hint ? { hint } : {})}>
      {(described) => <input id={id} name={id} value={value} maxLength={254} {...described} />}
    </Field>
  );
}

/** A multi-line text input in a Field. */
export function TextArea({
  id,
  label,
  value,
  error,
  hint,
  rows = 4,
}: {
  id: string;
  label: string;
  value: string;
  error: PageError | undefined;
  hint?: string;
  rows?: number;
}) {
  return (
    <Field id={id} label={label} error={error} {...(hint ? { hint } : {})}>
      {(described) => (
        <textarea id={id} name={id} rows={rows} {...described}>
          {value}
        </textarea>
      )}
    </Field>
  );
}
