import * as openid from 'openid-client';
import { type Config, isLoopbackHost } from '../config.ts';

export type OidcSettings = NonNullable<Config['oidc']>;

/** What Lägesbild needs from the identity provider about the person who signed in. */
export type OidcIdentity = { subject: string; email: string | null; isEmailVerified: boolean };

/** Thrown when the provider cannot be reached or its answer fails a check (state, nonce, PKCE, signature). */
export class OidcFlowError extends Error {
  override readonly name = 'OidcFlowError';
}

export type OidcClient = {
  /** Builds the provider's authorization URL for a new sign-in (authorization code flow with PKCE). */
  buildAuthorizationUrl(checks: { state: string; nonce: string; codeVerifier: string }): Promise<URL>;
  /** Exchanges the code in the callback URL and returns the verified identity. */
  exchangeCallback(
    callbackUrl: URL,
    checks: { state: string; nonce: string; codeVerifier: string },
  ): Promise<OidcIdentity>;
};

/**
 * Creates the client for the configured provider. Discovery happens on first use and is kept, so the service
 * starts even while the provider is down; a failed discovery is retried at the next sign-in.
 */
export function createOidcClient(settings: OidcSettings, redirectUri: string): OidcClient {
  // openid-client refuses plain http, rightly: tokens and codes would travel in clear text. A loopback issuer
  // never leaves this machine (the tests start a real provider on 127.0.0.1), so http is allowed there and only
  // there; config.ts already refuses any other http issuer.
  const isInsecureAllowed =
    new URL(settings.issuer).protocol === 'http:' && isLoopbackHost(new URL(settings.issuer).hostname);
  let discovered: Promise<openid.Configuration> | undefined;
  const discover = () => {
    discovered ??= openid
      .discovery(
        new URL(settings.issuer),
        settings.clientId,
        undefined,
        openid.ClientSecretBasic(settings.clientSecret),
        { timeout: 10, execute: isInsecureAllowed ? [openid.allowInsecureRequests] : [] },
      )
      .catch((error: unknown) => {
        discovered = undefined;
        throw new OidcFlowError(`OpenID Connect discovery failed: ${String(error)}`, { cause: error });
      });
    return discovered;
  };

  return {
    async buildAuthorizationUrl(checks) {
      const configuration = await discover();
      return openid.buildAuthorizationUrl(configuration, {
        redirect_uri: redirectUri,
        scope: 'openid email',
        response_type: 'code',
        code_challenge: await openid.calculatePKCECodeChallenge(checks.codeVerifier),
        code_challenge_method: 'S256',
        state: checks.state,
        nonce: checks.nonce,
      });
    },
    async exchangeCallback(callbackUrl, checks) {
      const configuration = await discover();
      try {
        const tokens = await openid.authorizationCodeGrant(configuration, callbackUrl, {
          pkceCodeVerifier: checks.codeVerifier,
          expectedState: checks.state,
          expectedNonce: checks.nonce,
          idTokenExpected: true,
        });
        const idToken = tokens.claims();
        if (!idToken) throw new OidcFlowError('The provider returned no ID token.');
        let claims: Record<string, unknown> = idToken;
        // Many providers put e-mail claims only in the userinfo response when an access token is issued;
        // fetchUserInfo checks that it describes the same subject as the ID token.
        if (configuration.serverMetadata().userinfo_endpoint && typeof idToken.email !== 'string') {
          claims = { ...idToken, ...(await openid.fetchUserInfo(configuration, tokens.access_token, idToken.sub)) };
        }
        return {
          subject: idToken.sub,
          email: typeof claims.email === 'string' ? claims.email : null,
          // Only a real boolean true counts: an address the provider has not verified could be anyone's.
          isEmailVerified: claims.email_verified === true,
        };
      } catch (error) {
        if (error instanceof OidcFlowError) throw error;
        throw new OidcFlowError(`OpenID Connect callback refused: ${String(error)}`, { cause: error });
      }
    },
  };
}
