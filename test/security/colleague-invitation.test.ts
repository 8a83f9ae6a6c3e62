import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { findCurrentUser, findUserByEmail, grantUserRole } from '../../src/accounts/accounts.service.ts';
import { invitationLimits } from '../../src/accounts/membership-invitations.service.ts';
import { findAuditEvents } from '../../src/audit/audit.service.ts';
import { buildTestApp, signIn, type TestApp, TestVisitor } from '../app.ts';

// Finding 5 of the security review: "invite a colleague" updated existing accounts (a respondent renamed the
// administrator and gave them a reader membership) and sent 40 invitations to outside addresses in 5 s, each
// creating an account. Now an invitation changes no account until its addressee accepts it, signed in through
// their own mail; the inviter sees the same answer either way; invitations are limited and audited.

let testApp: TestApp;
let respondent: TestVisitor;

before(async () => {
  testApp = await buildTestApp();
  await grantUserRole(testApp.database.db, testApp.clock, {
    email: 'admin@skr.se',
    name: 'Ada Administratör',
    grant: { kind: 'global', role: 'administrator' },
    actor: { userId: null, label: 'test' },
  });
  await grantUserRole(testApp.database.db, testApp.clock, {
    email: 'bo@umea.se',
    name: 'Bo',
    grant: { kind: 'organisation', organisationCode: '2480', role: 'respondent' },
    actor: { userId: null, label: 'test' },
  });
  respondent = await signIn(testApp, 'ciso@kiruna.se', {
    kind: 'organisation',
    organisationCode: '2584',
    role: 'respondent',
  });
});
after(async () => {
  await testApp.close();
});

async function accountOf(email: string) {
  const user = await findUserByEmail(testApp.database.db, email);
  assert.ok(user, email);
  const current = await findCurrentUser(testApp.database.db, user.id);
  return { name: current?.name, globalRole: current?.globalRole, memberships: current?.memberships };
}

function noticeOf(body: string, email: string): string {
  const main = /<main[\s\S]*<\/main>/.exec(body)?.[0] ?? '';
  return main.replaceAll(email, 'EMAIL').replace(/name="_csrf" value="[^"]+"/g, '');
}

test('inviting an existing account changes nothing about it, and answers as for a new address', async () => {
  const adminBefore = await accountOf('admin@skr.se');
  const boBefore = await accountOf('bo@umea.se');
  const toAdmin = await respondent.post('/organisations/2584/colleagues', {
    email: 'admin@skr.se',
    name: 'Hackad',
    role: 'reader',
  });
  const toBo = await respondent.post('/organisations/2584/colleagues', {
    email: 'bo@umea.se',
    name: 'Bytt namn',
    role: 'respondent',
  });
  const toNew = await respondent.post('/organisations/2584/colleagues', {
    email: 'ny.kollega@kiruna.se',
    name: 'Ny Kollega',
    role: 'reader',
  });
  for (const response of [toAdmin, toBo, toNew]) assert.equal(response.statusCode, 200);
  assert.equal(noticeOf(toAdmin.body, 'admin@skr.se'), noticeOf(toNew.body, 'ny.kollega@kiruna.se'));
  assert.deepEqual(await accountOf('admin@skr.se'), adminBefore);
  assert.deepEqual(await accountOf('bo@umea.se'), boBefore);
  // The new address has an account to sign in with, but no role anywhere until it accepts.
  assert.deepEqual(await accountOf('ny.kollega@kiruna.se'), { name: 'Ny Kollega', globalRole: null, memberships: [] });
  const colleagues = await respondent.get('/organisations/2584/colleagues');
  assert.doesNotMatch(colleagues.body, /admin@skr\.se|bo@umea\.se|ny\.kollega/);

  // Nobody but the addressee can accept: the inviter trying the link's target gets what an unknown id gets.
  await testApp.sendDueMail();
  const adminMail = testApp.sentMail.find((mail) => mail.to === 'admin@skr.se');
  const link = /http:\/\/lagesbild\.test(\/sign-in\/link\/[A-Za-z0-9_-]+)/.exec(adminMail?.text ?? '')?.[1];
  assert.ok(link, 'the administrator got a sign-in link');
  const [invitation] = await testApp.database.db
    .selectFrom('membership_invitations')
    .innerJoin('users', 'users.id', 'membership_invitations.user_id')
    .select('membership_invitations.id')
    .where('users.email', '=', 'admin@skr.se')
    .execute();
  assert.ok(invitation);
  assert.equal((await respondent.get(`/invitations/${invitation.id}`)).statusCode, 404);
  assert.equal((await respondent.post(`/invitations/${invitation.id}`, {})).statusCode, 404);
  assert.deepEqual(await accountOf('admin@skr.se'), adminBefore);

  // The administrator signs in through their own mail, lands on the invitation and accepts it.
  const admin = new TestVisitor(testApp.app);
  await admin.get(link);
  const signedIn = await admin.post(link, {});
  assert.equal(signedIn.statusCode, 303);
  assert.equal(signedIn.headers.location, `/invitations/${invitation.id}`);
  const page = await admin.get(`/invitations/${invitation.id}`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Du har bjudits in till Lägesbild som läsare för Kiruna/);
  assert.deepEqual(await accountOf('admin@skr.se'), adminBefore);
  const accepted = await admin.post(`/invitations/${invitation.id}`, {});
  assert.equal(accepted.statusCode, 303);
  assert.deepEqual(await accountOf('admin@skr.se'), {
    ...adminBefore,
    memberships: [{ organisationCode: '2584', role: 'reader' }],
  });
  // Once only.
  assert.equal((await admin.post(`/invitations/${invitation.id}`, {})).statusCode, 404);

  // Through the audit service, which puts back the addresses the chain names by reference.
  const audit = (
    await Promise.all(
      ['organisation.colleague_invited', 'user.invitation_accepted'].map((action) =>
        findAuditEvents(testApp.database.db, { action }, { limit: 20 }),
      ),
    )
  )
    .flat()
    .sort((a, b) => a.sequence - b.sequence);
  assert.deepEqual(
    audit.map((event) => `${event.action} ${event.actorLabel}`),
    [
      'organisation.colleague_invited ciso@kiruna.se',
      'organisation.colleague_invited ciso@kiruna.se',
      'organisation.colleague_invited ciso@kiruna.se',
      'user.invitation_accepted admin@skr.se',
    ],
  );
});

test('invitations are limited per inviter and per organisation; a refused one creates no account', async () => {
  const countUsers = async () =>
    Number(
      (
        await testApp.database.db
          .selectFrom('users')
          .select((eb) => eb.fn.countAll().as('count'))
          .executeTakeFirstOrThrow()
      ).count,
    );
  // The first test sent three of this inviter's hourly allowance.
  const statuses: number[] = [];
  for (let index = 0; index < 40; index += 1) {
    const response = await respondent.post('/organisations/2584/colleagues', {
      email: `utomstaende${index}@example.com`,
      name: '',
      role: 'reader',
    });
    statuses.push(response.statusCode);
    if (response.statusCode === 422) assert.match(response.body, /Gränsen för inbjudningar är nådd/);
  }
  assert.equal(statuses.filter((status) => status === 200).length, invitationLimits.perInviterPerHour - 3);
  const usersAfterInviter = await countUsers();

  // Another respondent of the same organisation may invite until the organisation's daily limit.
  const other = await signIn(testApp, 'dpo@kiruna.se', {
    kind: 'organisation',
    organisationCode: '2584',
    role: 'respondent',
  });
  const more: number[] = [];
  for (let index = 0; index < 15; index += 1) {
    const response = await other.post('/organisations/2584/colleagues', {
      email: `extern${index}@example.com`,
      name: '',
      role: 'reader',
    });
    more.push(response.statusCode);
  }
  assert.equal(more.filter((status) => status === 200).length, invitationLimits.perInviterPerHour);
  // Ten by each inviter reach the organisation's twenty a day: two hours later the first may invite again, but not here.
  testApp.clock.advance(2 * 3600_000);
  const afterAnHour = await respondent.post('/organisations/2584/colleagues', {
    email: 'senare@example.com',
    name: '',
    role: 'reader',
  });
  assert.equal(afterAnHour.statusCode, 422);
  assert.equal(await countUsers(), usersAfterInviter + invitationLimits.perInviterPerHour + 1);
});
