/**
 * Reads named text fields from a form or JSON body that has not been validated yet. Missing or non-text values
 * become '' so a page can re-render with what the user typed; lengths are capped to keep pages small.
 */
export function readFormFields<Name extends string>(
  body: unknown,
  names: readonly Name[],
  maxLength = 10_000,
): Record<Name, string> {
  const source = typeof body === 'object' && body !== null ? body : {};
  const entries = names.map((name) => {
    const value: unknown = Object.hasOwn(source, name) ? (source as Record<string, unknown>)[name] : undefined;
    const text =
      typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : '';
    return [name, text.slice(0, maxLength)] as const;
  });
  return Object.fromEntries(entries) as Record<Name, string>;
}
