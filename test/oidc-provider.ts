import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import Provider, { type OidcAccount, type OidcContext } from 'oidc-provider';

export type ProviderAccount = { login: string; email: string; isEmailVerified: boolean };

export type RunningProvider = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The environment that points Lägesbild at this provider. */
  environment: Record<string, string>;
  close(): Promise<void>;
};

/**
 * Starts a real OpenID Connect provider (oidc-provider, with its development login page) on a loopback port.
 * Whatever login is typed at its interaction page signs in the account of that name; consent is pre-granted.
 */
export async function startOidcProvider(options: {
  redirectUri: string;
  accounts: ProviderAccount[];
  name?: string;
}): Promise<RunningProvider> {
  let handle: (request: IncomingMessage, response: ServerResponse) => void = (_request, response) => {
    response.statusCode = 503;
    response.end();
  };
  const server = createServer((request, response) => handle(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const issuer = `http://127.0.0.1:${port}`;
  const clientId = 'lagesbild-test';
  const clientSecret = randomBytes(24).toString('base64url');
  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });

  const provider: Provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [options.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [{ ...signingKey, kid: 'test', use: 'sig', alg: 'RS256' }] },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'] },
    features: { devInteractions: { enabled: true } },
    ttl: { AccessToken: 600, Grant: 600, IdToken: 600, Interaction: 600, Session: 600 },
    async findAccount(_context: OidcContext, accountId: string): Promise<OidcAccount | undefined> {
      const account = options.accounts.find((candidate) => candidate.login === accountId);
      if (!account) return undefined;
      return {
        accountId,
        async claims() {
          return { sub: accountId, email: account.email, email_verified: account.isEmailVerified };
        },
      };
    },
    // Consent is granted on the user's behalf so the test drives one page (the login), as most municipal
    // identity providers do for a first-party service.
    async loadExistingGrant(context: OidcContext) {
      const accountId = context.oidc.session?.accountId;
      const clientId = context.oidc.client?.clientId;
      if (!accountId || !clientId) return undefined;
      const grant = new provider.Grant({ accountId, clientId });
      grant.addOIDCScope('openid email');
      grant.addOIDCClaims(['email', 'email_verified']);
      await grant.save();
      return grant;
    },
  });
  handle = provider.callback();
  return {
    issuer,
    clientId,
    clientSecret,
    environment: {
      OIDC_ISSUER: issuer,
      OIDC_CLIENT_ID: clientId,
      OIDC_CLIENT_SECRET: clientSecret,
      OIDC_NAME: options.name ?? 'Testkommunens inloggning',
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
