import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildTestApp, signIn, type TestApp, type TestVisitor } from '../../test/app.ts';
import { startSmtpServer } from '../../test/smtp.ts';
import { findAuditEvents } from '../audit/audit.service.ts';
import { createRoundWithContacts } from './rounds.fixtures.ts';
import { addRoundOrganisations } from './rounds.service.ts';

let testApp: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let admin: TestVisitor;
let roundId: string;

before(async () => {
  smtp = await startSmtpServer({ unknownRecipients: ['fel@malmo.se'] });
  testApp = await buildTestApp({ smtpUrl: smtp.url });
  admin = await signIn(testApp, 'samordnare@skr.se', { kind: 'global', role: 'administrator' });
  const round = await createRoundWithContacts(testApp.database.db, testApp.clock, {
    label: 'leverans',
    csv: 'organisation,name,email,language\n0180,Åsa,asa@stockholm.se,sv\n1280,Malin,fel@malmo.se,\n01,Per,per@regionstockholm.se,en\n',
  });
  roundId = round.id;
  // An organisation invited without a contact yet.
  await addRoundOrganisations(testApp.database.db, roundId, ['0114']);
});
after(async () => {
  await testApp.close();
  await smtp.close();
});

const organisationRow = (body: string, name: string) =>
  new RegExp(`<th scope="row">${name}</th>(?:(?!</tr>).)*</tr>`).exec(body)?.[0] ?? '';

test('opening, inviting and closing are each asked about first; nothing is sent or closed before confirming', async () => {
  const round = await admin.get(`/rounds/${roundId}`);
  assert.match(
    round.body,
    /<a class="button" href="\/rounds\/[^"]+\/open">Öppna omgången och skicka inbjudningar<\/a>/,
  );
  const confirm = await admin.get(`/rounds/${roundId}/open`);
  assert.equal(confirm.statusCode, 200);
  assert.match(confirm.body, /<h1>Öppna omgång [^<]+\?<\/h1>/);
  assert.match(confirm.body, /varje kontaktperson får nu en inbjudan/);
  assert.match(confirm.body, /<form method="post" action="\/rounds\/[^"]+\/open">/);
  for (const action of ['invitations', 'close']) {
    assert.match((await admin.get(`/rounds/${roundId}/${action}`)).body, /<button type="submit">/);
  }
  const mail = await testApp.database.db
    .selectFrom('mail_outbox')
    .select('id')
    .where('round_id', '=', roundId)
    .execute();
  assert.deepEqual(mail, [], 'nothing is sent by asking');
  const status = await testApp.database.db
    .selectFrom('rounds')
    .select('status')
    .where('id', '=', roundId)
    .executeTakeFirstOrThrow();
  assert.equal(status.status, 'draft');
});

test('a 550 shows on the follow-up page and the round page; the address is corrected and the invitation sent again', async () => {
  const opened = await admin.post(`/rounds/${roundId}/open`, {});
  assert.match(opened.body, /3 inbjudningar skickas nu/);
  const followUpBefore = await admin.get(`/rounds/${roundId}/follow-up`);
  assert.match(organisationRow(followUpBefore.body, 'Malmö'), /Inbjudan: väntar på att skickas/);
  assert.match(organisationRow(followUpBefore.body, 'Upplands Väsby'), /Inget utskick än/);

  assert.deepEqual(await testApp.sendDueMail(), { sent: 2, failed: 1, deferred: 0 });
  const english = await smtp.waitForMessage((mail) => mail.to.includes('per@regionstockholm.se'));
  assert.equal(english.subject, 'Invitation: the survey of information security work leverans');
  assert.match(english.text, /Region Stockholm is invited to answer/);

  const followUp = await admin.get(`/rounds/${roundId}/follow-up`);
  assert.equal(followUp.statusCode, 200);
  const malmo = organisationRow(followUp.body, 'Malmö');
  assert.match(malmo, /Inbjudan: misslyckades: 550 5\.1\.1 &lt;fel@malmo\.se>: Recipient address rejected/);
  assert.match(
    malmo,
    /href="\/rounds\/[^"]+\/organisations\/1280\/invitation" aria-label="Rätta adressen och skicka igen till Malmö"/,
  );
  assert.match(organisationRow(followUp.body, 'Stockholm'), /Inbjudan: skickad 2026-03-01 09:00/);

  const failedOnly = await admin.get(`/rounds/${roundId}/follow-up?mail=failed`);
  assert.deepEqual(
    [...failedOnly.body.matchAll(/name="organisations" value="(\d+)"/g)].map((match) => match[1]),
    ['1280'],
  );
  assert.match(failedOnly.body, /Organisationer: Misslyckade \(1\)/);
  const notMailed = await admin.get(`/rounds/${roundId}/follow-up?mail=none&type=kommun`);
  assert.deepEqual(
    [...notMailed.body.matchAll(/name="organisations" value="(\d+)"/g)].map((match) => match[1]),
    ['0114'],
  );
  assert.match(notMailed.body, /<input type="hidden" name="type" value="kommun"\/>/);
  assert.equal((await admin.get(`/rounds/${roundId}/follow-up?mail=bounced`)).statusCode, 400);

  const roundPage = await admin.get(`/rounds/${roundId}`);
  assert.match(roundPage.body, /<h2 id="failed-invitations-heading">Inbjudningar som inte kom fram<\/h2>/);
  assert.match(roundPage.body, /<strong>Malmö<\/strong> \(fel@malmo\.se\): 550 5\.1\.1/);

  const form = await admin.get(`/rounds/${roundId}/organisations/1280/invitation`);
  assert.equal(form.statusCode, 200);
  assert.match(form.body, /Senaste utskick: Inbjudan: misslyckades: 550/);
  assert.match(form.body, /name="email" type="email" value="fel@malmo\.se"/);
  const bad = await admin.post(`/rounds/${roundId}/organisations/1280/invitation`, {
    name: 'Malin Lund',
    email: 'malin(at)malmo.se',
    language: 'sv',
  });
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /Ange en giltig e-postadress/);
  assert.match(bad.body, /value="malin\(at\)malmo\.se"/);
  testApp.clock.advance(60_000); // the coordinator corrects the address a minute later
  const resent = await admin.post(`/rounds/${roundId}/organisations/1280/invitation`, {
    name: 'Malin Lund',
    email: 'Malin@Malmo.se',
    language: 'sv',
  });
  assert.equal(resent.statusCode, 200);
  assert.match(resent.body, /En ny inbjudan till malin@malmo\.se skickas nu\./);
  assert.match(resent.body, /Senaste utskick: Inbjudan: väntar på att skickas/);
  assert.deepEqual(await testApp.sendDueMail(), { sent: 1, failed: 0, deferred: 0 });
  const invitation = await smtp.waitForMessage((mail) => mail.to.includes('malin@malmo.se'));
  assert.match(invitation.text, /Malmö är inbjuden/);

  const after = await admin.get(`/rounds/${roundId}/follow-up`);
  assert.match(organisationRow(after.body, 'Malmö'), /Inbjudan: skickad/);
  assert.doesNotMatch((await admin.get(`/rounds/${roundId}`)).body, /Inbjudningar som inte kom fram/);
  const [changed] = await findAuditEvents(testApp.database.db, { action: 'round.contact_changed' }, { limit: 1 });
  assert.equal(changed?.subjectId, roundId);

  const analyst = await signIn(testApp, 'analytiker@skr.se', { kind: 'global', role: 'analyst' });
  assert.doesNotMatch(
    organisationRow((await analyst.get(`/rounds/${roundId}/follow-up`)).body, 'Malmö'),
    /Rätta adressen/,
  );
  const refused = await analyst.post(`/rounds/${roundId}/organisations/1280/invitation`, {
    name: 'X',
    email: 'x@malmo.se',
    language: 'sv',
  });
  assert.equal(refused.statusCode, 403);
});
