import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildTestApp, signIn, type TestApp, TestVisitor } from '../../test/app.ts';
import { sealPendingAuditEvents } from '../audit/audit.service.ts';
import { deactivateUser, removeGlobalRole } from './access.service.ts';
import { findUserByEmail, requestSignInLink } from './accounts.service.ts';

let testApp: TestApp;
let admin: TestVisitor;

before(async () => {
  testApp = await buildTestApp();
  admin = await signIn(testApp, 'samordnare@skr.se', { kind: 'global', role: 'administrator' });
  await admin.get('/admin/users');
});
after(async () => {
  await testApp.close();
});

function signInPath(text: string): string {
  const match = /https?:\/\/\S+(\/sign-in\/link\/[A-Za-z0-9_-]+)/.exec(text);
  assert.ok(match?.[1], 'a sign-in link in the mail');
  return match[1];
}

async function userId(email: string): Promise<string> {
  const user = await findUserByEmail(testApp.database.db, email);
  assert.ok(user, email);
  return user.id;
}

async function auditActions(subjectId: string): Promise<Array<{ action: string; details: unknown }>> {
  await sealPendingAuditEvents(testApp.database.db); // on PostgreSQL the newest events may still wait for the sealer
  const rows = await testApp.database.db
    .selectFrom('audit_events')
    .select(['action', 'details'])
    .where('subject_id', '=', subjectId)
    .orderBy('sequence')
    .execute();
  return rows.map((row) => ({ action: row.action, details: JSON.parse(String(row.details)) }));
}

test('a member removed by a coordinator gets 403 with the reason on the next request of their open session', async () => {
  const member = await signIn(testApp, 'ciso@lulea.se', {
    kind: 'organisation',
    organisationCode: '2580',
    role: 'respondent',
  });
  assert.equal((await member.get('/organisations/2580/colleagues')).statusCode, 200);
  const id = await userId('ciso@lulea.se');

  const removed = await admin.post(`/admin/users/${id}/memberships/2580/remove`, {});
  assert.equal(removed.statusCode, 200);
  assert.match(removed.body, /ciso@lulea\.se hör inte längre till 2580 och har loggats ut\./);

  const keptCookies = member.cookies;
  const next = await member.get('/organisations/2580/colleagues');
  assert.equal(next.statusCode, 403);
  assert.match(next.body, /Din behörighet har ändrats eller tagits bort/);
  // The browser forgets the cookie; an API client that keeps it keeps getting 403, never the organisation's data.
  assert.equal(
    next.cookies.some((cookie) => cookie.name === 'lb_session' && cookie.value === ''),
    true,
  );
  const api = await testApp.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: keptCookies } });
  assert.equal(api.statusCode, 403);
  assert.equal(api.json().error, 'forbidden');
  assert.deepEqual(
    (await auditActions(id)).map((event) => event.action),
    ['user.role_granted', 'user.signed_in', 'user.membership_revoked'],
  );
  assert.deepEqual((await auditActions(id))[2]?.details, {
    organisationCode: '2580',
    role: 'respondent',
    via: 'coordinator',
    sessionsRevoked: 1,
  });
});

test('an administrator deactivates an account: signed out at once, links refused, reactivation lets it in again', async () => {
  const analyst = await signIn(testApp, 'analytiker@skr.se', { kind: 'global', role: 'analyst' });
  const id = await userId('analytiker@skr.se');
  await requestSignInLink(testApp.database.db, testApp.clock, { email: 'analytiker@skr.se', language: 'sv' });

  const page = await admin.get('/admin/users');
  assert.match(page.body, /Inaktivera analytiker@skr\.se/);
  const deactivated = await admin.post(`/admin/users/${id}/deactivate`, {});
  assert.equal(deactivated.statusCode, 200);
  assert.match(deactivated.body, /analytiker@skr\.se är inaktiverad och utloggad/);
  assert.match(deactivated.body, /Aktivera analytiker@skr\.se igen/);

  assert.equal((await analyst.get('/rounds')).statusCode, 403);
  // The link queued before the deactivation is not sent; a new request queues nothing.
  await requestSignInLink(testApp.database.db, testApp.clock, { email: 'analytiker@skr.se', language: 'sv' });
  await testApp.sendDueMail();
  assert.equal(
    testApp.sentMail.filter((mail) => mail.to === 'analytiker@skr.se').length,
    0,
    'no sign-in link reaches a deactivated account',
  );

  await admin.post(`/admin/users/${id}/reactivate`, {});
  await requestSignInLink(testApp.database.db, testApp.clock, { email: 'analytiker@skr.se', language: 'sv' });
  await testApp.sendDueMail();
  const mail = testApp.sentMail.find((candidate) => candidate.to === 'analytiker@skr.se');
  assert.ok(mail);
  const again = new TestVisitor(testApp.app);
  const path = signInPath(mail.text);
  await again.get(path);
  assert.equal((await again.post(path, {})).statusCode, 303);
  assert.equal((await again.get('/rounds')).statusCode, 200);
  assert.deepEqual((await auditActions(id)).map((event) => event.action).slice(-3), [
    'user.deactivated',
    'user.reactivated',
    'user.signed_in',
  ]);
});

test('removing a global role signs the person out; the last administrator and one’s own account are refused', async () => {
  const analyst = await signIn(testApp, 'tidigare@skr.se', { kind: 'global', role: 'analyst' });
  const id = await userId('tidigare@skr.se');
  const removed = await admin.post(`/admin/users/${id}/remove-global-role`, {});
  assert.equal(removed.statusCode, 200);
  assert.match(removed.body, /Samordnarrollen är borttagen från tidigare@skr\.se/);
  assert.equal((await analyst.get('/rounds')).statusCode, 403);
  assert.equal((await findUserByEmail(testApp.database.db, 'tidigare@skr.se'))?.globalRole, null);

  const adminId = await userId('samordnare@skr.se');
  const own = await admin.post(`/admin/users/${adminId}/deactivate`, {});
  assert.equal(own.statusCode, 409);
  assert.match(own.body, /Du kan inte ta bort din egen roll/);
  const ownRole = await admin.post(`/admin/users/${adminId}/remove-global-role`, {});
  assert.equal(ownRole.statusCode, 409);

  // A deactivated administrator is signed out like anyone else.
  const second = await signIn(testApp, 'andra@skr.se', { kind: 'global', role: 'administrator' });
  await second.get('/admin/users');
  await admin.post(`/admin/users/${await userId('andra@skr.se')}/deactivate`, {});
  assert.equal((await second.get('/admin/users')).statusCode, 403);
  assert.equal((await admin.get('/admin/users')).statusCode, 200);

  const unknown = await admin.post('/admin/users/00000000-0000-4000-8000-000000000000/deactivate', {});
  assert.equal(unknown.statusCode, 404);
  const noRole = await admin.post(`/admin/users/${id}/remove-global-role`, {});
  assert.equal(noRole.statusCode, 404);
  assert.match(noRole.body, /ingen samordnarroll/);
});

test('the last active administrator is kept, whoever asks (two administrators removing each other, a script)', async () => {
  const adminId = await userId('samordnare@skr.se');
  const system = { userId: null, label: 'test' };
  const active = await testApp.database.db
    .selectFrom('users')
    .select('email')
    .where('global_role', '=', 'administrator')
    .where('deactivated_at', 'is', null)
    .execute();
  assert.deepEqual(active, [{ email: 'samordnare@skr.se' }]);
  await assert.rejects(deactivateUser(testApp.database.db, testApp.clock, { userId: adminId, actor: system }), {
    code: 'conflict',
    message: 'accounts.access.lastAdministrator',
  });
  await assert.rejects(removeGlobalRole(testApp.database.db, testApp.clock, { userId: adminId, actor: system }), {
    code: 'conflict',
    message: 'accounts.access.lastAdministrator',
  });
  assert.equal((await admin.get('/admin/users')).statusCode, 200);
});
