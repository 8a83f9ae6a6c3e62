import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildTestApp, type TestApp, TestVisitor } from '../../test/app.ts';
import { type RunningProvider, startOidcProvider } from '../../test/oidc-provider.ts';
import { findAuditEvents } from '../audit/audit.service.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { grantUserRole } from './accounts.service.ts';

const baseUrl = 'http://lagesbild.test';
let provider: RunningProvider;
let testApp: TestApp;

before(async () => {
  provider = await startOidcProvider({
    redirectUri: `${baseUrl}/sign-in/oidc/callback`,
    accounts: [
      { login: 'anna', email: 'Anna.Svensson@Kommun.se', isEmailVerified: true },
      { login: 'okand', email: 'okand@kommun.se', isEmailVerified: true },
      { login: 'overifierad', email: 'bertil@kommun.se', isEmailVerified: false },
    ],
  });
  testApp = await buildTestApp({ environment: provider.environment });
  for (const email of ['anna.svensson@kommun.se', 'bertil@kommun.se']) {
    await grantUserRole(testApp.database.db, testApp.clock, {
      email,
      grant: { kind: 'organisation', organisationCode: '0180', role: 'respondent' },
      actor: { userId: null, label: 'test' },
    });
  }
});
after(async () => {
  await testApp?.close();
  await provider?.close();
});

/** A minimal cookie-keeping browser for the provider's pages, following redirects by hand. */
class ProviderBrowser {
  private readonly jar = new Map<string, string>();

  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const response = await fetch(url, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: {
        cookie: [...this.jar].map(([name, value]) => `${name}=${value}`).join('; '),
        ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}),
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const name = pair.slice(0, pair.indexOf('='));
      this.jar.set(name, pair.slice(pair.indexOf('=') + 1));
    }
    return response;
  }

  /** Follows redirects within the provider and returns the first page, or the first address outside it. */
  async follow(start: Response, from: string): Promise<{ page?: string; leftFor?: string; url: string }> {
    let response = start;
    let url = from;
    for (let hop = 0; hop < 10; hop += 1) {
      const location = response.headers.get('location');
      if (!location) return { page: await response.text(), url };
      url = new URL(location, url).href;
      if (!url.startsWith(provider.issuer)) return { leftFor: url, url };
      response = await this.request(url);
    }
    throw new Error('too many redirects at the provider');
  }
}

/** Starts sign-in at Lägesbild, logs in at the provider's page, and returns the callback URL it sends back. */
async function loginAtProvider(visitor: TestVisitor, login: string, next = '/api/me'): Promise<string> {
  const start = await visitor.get(`/sign-in/oidc?next=${encodeURIComponent(next)}`);
  assert.equal(start.statusCode, 303);
  const authorizationUrl = String(start.headers.location);
  const parameters = new URL(authorizationUrl).searchParams;
  assert.equal(parameters.get('code_challenge_method'), 'S256');
  assert.ok(parameters.get('state') && parameters.get('nonce') && parameters.get('code_challenge'));
  const browser = new ProviderBrowser();
  const loginPage = await browser.follow(await browser.request(authorizationUrl), authorizationUrl);
  const action = /<form[^>]*action="([^"]+)"/.exec(loginPage.page ?? '')?.[1];
  assert.ok(action, 'the provider shows its login form');
  const submitUrl = new URL(action, loginPage.url).href;
  const submitted = await browser.request(submitUrl, {
    method: 'POST',
    form: { prompt: 'login', login, password: 'irrelevant' },
  });
  const back = await browser.follow(submitted, submitUrl);
  const callback = back.leftFor ?? '';
  assert.ok(callback.startsWith(`${baseUrl}/sign-in/oidc/callback?`), `returned to ${callback || back.page}`);
  return callback.slice(baseUrl.length);
}

test('the sign-in page offers the configured provider by name', async () => {
  const visitor = new TestVisitor(testApp.app);
  const page = await visitor.get('/sign-in');
  assert.match(page.body, /Logga in med Testkommunens inloggning/);
  assert.match((await visitor.get('/sign-in?lang=en')).body, /Sign in with Testkommunens inloggning/);
});

test('a user whose verified e-mail matches signs in, with a fresh session and an audit event', async () => {
  const visitor = new TestVisitor(testApp.app);
  // A session planted before sign-in must not survive it.
  visitor.cookies = 'lb_session=planted-session-token-that-does-not-exist-aaaaaaaaaaa';
  const callback = await loginAtProvider(visitor, 'anna');
  const landed = await visitor.get(callback);
  assert.equal(landed.statusCode, 303, landed.body.slice(0, 500));
  assert.equal(landed.headers.location, '/api/me');
  assert.doesNotMatch(visitor.cookies, /planted-session/);
  const me = await visitor.json('GET', '/api/me');
  assert.equal(me.statusCode, 200);
  assert.equal(me.json().email, 'anna.svensson@kommun.se');
  assert.deepEqual(me.json().memberships, [{ organisationCode: '0180', role: 'respondent' }]);

  const [event] = await findAuditEvents(testApp.database.db, { action: 'user.signed_in' }, { limit: 1 });
  assert.equal(event?.details.method, 'oidc');
  assert.equal(event?.actorLabel, 'anna.svensson@kommun.se');

  // The callback works once: replaying it finds no pending sign-in.
  const replayed = await visitor.get(callback);
  assert.equal(replayed.statusCode, 400);
});

test('an unknown e-mail gets no account and a clear page', async () => {
  const before = await testApp.database.db.selectFrom('users').select('id').execute();
  const visitor = new TestVisitor(testApp.app);
  const response = await visitor.get(await loginAtProvider(visitor, 'okand'));
  assert.equal(response.statusCode, 403);
  assert.match(response.body, /Ingen användare i Lägesbild har e-postadressen okand@kommun\.se/);
  assert.equal((await visitor.json('GET', '/api/me')).statusCode, 401);
  const afterwards = await testApp.database.db.selectFrom('users').select('id').execute();
  assert.equal(afterwards.length, before.length);
});

test('an e-mail the provider has not verified signs nobody in, even when a user has it', async () => {
  const visitor = new TestVisitor(testApp.app);
  const response = await visitor.get(await loginAtProvider(visitor, 'overifierad'));
  assert.equal(response.statusCode, 403);
  assert.match(response.body, /har inte bekräftat någon e-postadress/);
  assert.equal((await visitor.json('GET', '/api/me')).statusCode, 401);
});

test('a callback from another browser, or with a changed state, is refused', async () => {
  const victim = new TestVisitor(testApp.app);
  const callback = await loginAtProvider(victim, 'anna');
  const attacker = new TestVisitor(testApp.app);
  assert.equal((await attacker.get(callback)).statusCode, 400);

  const visitor = new TestVisitor(testApp.app);
  const honest = new URL(await loginAtProvider(visitor, 'anna'), baseUrl);
  honest.searchParams.set('state', 'changed-state-value');
  const refused = await visitor.get(`${honest.pathname}${honest.search}`);
  assert.equal(refused.statusCode, 400);
  assert.match(refused.body, /kunde inte slutföras/);
  assert.equal((await visitor.json('GET', '/api/me')).statusCode, 401);
});

test('a foreign redirect target in next is replaced by the start page', async () => {
  const visitor = new TestVisitor(testApp.app);
  const landed = await visitor.get(await loginAtProvider(visitor, 'anna', '//evil.example/'));
  assert.equal(landed.statusCode, 303);
  assert.equal(landed.headers.location, '/');
  // Security finding 1: a TAB or CR/LF after the slash (browsers drop them, so `/\t/evil` is `//evil`).
  for (const next of ['/\t/evil.example', '/\r\n/evil.example']) {
    const other = new TestVisitor(testApp.app);
    const returned = await other.get(await loginAtProvider(other, 'anna', next));
    assert.equal(returned.statusCode, 303);
    assert.equal(returned.headers.location, '/');
  }
});

test('OIDC configuration is all or nothing, and plain http only on loopback', () => {
  const secret = { SESSION_SECRET: 'x'.repeat(40) };
  assert.equal(loadConfig(secret).oidc, null);
  assert.throws(
    () => loadConfig({ ...secret, OIDC_ISSUER: 'https://login.example.se' }),
    (error: unknown) =>
      error instanceof ConfigError && /missing OIDC_CLIENT_ID, OIDC_CLIENT_SECRET/.test(error.message),
  );
  assert.throws(() => loadConfig({ ...secret, OIDC_NAME: 'Kommunens inloggning' }), ConfigError);
  const complete = { OIDC_CLIENT_ID: 'id', OIDC_CLIENT_SECRET: 'secret' };
  assert.throws(
    () => loadConfig({ ...secret, ...complete, OIDC_ISSUER: 'http://login.example.se' }),
    /expected an https:\/\/ address/,
  );
  assert.deepEqual(loadConfig({ ...secret, ...complete, OIDC_ISSUER: 'https://login.example.se' }).oidc, {
    issuer: 'https://login.example.se',
    clientId: 'id',
    clientSecret: 'secret',
    name: 'login.example.se',
  });
  assert.equal(
    loadConfig({ ...secret, ...complete, OIDC_ISSUER: 'http://127.0.0.1:9000' }).oidc?.issuer,
    'http://127.0.0.1:9000',
  );
});
