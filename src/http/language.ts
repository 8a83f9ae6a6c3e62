import type { FastifyInstance } from 'fastify';
import { defaultLanguage, isLanguage } from '../web/i18n.ts';
import { policies } from './policy.ts';
import { safeRedirectTarget } from './redirect-target.ts';
import './request-context.ts';

export const languageCookieName = 'lang';

/** Picks the page language per request and serves the language switch. */
export function registerLanguage(app: FastifyInstance): void {
  app.decorateRequest('language', defaultLanguage);
  app.addHook('onRequest', async (request) => {
    const query = request.query;
    const fromQuery = typeof query === 'object' && query !== null && 'lang' in query ? query.lang : undefined;
    const fromCookie = request.cookies[languageCookieName];
    // Accept-Language is deliberately ignored: many Swedish officials run English systems but expect a Swedish
    // public service in Swedish; English is one click away and then remembered.
    request.language = isLanguage(fromQuery) ? fromQuery : isLanguage(fromCookie) ? fromCookie : defaultLanguage;
  });

  app.get<{ Params: { language: string }; Querystring: { next?: string } }>(
    '/language/:language',
    { config: { policy: policies.anonymous }, schema: { hide: true } },
    async (request, reply) => {
      const language = isLanguage(request.params.language) ? request.params.language : defaultLanguage;
      reply.setCookie(languageCookieName, language, { path: '/', sameSite: 'lax', maxAge: 365 * 24 * 3600 });
      return reply.redirect(safeRedirectTarget(request.query.next));
    },
  );
}
