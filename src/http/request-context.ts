import type { CurrentUser } from '../accounts/accounts.service.ts';
import type { Language } from '../web/i18n.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user, or null; set by the sessions hook. */
    user: CurrentUser | null;
    /** The raw session token from the cookie, for sign-out. */
    sessionToken: string | null;
    /** Whether the cookie named a session revoked by a removal of access; the request then answers 403 once. */
    isSessionRevoked: boolean;
    /** The page language: ?lang, then the lang cookie, then Swedish. */
    language: Language;
    /** The token every form posts back; see csrf.ts. */
    csrfToken: string;
  }
}
