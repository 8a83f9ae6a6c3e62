import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { grantUserRole } from '../../src/accounts/accounts.service.ts';
import { createLogger, redactUrl } from '../../src/http/logging.ts';
import { buildTestApp, type TestApp, TestVisitor } from '../app.ts';

// Finding 4 of the security review: Fastify logged every request's URL, so `/sign-in/link/<token>` put a working
// sign-in link into the log for anyone who reads it. The log here is the product's own logger at debug level.

let testApp: TestApp;
const logLines: string[] = [];

before(async () => {
  const logger = createLogger('debug', { write: (line: string) => void logLines.push(line) });
  testApp = await buildTestApp({ logger });
  await grantUserRole(testApp.database.db, testApp.clock, {
    email: 'anna@kiruna.se',
    grant: { kind: 'organisation', organisationCode: '2584', role: 'respondent' },
    actor: { userId: null, label: 'test' },
  });
});
after(async () => {
  await testApp.close();
});

test('a full sign-in through a mailed link leaves no token in the request log', async () => {
  const visitor = new TestVisitor(testApp.app);
  await visitor.get('/sign-in?next=/my');
  const asked = await visitor.post('/sign-in', { email: 'anna@kiruna.se', next: '/my' });
  assert.equal(asked.statusCode, 200);
  await testApp.sendDueMail();
  const url = /http:\/\/lagesbild\.test\/sign-in\/link\/([A-Za-z0-9_-]+)/.exec(testApp.sentMail.at(-1)?.text ?? '');
  const token = url?.[1];
  assert.ok(token, 'the mail holds a sign-in link');
  const path = `/sign-in/link/${token}`;
  assert.equal((await visitor.get(path)).statusCode, 200);
  // Variants a reader of the log could still use: an encoded path, a trailing slash, an unknown suffix.
  await visitor.get(`/sign-in/%6Cink/${token}`);
  await visitor.get(`${path}/`);
  await visitor.get(`${path}/more?x=1`);
  const signedIn = await visitor.post(path, {});
  assert.equal(signedIn.statusCode, 303);
  assert.equal(signedIn.headers.location, '/my');
  // Used once: the same link now refused, and that is logged too.
  assert.equal((await visitor.post(path, {})).statusCode, 410);

  const log = logLines.join('');
  assert.match(log, /"url":"\/sign-in\/link\/\[redacted\]"/, 'the request log records the route');
  assert.ok(logLines.length >= 10, `${logLines.length} log lines`);
  assert.equal(log.includes(token), false, 'the token appears in the log');
  assert.equal(log.includes(token.slice(0, 16)), false, 'part of the token appears in the log');
});

test('redactUrl replaces the token segment and the OIDC code, and nothing else', () => {
  assert.equal(redactUrl('/sign-in/link/abcDEF_-123456789012345'), '/sign-in/link/[redacted]');
  assert.equal(redactUrl('/sign-in/link/abc?x=1'), '/sign-in/link/[redacted]?x=1');
  assert.equal(redactUrl('/SIGN-IN/LINK/abc'), '/SIGN-IN/LINK/[redacted]');
  assert.equal(redactUrl('/sign-in/oidc/callback?code=c&state=s'), '/sign-in/oidc/callback?[redacted]');
  assert.equal(redactUrl('/sign-in/%6Cink/secret'), '/sign-in/link/[redacted]');
  assert.equal(redactUrl('/rounds/2026/answer?x=1'), '/rounds/2026/answer?x=1');
  assert.equal(redactUrl('/sign-in?next=/my'), '/sign-in?next=/my');
});
