import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Kysely } from 'kysely';
import { findSessionUser } from '../accounts/accounts.service.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import './request-context.ts';

export const sessionCookieName = 'lb_session';

/** Resolves the session cookie to request.user on every request; sessions live in the database. */
export function registerSessions(app: FastifyInstance, deps: { db: Kysely<Database>; clock: Clock }): void {
  app.decorateRequest('user', null);
  app.decorateRequest('sessionToken', null);
  app.decorateRequest('isSessionRevoked', false);
  app.addHook('onRequest', async (request, reply) => {
    const token = request.cookies[sessionCookieName];
    if (!token || token.length > 100) return;
    const user = await findSessionUser(deps.db, deps.clock, token);
    if (user === 'revoked') {
      // The policy hook answers 403 with the reason; the browser forgets the cookie so the next page is anonymous.
      request.isSessionRevoked = true;
      reply.clearCookie(sessionCookieName, { path: '/' });
      return;
    }
    if (!user) return;
    request.user = user;
    request.sessionToken = token;
  });
}

/** Sets the session cookie: HttpOnly, SameSite=Lax, Secure behind https. */
export function setSessionCookie(reply: FastifyReply, token: string, isSecure: boolean): void {
  reply.setCookie(sessionCookieName, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: isSecure,
    maxAge: 7 * 24 * 3600,
  });
}

export function clearSessionCookie(reply: FastifyReply, isSecure: boolean): void {
  reply.clearCookie(sessionCookieName, { path: '/', httpOnly: true, sameSite: 'lax', secure: isSecure });
}
