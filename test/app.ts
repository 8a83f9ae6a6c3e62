import type { FastifyBaseLogger, LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import {
  createSignInLink,
  createSignInLinkIssuer,
  grantUserRole,
  type UserGrant,
} from '../src/accounts/accounts.service.ts';
import { type AppInstance, buildApp } from '../src/app.ts';
import { createFixedClock } from '../src/clock.ts';
import { type Config, loadConfig } from '../src/config.ts';
import { createMailer, type Mailer, type MailMessage } from '../src/mail/mailer.ts';
import { type SenderOptions, type SendTally, sendDueMail } from '../src/mail/outbox.service.ts';
import { startMailSender } from '../src/mail/outbox-sender.ts';
import { ensureOrganisationRegistry } from '../src/organisations/organisations.service.ts';
import { withPrivacyLink } from '../src/privacy/privacy-mail.ts';
import { importCompiledBuildApp } from './compiled-product.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

export type TestApp = {
  app: AppInstance;
  database: TestDatabase;
  config: Readonly<Config>;
  clock: ReturnType<typeof createFixedClock>;
  /** Mail the outbox sent when no SMTP url was given. */
  sentMail: MailMessage[];
  /** Sends the mail the app queued, as a server's sender (or `lagesbild mail send-due`) would. */
  sendDueMail(): Promise<SendTally>;
  sender: SenderOptions;
  close(): Promise<void>;
};

/**
 * Builds the app over a freshly migrated database with the registry loaded; close() drops the database.
 * `isCompiled` builds it from the compiled dist/app.js instead of the sources, for tests that serve the product as
 * it ships (see compiled-product.ts).
 */
export async function buildTestApp(
  options: {
    smtpUrl?: string;
    environment?: Record<string, string>;
    isReportWarmUpEnabled?: boolean;
    /** Runs a sender in the background, as a server does (browser tests); otherwise call sendDueMail(). */
    isSendingMail?: boolean;
    isCompiled?: boolean;
    /** The request log; none by default. */
    logger?: FastifyBaseLogger;
  } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const clock = createFixedClock(new Date('2026-03-01T08:00:00.000Z'));
  await ensureOrganisationRegistry(database.db, clock);
  const config = loadConfig({
    SESSION_SECRET: 'test-secret-that-is-long-enough-to-pass-validation',
    DATABASE_URL: database.config.dialect === 'postgres' ? database.config.url : `sqlite:${database.config.file}`,
    BASE_URL: 'http://lagesbild.test',
    ...(options.smtpUrl ? { SMTP_URL: options.smtpUrl } : {}),
    ...options.environment,
  });
  const sentMail: MailMessage[] = [];
  const mailer: Mailer = options.smtpUrl
    ? createMailer({ smtpUrl: options.smtpUrl, from: 'lagesbild@test', logger: pino({ level: 'silent' }) })
    : { send: async (message) => void sentMail.push(message), close() {} };
  const sender: SenderOptions = {
    // As in the server: every mail ends with the link to the privacy notice.
    mailer: withPrivacyLink(mailer, config.baseUrl),
    issueSignInLink: createSignInLinkIssuer(clock, config.baseUrl),
    senderId: 'test',
  };
  const sessionSecret = 'test-secret-that-is-long-enough-to-pass-validation';
  const build = options.isCompiled ? await importCompiledBuildApp() : buildApp;
  const app = await build({
    config,
    sessionSecret,
    db: database.db,
    clock,
    logger: options.logger ?? false,
    isReportWarmUpEnabled: options.isReportWarmUpEnabled ?? false,
  });
  await app.ready();
  const background = options.isSendingMail
    ? startMailSender({ ...sender, db: database.db, clock, intervalMs: 25, onError: (error) => console.error(error) })
    : null;
  return {
    app,
    database,
    config,
    clock,
    sentMail,
    sender,
    sendDueMail: () => sendDueMail(database.db, clock, sender),
    async close() {
      await app.close();
      await background?.stop();
      mailer.close();
      await database.drop();
    },
  };
}

/** Cookies from a response as a Cookie header value, merged over earlier ones. */
export function mergeCookies(previous: string, response: LightMyRequestResponse): string {
  const jar = new Map(
    previous
      .split('; ')
      .filter(Boolean)
      .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)] as const),
  );
  for (const cookie of response.cookies) {
    if (cookie.value === '' || (cookie.expires && cookie.expires.getTime() < Date.now())) jar.delete(cookie.name);
    else jar.set(cookie.name, cookie.value);
  }
  return [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
}

/** A browser-like visitor: keeps cookies and knows the CSRF token of the last page it saw. */
export class TestVisitor {
  cookies = '';
  csrfToken = '';
  constructor(private readonly app: AppInstance) {}

  async get(url: string): Promise<LightMyRequestResponse> {
    const response = await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookies } });
    this.cookies = mergeCookies(this.cookies, response);
    const token = /name="_csrf" value="([^"]+)"/.exec(response.body)?.[1];
    if (token) this.csrfToken = token;
    return response;
  }

  async post(
    url: string,
    form: Record<string, string | readonly string[]>,
    options: { withCsrf?: boolean } = {},
  ): Promise<LightMyRequestResponse> {
    if (!this.csrfToken) await this.get('/sign-in');
    // A list is sent as the same field repeated, as a browser sends ticked checkboxes.
    const fields = Object.entries(form).flatMap(([name, value]) =>
      typeof value === 'string' ? [[name, value]] : value.map((item) => [name, item]),
    );
    const payload = new URLSearchParams([
      ...(options.withCsrf === false ? [] : [['_csrf', this.csrfToken]]),
      ...fields,
    ]).toString();
    const response = await this.app.inject({
      method: 'POST',
      url,
      payload,
      headers: { cookie: this.cookies, 'content-type': 'application/x-www-form-urlencoded' },
    });
    this.cookies = mergeCookies(this.cookies, response);
    return response;
  }

  async json(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
  ): Promise<LightMyRequestResponse> {
    if (method !== 'GET' && !this.csrfToken) await this.get('/sign-in');
    const response = await this.app.inject({
      method,
      url,
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
      headers: {
        cookie: this.cookies,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(method === 'GET' ? {} : { 'x-csrf-token': this.csrfToken }),
      },
    });
    this.cookies = mergeCookies(this.cookies, response);
    return response;
  }
}

/** Creates a user with the grant and signs a new visitor in through a real one-time link. */
export async function signIn(testApp: TestApp, email: string, grant: UserGrant): Promise<TestVisitor> {
  const user = await grantUserRole(testApp.database.db, testApp.clock, {
    email,
    grant,
    actor: { userId: null, label: 'test' },
  });
  const link = await createSignInLink(testApp.database.db, testApp.clock, {
    userId: user.id,
    baseUrl: testApp.config.baseUrl,
  });
  const visitor = new TestVisitor(testApp.app);
  const path = new URL(link.url).pathname;
  await visitor.get(path);
  const response = await visitor.post(path, {});
  if (response.statusCode !== 303)
    throw new Error(`Sign-in failed with ${response.statusCode}: ${response.body.slice(0, 300)}`);
  return visitor;
}
