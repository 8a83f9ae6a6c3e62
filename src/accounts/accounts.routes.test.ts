import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildTestApp, signIn, type TestApp, TestVisitor } from '../../test/app.ts';
import { extractSignInLink, startSmtpServer } from '../../test/smtp.ts';
import { verifyAuditLog } from '../audit/audit.service.ts';
import { grantUserRole } from './accounts.service.ts';

let testApp: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;

before(async () => {
  smtp = await startSmtpServer();
  testApp = await buildTestApp({ smtpUrl: smtp.url });
  await grantUserRole(testApp.database.db, testApp.clock, {
    email: 'ciso@kiruna.se',
    grant: { kind: 'organisation', organisationCode: '2584', role: 'respondent' },
    actor: { userId: null, label: 'test' },
  });
});
after(async () => {
  await testApp.close();
  await smtp.close();
});

test('a respondent asks for a link, receives it through SMTP, confirms, and is signed in once', async () => {
  const visitor = new TestVisitor(testApp.app);
  await visitor.get('/sign-in');
  const requested = await visitor.post('/sign-in', { email: ' CISO@kiruna.se ', next: '/organisations' });
  assert.equal(requested.statusCode, 200);
  assert.match(requested.body, /Kolla din e-post/);
  // The answer comes before the mail: the request queues it, the outbox's sender sends it.
  assert.equal(smtp.messages.length, 0);
  assert.deepEqual(await testApp.sendDueMail(), { sent: 1, failed: 0, deferred: 0 });

  const mail = await smtp.waitForMessage((message) => message.to.includes('ciso@kiruna.se'));
  assert.equal(mail.subject, 'Din inloggningslänk till Lägesbild');
  assert.match(mail.text, /gäller i 15 minuter/);
  assert.match(mail.html, /<a href="http:\/\/lagesbild\.test\/sign-in\/link\//);
  const path = new URL(extractSignInLink(mail)).pathname;

  const confirm = await visitor.get(path);
  assert.equal(confirm.statusCode, 200);
  assert.match(confirm.body, /Du loggar in som ciso@kiruna\.se/);

  const signedIn = await visitor.post(path, {});
  assert.equal(signedIn.statusCode, 303);
  assert.equal(signedIn.headers.location, '/organisations');
  const session = signedIn.cookies.find((cookie) => cookie.name === 'lb_session');
  assert.equal(session?.httpOnly, true);
  assert.equal(session?.sameSite, 'Lax');

  const me = await visitor.json('GET', '/api/me');
  assert.equal(me.statusCode, 200);
  assert.deepEqual(me.json().memberships, [{ organisationCode: '2584', role: 'respondent' }]);

  const stranger = new TestVisitor(testApp.app);
  const reused = await stranger.get(path);
  assert.equal(reused.statusCode, 410);
  assert.match(reused.body, /Länken har redan använts/);
  const reusedPost = await stranger.post(path, {});
  assert.equal(reusedPost.statusCode, 410);
  assert.equal(
    reusedPost.cookies.find((cookie) => cookie.name === 'lb_session'),
    undefined,
  );
});

test('an unknown address gets the same answer and no mail', async () => {
  const before = smtp.messages.length;
  const visitor = new TestVisitor(testApp.app);
  const response = await visitor.post('/sign-in', { email: 'nobody@example.se' });
  assert.equal(response.statusCode, 200);
  assert.match(response.body, /Om nobody@example\.se är registrerad/);
  assert.deepEqual(await testApp.sendDueMail(), { sent: 0, failed: 0, deferred: 0 });
  assert.equal(smtp.messages.length, before);
});

test('an invalid address is explained next to the field and kept', async () => {
  const visitor = new TestVisitor(testApp.app);
  const response = await visitor.post('/sign-in', { email: 'inte-en-adress' });
  assert.equal(response.statusCode, 422);
  assert.match(response.body, /Ange en giltig e-postadress/);
  assert.match(response.body, /value="inte-en-adress"/);
  assert.match(response.body, /aria-invalid="true"/);
});

test('a link expires after 15 minutes with a page that offers a new one', async () => {
  const visitor = new TestVisitor(testApp.app);
  await visitor.post('/sign-in', { email: 'ciso@kiruna.se' });
  await testApp.sendDueMail();
  const count = smtp.messages.length;
  const mail = await smtp.waitForMessage((message) => smtp.messages.indexOf(message) === count - 1);
  const path = new URL(extractSignInLink(mail)).pathname;
  testApp.clock.advance(15 * 60_000 + 1000);
  const expired = await visitor.get(path);
  assert.equal(expired.statusCode, 410);
  assert.match(expired.body, /Länken har gått ut/);
  assert.match(expired.body, /action="\/sign-in"/);
  assert.equal((await visitor.post(path, {})).statusCode, 410);
});

test('a POST without the CSRF token is refused', async () => {
  const visitor = new TestVisitor(testApp.app);
  await visitor.get('/sign-in');
  const response = await visitor.post('/sign-in', { email: 'ciso@kiruna.se' }, { withCsrf: false });
  assert.equal(response.statusCode, 403);
  assert.match(response.body, /Formuläret hade gått ut/);
});

test('sign-out ends the session in the database', async () => {
  const visitor = await signIn(testApp, 'analyst@skr.se', { kind: 'global', role: 'analyst' });
  assert.equal((await visitor.json('GET', '/api/me')).statusCode, 200);
  const cookiesBefore = visitor.cookies;
  await visitor.get('/');
  await visitor.post('/sign-out', {});
  assert.equal((await visitor.json('GET', '/api/me')).statusCode, 401);
  // The old cookie no longer works either: the session row is gone, not only the cookie.
  const replay = await testApp.app.inject({
    method: 'GET',
    url: '/api/me',
    headers: { cookie: cookiesBefore, accept: 'application/json' },
  });
  assert.equal(replay.statusCode, 401);
});

test('administrators grant roles and send links; others may not open the user page', async () => {
  const administrator = await signIn(testApp, 'samordnare@skr.se', { kind: 'global', role: 'administrator' });
  const page = await administrator.get('/admin/users');
  assert.equal(page.statusCode, 200);
  // The last sign-in is in Swedish time (UTC+1 in March), and the header says so.
  const signedInAt = await testApp.database.db
    .selectFrom('users')
    .select('last_signed_in_at')
    .where('email', '=', 'samordnare@skr.se')
    .executeTakeFirstOrThrow();
  const utc = String(signedInAt.last_signed_in_at);
  const swedish = new Date(Date.parse(utc) + 3600_000).toISOString().slice(0, 16).replace('T', ' ');
  assert.match(page.body, /Senast inloggad \(svensk tid\)/);
  assert.ok(page.body.includes(`<td>${swedish}</td>`), `${swedish} in Swedish time`);
  const bad = await administrator.post('/admin/users', {
    email: 'ny@lulea.se',
    name: 'Ny',
    role: 'reader',
    organisationCode: '9999',
    sendLink: 'yes',
  });
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /Ingen organisation har koden 9999/);
  assert.match(bad.body, /value="ny@lulea\.se"/);
  const saved = await administrator.post('/admin/users', {
    email: 'ny@lulea.se',
    name: 'Ny',
    role: 'reader',
    organisationCode: '2580',
    sendLink: 'yes',
  });
  assert.equal(saved.statusCode, 200);
  assert.match(saved.body, /Rollen är sparad för ny@lulea\.se/);
  await testApp.sendDueMail();
  await smtp.waitForMessage((message) => message.to.includes('ny@lulea.se'));

  const respondent = await signIn(testApp, 'svarande@lulea.se', {
    kind: 'organisation',
    organisationCode: '2580',
    role: 'respondent',
  });
  assert.equal((await respondent.get('/admin/users')).statusCode, 403);
  const anonymous = await testApp.app.inject({ method: 'GET', url: '/admin/users' });
  assert.equal(anonymous.statusCode, 302);
  assert.equal(anonymous.headers.location, '/sign-in?next=%2Fadmin%2Fusers');
});

test('every sign-in and role change is in an intact audit chain', async () => {
  const verification = await verifyAuditLog(testApp.database.db);
  assert.equal(verification.isIntact, true);
  assert.ok(verification.eventCount >= 6);
});
