import type { FastifyInstance } from 'fastify';
import { defaultLanguage, isLanguage, type Language } from '../web/i18n.ts';
import { policies } from './policy.ts';
import './request-context.ts';

export const languageCookieName = 'lang';

function languageFromAcceptHeader(header: string | undefined): Language | undefined {
  if (!header) return undefined;
  const first = header.split(',')[0]?.trim().slice(0, 2).toLowerCase();
  return isLanguage(first) ? first : undefined;
}

/** Picks the page language per request and serves the language switch. */
export function registerLanguage(app: FastifyInstance): void {
  app.decorateRequest('language', defaultLanguage);
  app.addHook('onRequest', async (request) => {
    const query = request.query;
    const fromQuery = typeof query === 'object' && query !== null && 'lang' in query ? query.lang : undefined;
    const fromCookie = request.cookies[languageCookieName];
    request.language = isLanguage(fromQuery)
      ? fromQuery
      : isLanguage(fromCookie)
        ? fromCookie
        : (languageFromAcceptHeader(request.headers['accept-language']) ?? defaultLanguage);
  });

  app.get<{ Params: { language: string }; Querystring: { next?: string } }>(
    '/language/:language',
    { config: { policy: policies.anonymous }, schema: { hide: true } },
    async (request, reply) => {
      const language = isLanguage(request.params.language) ? request.params.language : defaultLanguage;
      reply.setCookie(languageCookieName, language, { path: '/', sameSite: 'lax', maxAge: 365 * 24 * 3600 });
      return reply.redirect(safeLocalPath(request.query.next));
    },
  );
}

/** Accepts only a path on this site, so redirects cannot be turned into an open redirect. */
export function safeLocalPath(path: unknown): string {
  if (typeof path !== 'string' || !path.startsWith('/') || path.startsWith('//') || path.includes('\\')) return '/';
  return path;
}
