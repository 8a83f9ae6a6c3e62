// Every redirect whose target a visitor can influence (`next` on sign-in, the language switch, the target stored in a
// sign-in link, the OpenID Connect return) goes through safeRedirectTarget, so that none can become an open redirect.

/** Any URL on this origin parses against it; only the origin matters, so it need not be the configured BASE_URL. */
const referenceOrigin = 'https://lagesbild.invalid';
const maxTargetLength = 2000;

/**
 * Returns the path to redirect to: the given value when it is a relative path of printable ASCII (no space, no
 * backslash, no control character such as TAB, CR or LF, which browsers drop and turn `/\t/evil` into `//evil`)
 * beginning with a single `/`, and parsed against a base it stays on that base's origin; otherwise the home page.
 * The returned path is the parser's normalised form, checked again not to start with `//`.
 */
export function safeRedirectTarget(value: unknown): string {
  if (typeof value !== 'string' || value.length > maxTargetLength) return '/';
  if (!/^\/(?![/\\])[\x21-\x5b\x5d-\x7e]*$/.test(value)) return '/';
  let url: URL;
  try {
    url = new URL(value, referenceOrigin);
  } catch {
    return '/';
  }
  if (url.origin !== referenceOrigin) return '/';
  const target = `${url.pathname}${url.search}${url.hash}`;
  return target.startsWith('/') && !target.startsWith('//') ? target : '/';
}
