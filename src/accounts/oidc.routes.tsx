import * as openid from 'openid-client';
import type { AppDeps, AppInstance } from '../http/app-instance.ts';
import { readFormFields } from '../http/form.ts';
import { policies } from '../http/policy.ts';
import { safeRedirectTarget } from '../http/redirect-target.ts';
import { setSessionCookie } from '../http/sessions.ts';
import { pageContextFrom } from '../web/page-context.ts';
import { sendPage } from '../web/render.tsx';
import { closeSession } from './accounts.service.ts';
import { OidcRefusedPage } from './oidc.pages.tsx';
import { signInWithOidcIdentity } from './oidc.service.ts';
import { createOidcClient, type OidcClient, OidcFlowError, type OidcSettings } from './oidc-client.ts';
import { oidcStateCookieName, oidcStateLifetimeSeconds, openPendingSignIn, sealPendingSignIn } from './oidc-state.ts';

// Per address: generous, because a whole municipality's staff often reach us through one NAT address, yet low
// enough that the callback (one token request to the provider each) cannot be used to flood the provider.
const oidcRateLimit = { max: 60, timeWindow: '1 minute' };
const callbackPath = '/sign-in/oidc/callback';

/**
 * OpenID Connect sign-in beside the one-time links; registered only when OIDC_* is configured. The state, nonce and
 * PKCE verifier travel in a sealed, short-lived cookie limited to these two paths.
 */
export async function oidcRoutes(
  app: AppInstance,
  deps: AppDeps,
  options: { settings: OidcSettings; client?: OidcClient },
): Promise<void> {
  const { settings } = options;
  const client = options.client ?? createOidcClient(settings, `${deps.config.baseUrl}${callbackPath}`);
  const cookieOptions = {
    path: '/sign-in/oidc',
    httpOnly: true,
    // Lax, not Strict: the provider sends the browser back with a top-level GET from its own site.
    sameSite: 'lax',
    secure: deps.config.isSecureCookies,
  } as const;

  app.get(
    '/sign-in/oidc',
    { config: { policy: policies.anonymous, rateLimit: oidcRateLimit }, schema: { hide: true } },
    async (request, reply) => {
      const next = safeRedirectTarget(readFormFields(request.query, ['next'], 2000).next);
      const checks = {
        state: openid.randomState(),
        nonce: openid.randomNonce(),
        codeVerifier: openid.randomPKCECodeVerifier(),
      };
      let authorizationUrl: URL;
      try {
        authorizationUrl = await client.buildAuthorizationUrl(checks);
      } catch (error) {
        if (!(error instanceof OidcFlowError)) throw error;
        request.log.warn({ err: error }, 'OpenID Connect provider unavailable');
        const context = pageContextFrom(request);
        return sendPage(
          reply,
          <OidcRefusedPage context={context} refusal={{ reason: 'unavailable' }} name={settings.name} />,
          503,
        );
      }
      const expiresAt = deps.clock.now().getTime() + oidcStateLifetimeSeconds * 1000;
      reply.setCookie(oidcStateCookieName, sealPendingSignIn(deps.sessionSecret, { ...checks, next, expiresAt }), {
        ...cookieOptions,
        maxAge: oidcStateLifetimeSeconds,
      });
      return reply.redirect(authorizationUrl.href, 303);
    },
  );

  app.get(
    callbackPath,
    { config: { policy: policies.anonymous, rateLimit: oidcRateLimit }, schema: { hide: true } },
    async (request, reply) => {
      const context = pageContextFrom(request);
      const pending = openPendingSignIn(deps.sessionSecret, request.cookies[oidcStateCookieName], deps.clock.now());
      // One attempt per cookie: a replayed callback finds no pending sign-in.
      reply.clearCookie(oidcStateCookieName, cookieOptions);
      const refuse = (refusal: Parameters<typeof OidcRefusedPage>[0]['refusal'], status: number) =>
        sendPage(reply, <OidcRefusedPage context={context} refusal={refusal} name={settings.name} />, status);
      if (!pending) return refuse({ reason: 'failed' }, 400);
      let identity: Awaited<ReturnType<OidcClient['exchangeCallback']>>;
      try {
        identity = await client.exchangeCallback(new URL(request.url, deps.config.baseUrl), pending);
      } catch (error) {
        if (!(error instanceof OidcFlowError)) throw error;
        request.log.info({ err: error }, 'OpenID Connect callback refused');
        return refuse({ reason: 'failed' }, 400);
      }
      const result = await signInWithOidcIdentity(deps.db, deps.clock, { ...identity, issuer: settings.issuer });
      if (result.status === 'unverified-email') return refuse({ reason: 'unverified-email' }, 403);
      if (result.status === 'unknown-email') return refuse({ reason: 'unknown-email', email: result.email }, 403);
      // Rotate: a session that existed before sign-in (possibly planted) is ended, never upgraded.
      if (request.sessionToken) await closeSession(deps.db, request.sessionToken);
      setSessionCookie(reply, result.sessionToken, deps.config.isSecureCookies);
      return reply.redirect(safeRedirectTarget(pending.next), 303);
    },
  );
}
