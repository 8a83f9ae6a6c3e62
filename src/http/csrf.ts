import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../app-error.ts';
import './request-context.ts';

export const csrfCookieName = 'lb_csrf';

/** The token a browser with this id must present; HMAC under the session secret. */
export function computeCsrfToken(secret: string, browserId: string): string {
  return createHmac('sha256', secret).update(`csrf:${browserId}`).digest('base64url');
}
const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const csrfTokenCacheSize = 10_000;

/**
 * CSRF protection for every state-changing request, signed-in or not: a random browser id in an HttpOnly cookie
 * and, in each form (or the x-csrf-token header), its HMAC under the session secret. A foreign site can make the
 * browser send the cookie but can neither read it nor compute the token.
 */
export function registerCsrf(app: FastifyInstance, deps: { secret: string; isSecure: boolean }): void {
  // The token of a browser seen lately is kept: the HMAC cost about 1 % of an autosave's CPU, for every request. The
  // oldest entry goes when the cache is full, so its memory is bounded (about 1 MB).
  const tokens = new Map<string, string>();
  const sign = (browserId: string) => {
    const kept = tokens.get(browserId);
    if (kept !== undefined) return kept;
    const token = computeCsrfToken(deps.secret, browserId);
    if (tokens.size >= csrfTokenCacheSize) tokens.delete(tokens.keys().next().value ?? '');
    tokens.set(browserId, token);
    return token;
  };
  app.decorateRequest('csrfToken', '');
  app.addHook('onRequest', async (request, reply) => {
    let browserId = request.cookies[csrfCookieName];
    if (!browserId || !/^[A-Za-z0-9_-]{16,64}$/.test(browserId)) {
      browserId = randomBytes(18).toString('base64url');
      reply.setCookie(csrfCookieName, browserId, { path: '/', httpOnly: true, sameSite: 'lax', secure: deps.isSecure });
    }
    request.csrfToken = sign(browserId);
  });
  app.addHook('preValidation', async (request) => {
    if (!unsafeMethods.has(request.method)) return;
    const header = request.headers['x-csrf-token'];
    const body = request.body;
    const fromBody = typeof body === 'object' && body !== null && '_csrf' in body ? body._csrf : undefined;
    const presented = typeof header === 'string' ? header : typeof fromBody === 'string' ? fromBody : '';
    const expected = Buffer.from(request.csrfToken);
    const actual = Buffer.from(presented);
    if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
      throw new AppError('forbidden', 'csrf');
    }
  });
}
