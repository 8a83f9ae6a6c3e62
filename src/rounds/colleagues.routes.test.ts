import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildTestApp, signIn, type TestApp, TestVisitor } from '../../test/app.ts';
import { createOpenRound } from '../../test/factories.ts';
import { findUserByEmail, grantUserRole, type UserGrant } from '../accounts/accounts.service.ts';
import { sealPendingAuditEvents } from '../audit/audit.service.ts';

let testApp: TestApp;
let admin: TestVisitor;

before(async () => {
  testApp = await buildTestApp();
  admin = await signIn(testApp, 'samordnare@skr.se', { kind: 'global', role: 'administrator' });
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

async function grant(email: string, userGrant: UserGrant): Promise<void> {
  await grantUserRole(testApp.database.db, testApp.clock, {
    email,
    grant: userGrant,
    actor: { userId: null, label: 'test' },
  });
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

test('respondents list and remove colleagues, never a coordinator and never themselves as the last respondent', async () => {
  const roundId = await createOpenRound(testApp.database.db, { label: '2026', organisations: [{ code: '2584' }] });
  const anna = await signIn(testApp, 'anna@kiruna.se', {
    kind: 'organisation',
    organisationCode: '2584',
    role: 'respondent',
  });
  const bo = await signIn(testApp, 'bo@kiruna.se', { kind: 'organisation', organisationCode: '2584', role: 'reader' });
  // A coordinator who is also a respondent of the organisation neither counts as its other respondent nor can be
  // removed by one.
  await grant('samordnare@skr.se', { kind: 'organisation', organisationCode: '2584', role: 'respondent' });

  const overview = await anna.get(`/answer/${roundId}/2584`);
  assert.match(overview.body, /<a href="\/organisations\/2584\/colleagues">Kollegor<\/a>/);
  assert.match(
    (await anna.get('/my')).body,
    /href="\/organisations\/2584\/colleagues">Bjud in eller ta bort kollegor i Kiruna/,
  );
  assert.doesNotMatch((await bo.get(`/answer/${roundId}/2584`)).body, /\/organisations\/2584\/colleagues/);

  const page = await anna.get('/organisations/2584/colleagues');
  assert.match(page.body, /Ta bort bo@kiruna\.se/);
  assert.match(page.body, /samordnare – kan inte tas bort här/);
  assert.doesNotMatch(page.body, /Ta bort samordnare@skr\.se/);

  const coordinatorId = await userId('samordnare@skr.se');
  const refusedCoordinator = await anna.post(`/organisations/2584/colleagues/${coordinatorId}/remove`, {});
  assert.equal(refusedCoordinator.statusCode, 409);
  assert.match(refusedCoordinator.body, /Den rollen kan bara en administratör ändra/);
  const annaId = await userId('anna@kiruna.se');
  const refusedSelf = await anna.post(`/organisations/2584/colleagues/${annaId}/remove`, {});
  assert.equal(refusedSelf.statusCode, 409);
  assert.match(refusedSelf.body, /Du är den sista svarande/);

  const boId = await userId('bo@kiruna.se');
  const removed = await anna.post(`/organisations/2584/colleagues/${boId}/remove`, {});
  assert.equal(removed.statusCode, 200);
  assert.match(removed.body, /bo@kiruna\.se har tagits bort från organisationen och loggats ut\./);
  assert.equal((await bo.get(`/answer/${roundId}/2584`)).statusCode, 403);
  const boAudit = (await auditActions(boId)).at(-1);
  assert.equal(boAudit?.action, 'user.membership_revoked');
  assert.deepEqual(boAudit?.details, {
    organisationCode: '2584',
    role: 'reader',
    via: 'colleague',
    sessionsRevoked: 1,
  });
  // A removal of someone who is not a member is refused, and another organisation's page is closed.
  assert.equal((await anna.post(`/organisations/2584/colleagues/${boId}/remove`, {})).statusCode, 404);
  assert.equal((await anna.post(`/organisations/0180/colleagues/${boId}/remove`, {})).statusCode, 403);

  // With a second respondent, Anna may leave; her own session ends with her.
  await grant('cilla@kiruna.se', { kind: 'organisation', organisationCode: '2584', role: 'respondent' });
  const left = await anna.post(`/organisations/2584/colleagues/${annaId}/remove`, {});
  assert.equal(left.statusCode, 303);
  assert.equal((await anna.get('/my')).statusCode, 403);

  // A coordinator sees any organisation's members and removes anyone, the last respondent included.
  const coordinatorPage = await admin.get('/organisations/2584/colleagues');
  assert.equal(coordinatorPage.statusCode, 200);
  const elsewhere = await admin.get('/organisations/0180/colleagues');
  assert.equal(elsewhere.statusCode, 200);
  assert.doesNotMatch(elsewhere.body, /Bjud in en kollega/, 'inviting stays with the organisation’s respondents');
  const cillaId = await userId('cilla@kiruna.se');
  assert.equal((await admin.post(`/organisations/2584/colleagues/${cillaId}/remove`, {})).statusCode, 200);
});

test('a colleague’s invitation names the open survey round and the organisation', async () => {
  const roundId = await createOpenRound(testApp.database.db, { label: '2027', organisations: [{ code: '1480' }] });
  const inviter = await signIn(testApp, 'ciso@goteborg.se', {
    kind: 'organisation',
    organisationCode: '1480',
    role: 'respondent',
  });
  await inviter.get('/organisations/1480/colleagues');
  const invited = await inviter.post('/organisations/1480/colleagues', {
    email: 'dan@goteborg.se',
    name: 'Dan',
    role: 'respondent',
  });
  assert.equal(invited.statusCode, 200);
  await testApp.sendDueMail();
  const mail = testApp.sentMail.find((candidate) => candidate.to === 'dan@goteborg.se');
  assert.ok(mail);
  assert.match(mail.text, /Enkäten Lägesbild 2027 om informationssäkerhetsarbetet i Göteborg är öppen/);
  const dan = new TestVisitor(testApp.app);
  const path = signInPath(mail.text);
  await dan.get(path);
  const signedIn = await dan.post(path, {});
  assert.equal(signedIn.statusCode, 303);
  // Since issue 14 the link leads to the invitation, which the colleague accepts before getting the role.
  const invitationPath = String(signedIn.headers.location);
  assert.match(invitationPath, /^\/invitations\/[0-9a-f-]{36}\?next=/);
  const invitationPage = await dan.get(invitationPath);
  assert.equal(invitationPage.statusCode, 200);
  assert.match(invitationPage.body, /Du har bjudits in till Lägesbild som svarande för Göteborg/);
  const formPath = `/answer/${roundId}/1480`;
  assert.equal((await dan.get(formPath)).statusCode, 403, 'no role before accepting');
  // Accepting leads straight into the form of the open round.
  const accepted = await dan.post(invitationPath, { next: formPath });
  assert.equal(accepted.statusCode, 303);
  assert.equal(accepted.headers.location, formPath);
  const form = await dan.get(formPath);
  assert.equal(form.statusCode, 200);
  assert.match(form.body, /Göteborg/);
});

test('accepting an invitation never redirects off the site, and without an open round leads to the overview', async () => {
  const inviter = await signIn(testApp, 'ciso@lund.se', {
    kind: 'organisation',
    organisationCode: '1281',
    role: 'respondent',
  });
  await inviter.get('/organisations/1281/colleagues');
  await inviter.post('/organisations/1281/colleagues', { email: 'eva@lund.se', name: '', role: 'reader' });
  await testApp.sendDueMail();
  const mail = testApp.sentMail.find((candidate) => candidate.to === 'eva@lund.se');
  assert.ok(mail);
  const eva = new TestVisitor(testApp.app);
  const path = signInPath(mail.text);
  await eva.get(path);
  const invitationPath = String((await eva.post(path, {})).headers.location);
  assert.match(invitationPath, /\?next=%2Fmy$/);
  const accepted = await eva.post(invitationPath.replace(/\?.*$/, ''), { next: '//evil.example/' });
  assert.equal(accepted.statusCode, 303);
  assert.equal(accepted.headers.location, '/my');
});
