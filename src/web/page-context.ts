import type { FastifyRequest } from 'fastify';
import type { CurrentUser } from '../accounts/accounts.service.ts';
import '../http/request-context.ts';
import { type Language, type Translate, translatorFor } from './i18n.ts';

/** What every page needs from the request, so page components never see Fastify. */
export type PageContext = {
  language: Language;
  t: Translate;
  user: CurrentUser | null;
  csrfToken: string;
  /** The path and query of this page, for the language switch and sign-in redirects. */
  currentPath: string;
};

export function pageContextFrom(request: FastifyRequest): PageContext {
  return {
    language: request.language,
    t: translatorFor(request.language),
    user: request.user,
    csrfToken: request.csrfToken,
    currentPath: request.url,
  };
}
