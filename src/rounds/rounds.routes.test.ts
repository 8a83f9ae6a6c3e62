import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildTestApp, signIn, type TestApp, TestVisitor } from '../../test/app.ts';
import { extractSignInLink, startSmtpServer } from '../../test/smtp.ts';
import { findAuditEvents, verifyAuditLog } from '../audit/audit.service.ts';
import { insertTestResponse } from './rounds.fixtures.ts';

let testApp: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let admin: TestVisitor;

const validRound = {
  label: '2026',
  population: 'list',
  organisationCodes: '0180 0114, 1280 01',
  kommunVersion: 'skr-2023',
  regionVersion: 'skr-2023',
  opensAt: '2026-03-01T09:00',
  closesAt: '2026-03-31T23:59',
  reminderDays: '14, 7, 2',
};

async function createRound(form: Record<string, string>): Promise<string> {
  const response = await admin.post('/rounds', form);
  assert.equal(response.statusCode, 303, response.body.slice(0, 2000));
  const id = /^\/rounds\/([0-9a-f-]{36})$/.exec(response.headers.location ?? '')?.[1];
  assert.ok(id);
  return id;
}

async function mailLog(roundId: string) {
  return testApp.database.db
    .selectFrom('mail_outbox')
    .select(['kind', 'organisation_code', 'recipient', 'status', 'slot'])
    .where('round_id', '=', roundId)
    .orderBy('organisation_code')
    .execute();
}

before(async () => {
  smtp = await startSmtpServer();
  testApp = await buildTestApp({ smtpUrl: smtp.url });
  admin = await signIn(testApp, 'samordnare@skr.se', { kind: 'global', role: 'administrator' });
});
after(async () => {
  await testApp.close();
  await smtp.close();
});

test('a round with bad input is refused with every problem named, keeping what was typed', async () => {
  const response = await admin.post('/rounds', {
    ...validRound,
    label: 'Omgång <2026>',
    organisationCodes: '0180 9999',
    regionVersion: 'skr-2019',
    closesAt: '2026-02-28T10:00',
    reminderDays: '14, sju',
  });
  assert.equal(response.statusCode, 422);
  assert.match(response.body, /value="Omgång &lt;2026>"/);
  assert.match(response.body, />0180 9999<\/textarea>/);
  assert.match(response.body, /value="14, sju"/);
  assert.match(response.body, /Det finns ingen organisation med koden 9999\./);
  assert.match(response.body, /Stängningstiden har redan passerat/);
  assert.match(response.body, /Skriv påminnelserna som hela dagar/);
  assert.equal((await testApp.database.db.selectFrom('rounds').selectAll().execute()).length, 0);

  const wrongType = await admin.post('/rounds?lang=en', { ...validRound, regionVersion: 'skr-2019' });
  assert.equal(wrongType.statusCode, 422);
  assert.match(wrongType.body, /The questionnaire version skr-2019 is not made for regions\./);
});

test('a round is created, contacts are imported all or nothing, and opening mails one invitation per contact', async () => {
  const roundId = await createRound(validRound);
  const page = await admin.get(`/rounds/${roundId}`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /<h1>Omgång 2026<\/h1>/);
  assert.match(page.body, /2026-03-31 23:59/);
  const stored = await testApp.database.db
    .selectFrom('rounds')
    .selectAll()
    .where('id', '=', roundId)
    .executeTakeFirst();
  assert.equal(stored?.closes_at, '2026-03-31T21:59:00.000Z');
  assert.equal(stored?.status, 'draft');

  const duplicate = await admin.post('/rounds', validRound);
  assert.equal(duplicate.statusCode, 422);
  assert.match(duplicate.body, /Det finns redan en omgång med det namnet/);

  const bad = await admin.post(`/rounds/${roundId}/contacts`, {
    csv: 'organisation,name,email\n0180,Åsa Öberg,asa@stockholm.se\n2584,Kim,kim@kiruna.se\n1280,Malin,inte-en-adress\n',
  });
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /Rad 3: organisationen 2584 är inte inbjuden till omgången\./);
  assert.match(bad.body, /Rad 4: inte-en-adress är ingen giltig e-postadress\./);
  assert.match(bad.body, /0180,Åsa Öberg,asa@stockholm\.se/);
  const untouched = await testApp.database.db
    .selectFrom('round_organisations')
    .select('contact_email')
    .where('round_id', '=', roundId)
    .where('contact_email', 'is not', null)
    .execute();
  assert.deepEqual(untouched, []);

  const good = await admin.post(`/rounds/${roundId}/contacts`, {
    csv: '\uFEFForganisation,name,email\r\n0180,Åsa Öberg,asa@stockholm.se\r\n1280,Malin Lund,malin@malmo.se\r\n01,Per Ek,per@regionstockholm.se\r\n',
  });
  assert.equal(good.statusCode, 200);
  assert.match(good.body, /3 kontaktpersoner är sparade\./);

  const opened = await admin.post(`/rounds/${roundId}/open`, {});
  assert.equal(opened.statusCode, 200);
  assert.match(opened.body, /Omgången är öppen\. 3 inbjudningar skickas nu\./);
  assert.deepEqual(
    (await mailLog(roundId)).map((row) => [row.kind, row.organisation_code, row.status]),
    [
      ['invitation', '01', 'queued'],
      ['invitation', '0180', 'queued'],
      ['invitation', '1280', 'queued'],
    ],
  );
  assert.deepEqual(await testApp.sendDueMail(), { sent: 3, failed: 0, deferred: 0 });
  const invitations = smtp.messages.filter((mail) => /^Inbjudan/.test(mail.subject));
  assert.deepEqual(invitations.map((mail) => mail.to[0]).sort(), [
    'asa@stockholm.se',
    'malin@malmo.se',
    'per@regionstockholm.se',
  ]);
  const toMalin = invitations.find((mail) => mail.to.includes('malin@malmo.se'));
  assert.ok(toMalin);
  assert.match(toMalin.text, /Malmö är inbjuden/);
  assert.match(toMalin.text, /Enkäten stänger 2026-03-31 23:59 \(svensk tid\)\./);
  assert.match(toMalin.text, /Med vänliga hälsningar\nSamordnaren för enkäten/);
  assert.match(toMalin.text, /Länken gäller i 15 minuter och kan användas en gång\./);
  assert.match(toMalin.html, /<a href="http:\/\/lagesbild\.test\/sign-in\/link\//);
  assert.deepEqual(
    (await mailLog(roundId)).map((row) => [row.kind, row.organisation_code, row.status]),
    [
      ['invitation', '01', 'sent'],
      ['invitation', '0180', 'sent'],
      ['invitation', '1280', 'sent'],
    ],
  );

  // The link signs the contact in as the organisation's respondent and lands on the form.
  const link = new URL(extractSignInLink(toMalin)).pathname;
  const contact = new TestVisitor(testApp.app);
  await contact.get(link);
  const signedIn = await contact.post(link, {});
  assert.equal(signedIn.headers.location, `/answer/${roundId}/1280`);
  const me = await contact.json('GET', '/api/me');
  assert.deepEqual(me.json().memberships, [{ organisationCode: '1280', role: 'respondent' }]);

  // Opening twice is refused; inviting again sends nothing to those already invited.
  assert.equal((await admin.post(`/rounds/${roundId}/open`, {})).statusCode, 409);
  const again = await admin.post(`/rounds/${roundId}/invitations`, {});
  assert.match(again.body, /0 nya inbjudningar skickas nu; 3 var redan inbjudna\./);
  await testApp.sendDueMail();
  assert.equal(smtp.messages.filter((mail) => /^Inbjudan/.test(mail.subject)).length, 3);

  // A contact changed after opening gets an invitation at the new address.
  const changed = await admin.post(`/rounds/${roundId}/organisations/0114/contact`, { name: 'Eva', email: 'fel' });
  assert.equal(changed.statusCode, 422);
  assert.match(changed.body, /value="fel"/);
  assert.match(changed.body, /Ange en giltig e-postadress/);
  await admin.post(`/rounds/${roundId}/organisations/0114/contact`, {
    name: 'Eva Berg',
    email: 'eva@upplandsvasby.se',
  });
  const invitedNew = await admin.post(`/rounds/${roundId}/invitations`, {});
  assert.match(invitedNew.body, /1 nya inbjudningar skickas nu/);
  await testApp.sendDueMail();
  await smtp.waitForMessage((mail) => mail.to.includes('eva@upplandsvasby.se'));
  assert.equal((await verifyAuditLog(testApp.database.db)).isIntact, true);
});

test('follow-up counts are exact, each number lists its organisations, and manual reminders go to the chosen', async () => {
  const roundId = await createRound({
    ...validRound,
    label: '2026-uppf',
    organisationCodes: '0180 0114 0115 1280 01 12',
  });
  await admin.post(`/rounds/${roundId}/contacts`, {
    csv: 'organisation,name,email\n0114,Eva Berg,eva@upplandsvasby.se\n0115,Olle Ek,olle@vallentuna.se\n01,Per Ek,per@regionstockholm.se\n',
  });
  await admin.post(`/rounds/${roundId}/open`, {});
  await testApp.sendDueMail();
  const at = testApp.clock.now().toISOString();
  const db = testApp.database.db;
  await insertTestResponse(db, { roundId, organisationCode: '0180', status: 'submitted', at });
  await insertTestResponse(db, { roundId, organisationCode: '0114', status: 'in_progress', at });
  await insertTestResponse(db, { roundId, organisationCode: '1280', status: 'submitted', at });
  await insertTestResponse(db, { roundId, organisationCode: '12', status: 'submitted', at });

  const summary = (await admin.json('GET', `/api/rounds/${roundId}/follow-up`)).json();
  assert.deepEqual(summary.total.counts, { not_started: 2, in_progress: 1, submitted: 3 });
  assert.deepEqual(summary.total.percentages, { not_started: 33.3, in_progress: 16.7, submitted: 50 });
  assert.deepEqual(
    summary.byType.map((row: { key: string; counts: object }) => [row.key, row.counts]),
    [
      ['kommun', { not_started: 1, in_progress: 1, submitted: 2 }],
      ['region', { not_started: 1, in_progress: 0, submitted: 1 }],
    ],
  );
  assert.deepEqual(
    summary.byCounty.map((row: { key: string; total: number; percentages: { submitted: number } }) => [
      row.key,
      row.total,
      row.percentages.submitted,
    ]),
    [
      ['01', 4, 25],
      ['12', 2, 100],
    ],
  );
  assert.deepEqual(
    summary.byGroup.map((row: { key: string; counts: object }) => [row.key, row.counts]),
    [
      ['A1', { not_started: 0, in_progress: 0, submitted: 2 }],
      ['A2', { not_started: 1, in_progress: 1, submitted: 0 }],
    ],
  );

  const page = await admin.get(`/rounds/${roundId}/follow-up`);
  assert.equal(page.statusCode, 200);
  assert.match(
    page.body,
    /<h2>Svarsläge per län<\/h2><table><caption class="visually-hidden">Svarsläge per län<\/caption>/,
  );
  assert.match(
    page.body,
    /href="\/rounds\/[^"]+\/follow-up\?county=01&amp;status=not_started#organisations">2 \(50 %\)/,
  );
  const filtered = await admin.get(`/rounds/${roundId}/follow-up?county=01&status=not_started`);
  const listed = [...filtered.body.matchAll(/name="organisations" value="(\d+)"/g)].map((match) => match[1]);
  assert.deepEqual(listed, ['0115', '01']);

  const before = smtp.messages.length;
  // Checkboxes post the same name once per ticked box.
  const reminded = await testApp.app.inject({
    method: 'POST',
    url: `/rounds/${roundId}/reminders`,
    payload: `_csrf=${encodeURIComponent(admin.csrfToken)}&organisations=0115&organisations=01&organisations=1280`,
    headers: { cookie: admin.cookies, 'content-type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(reminded.statusCode, 200, reminded.body.slice(0, 500));
  assert.match(reminded.body, /2 påminnelser skickas nu; 1 saknar kontaktperson\./);
  assert.deepEqual(await testApp.sendDueMail(), { sent: 2, failed: 0, deferred: 0 });
  await smtp.waitForMessage((mail) => mail.to.includes('olle@vallentuna.se') && /^Påminnelse/.test(mail.subject));
  await smtp.waitForMessage((mail) => mail.to.includes('per@regionstockholm.se') && /^Påminnelse/.test(mail.subject));
  assert.equal(smtp.messages.length, before + 2);
  const manual = (await mailLog(roundId)).filter((row) => row.kind === 'manual-reminder');
  assert.deepEqual(
    manual.map((row) => [row.organisation_code, row.status]),
    [
      ['01', 'sent'],
      ['0115', 'sent'],
    ],
  );
  const none = await admin.post(`/rounds/${roundId}/reminders`, {});
  assert.equal(none.statusCode, 422);
  assert.match(none.body, /Kryssa i minst en organisation\./);

  const csv = await admin.get(`/rounds/${roundId}/non-responders.csv`);
  assert.equal(csv.statusCode, 200);
  assert.match(String(csv.headers['content-type']), /^text\/csv/);
  assert.equal(
    csv.body,
    '\uFEFFcode,name,type,group,county,status,contact_name,contact_email\r\n' +
      '0114,Upplands Väsby,kommun,A2,Stockholms län,in_progress,Eva Berg,eva@upplandsvasby.se\r\n' +
      '0115,Vallentuna,kommun,A2,Stockholms län,not_started,Olle Ek,olle@vallentuna.se\r\n' +
      '01,Region Stockholm,region,,Stockholms län,not_started,Per Ek,per@regionstockholm.se\r\n',
  );
});

test('a closed round is reopened for one organisation until a given time', async () => {
  const roundId = await createRound({ ...validRound, label: '2026-stangd', organisationCodes: '0180' });
  await admin.post(`/rounds/${roundId}/open`, {});
  const closed = await admin.post(`/rounds/${roundId}/close`, {});
  assert.match(closed.body, /Omgången är stängd\./);
  const past = await admin.post(`/rounds/${roundId}/organisations/0180/reopen`, { until: '2026-02-01T10:00' });
  assert.equal(past.statusCode, 422);
  assert.match(past.body, /Välj en tid framåt\./);
  assert.match(past.body, /value="2026-02-01T10:00"/);
  const reopened = await admin.post(`/rounds/${roundId}/organisations/0180/reopen`, { until: '2026-04-15T16:00' });
  assert.equal(reopened.statusCode, 200);
  const row = await testApp.database.db
    .selectFrom('round_organisations')
    .select('reopened_until')
    .where('round_id', '=', roundId)
    .executeTakeFirst();
  assert.equal(row?.reopened_until, '2026-04-15T14:00:00.000Z');
});

test('the JSON API creates a round and imports contacts as text/csv', async () => {
  const created = await admin.json('POST', '/api/rounds', {
    label: '2027',
    kommunVersion: 'skr-2023',
    regionVersion: '',
    population: 'kommun',
    organisationCodes: [],
    opensAt: '2026-04-01T07:00:00Z',
    closesAt: '2026-04-30T21:59:00Z',
    reminderDays: [7, 14],
  });
  assert.equal(created.statusCode, 201, created.body);
  const round = created.json();
  assert.deepEqual(
    [round.status, round.reminderDays, round.versions],
    ['draft', [14, 7], { kommun: 'skr-2023', region: null }],
  );
  const details = (await admin.json('GET', `/api/rounds/${round.id}`)).json();
  assert.equal(details.organisations.length, 290);

  const response = await testApp.app.inject({
    method: 'POST',
    url: `/api/rounds/${round.id}/contacts`,
    payload: 'organisation,name,email\n0180,Åsa,asa@stockholm.se\n01,Per,per@region.se\n',
    headers: { cookie: admin.cookies, 'content-type': 'text/csv', 'x-csrf-token': admin.csrfToken },
  });
  assert.equal(response.statusCode, 422);
  assert.deepEqual(response.json().fields, [{ field: 'line 3', message: 'not_invited: 01' }]);

  const invalid = await admin.json('POST', '/api/rounds', { label: '' });
  assert.equal(invalid.statusCode, 400);
});

test('respondents and anonymous visitors cannot reach coordinator pages; a respondent invites a colleague', async () => {
  const respondent = await signIn(testApp, 'ciso@kiruna.se', {
    kind: 'organisation',
    organisationCode: '2584',
    role: 'respondent',
  });
  const [round] = (await admin.json('GET', '/api/rounds')).json();
  for (const path of [
    '/rounds',
    '/rounds/new',
    `/rounds/${round.id}`,
    `/rounds/${round.id}/follow-up`,
    `/rounds/${round.id}/non-responders.csv`,
    '/api/rounds',
  ]) {
    assert.equal((await respondent.get(path)).statusCode, 403, path);
  }
  assert.equal((await respondent.post(`/rounds/${round.id}/reminders`, {})).statusCode, 403);
  assert.equal((await respondent.get('/organisations/0180/colleagues')).statusCode, 403);

  const page = await respondent.get('/organisations/2584/colleagues');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Kollegor i Kiruna/);
  const bad = await respondent.post('/organisations/2584/colleagues', { email: 'nej', name: 'Kim', role: 'reader' });
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /value="Kim"/);
  const invited = await respondent.post('/organisations/2584/colleagues', {
    email: 'kim@kiruna.se',
    name: 'Kim',
    role: 'reader',
  });
  assert.equal(invited.statusCode, 200);
  assert.match(invited.body, /En inbjudan har skickats till kim@kiruna\.se\./);
  await testApp.sendDueMail();
  const mail = await smtp.waitForMessage((message) => message.to.includes('kim@kiruna.se'));
  assert.match(mail.text, /ciso@kiruna\.se har bjudit in dig till Lägesbild som läsare för Kiruna\./);
  const audit = await findAuditEvents(testApp.database.db, { action: 'organisation.colleague_invited' }, { limit: 10 });
  assert.deepEqual(
    audit.map((event) => [event.action, event.actorLabel]),
    [['organisation.colleague_invited', 'ciso@kiruna.se']],
  );
});
