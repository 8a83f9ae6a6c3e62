import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { type Static, Type } from 'typebox';
import { Compile } from 'typebox/compile';

/** What the browser carries between leaving for the identity provider and coming back. */
const PendingOidcSignInSchema = Type.Object({
  state: Type.String({ maxLength: 200 }),
  nonce: Type.String({ maxLength: 200 }),
  codeVerifier: Type.String({ maxLength: 200 }),
  next: Type.String({ maxLength: 2000 }),
  expiresAt: Type.Number(),
});
export type PendingOidcSignIn = Static<typeof PendingOidcSignInSchema>;
const checkPending = Compile(PendingOidcSignInSchema);

export const oidcStateCookieName = 'lb_oidc';
/** Long enough to type a password and answer a second factor at the provider, short enough to be useless later. */
export const oidcStateLifetimeSeconds = 600;

function keyFrom(secret: string): Buffer {
  return createHash('sha256').update(`oidc-state:${secret}`).digest();
}

/**
 * Seals the pending sign-in into a cookie value. AES-256-GCM both hides the PKCE verifier and nonce from anyone
 * who sees the cookie and makes the value impossible to forge without the session secret; nothing is stored
 * server-side, so any instance can complete the sign-in.
 */
export function sealPendingSignIn(secret: string, pending: PendingOidcSignIn): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFrom(secret), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(pending), 'utf8'), cipher.final()]);
  return [iv, body, cipher.getAuthTag()].map((part) => part.toString('base64url')).join('.');
}

/** Opens a sealed cookie value; undefined when it was altered, sealed with another secret, malformed or expired. */
export function openPendingSignIn(
  secret: string,
  sealed: string | undefined,
  now: Date,
): PendingOidcSignIn | undefined {
  if (!sealed || sealed.length > 4000) return undefined;
  const [iv, body, tag, ...rest] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
  if (!iv || !body || !tag || rest.length > 0 || iv.length !== 12 || tag.length !== 16) return undefined;
  let text: string;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyFrom(secret), iv);
    decipher.setAuthTag(tag);
    text = Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  } catch {
    // Authentication failed: the value was altered or sealed under another secret; treated as no pending sign-in.
    return undefined;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // Authenticated but not JSON cannot happen with our own seal; refuse it like any other bad value.
    return undefined;
  }
  if (!checkPending.Check(value) || value.expiresAt <= now.getTime()) return undefined;
  return value;
}
