import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildTestApp, signIn, type TestApp, TestVisitor } from '../../test/app.ts';
import { createOpenRound, updateRound } from '../../test/factories.ts';
import { findElements, readPdfInfo, readPdfText, readTaggedPdf } from '../../test/pdf.ts';
import { findUserByEmail } from '../accounts/accounts.service.ts';
import { findAuditEvents } from '../audit/audit.service.ts';
import { openRound } from '../rounds/invitations.service.ts';
import { listContactsByEmail, listMailsByRecipient } from '../rounds/round-personal-data.service.ts';
import type { PersonalData } from './privacy.schema.ts';
import { eraseExpiredRoundData } from './retention.service.ts';

let testApp: TestApp;
let roundId: string;
const contacts = { '0180': 'kontakt@stockholm.se', '1480': 'anna@goteborg.se', '1280': 'bo@malmo.se' };

before(async () => {
  testApp = await buildTestApp();
  const { db } = testApp.database;
  roundId = await createOpenRound(db, {
    label: '2026',
    status: 'draft',
    organisations: Object.entries(contacts).map(([code, contactEmail]) => ({ code, contactEmail })),
  });
  // Opening sends the invitations: a mail and an account (a respondent's membership) per contact.
  await openRound(db, testApp.clock, {
    roundId,
    baseUrl: 'http://lagesbild.test',
    actor: { userId: null, label: 'test' },
  });
  await testApp.sendDueMail();
});
after(async () => testApp?.close());

test('every page links to the privacy notice, which names the controller, purposes, basis, recipients, retention and rights', async () => {
  const visitor = new TestVisitor(testApp.app);
  assert.match((await visitor.get('/')).body, /<a href="\/personuppgifter">Personuppgifter<\/a>/);
  const page = await visitor.get('/personuppgifter');
  assert.equal(page.statusCode, 200);
  for (const heading of [
    'Personuppgiftsansvarig',
    'Varför vi behandlar uppgifterna',
    'Rättslig grund',
    'Vem som får ta del av uppgifterna',
    'Hur länge uppgifterna sparas',
    'Dina rättigheter',
  ]) {
    assert.match(page.body, new RegExp(`<h2>${heading}</h2>`), heading);
  }
  assert.match(page.body, /raderas automatiskt 24 månader efter att omgången stängde/);
  assert.match(page.body, /<a href="\/my\/data">Mina uppgifter<\/a>/);
  assert.match(page.body, /<a href="https:\/\/www\.imy\.se\/">/);
});

test('every mail ends with the link to the privacy notice', async () => {
  const visitor = new TestVisitor(testApp.app);
  await visitor.get('/sign-in');
  await visitor.post('/sign-in', { email: 'kontakt@stockholm.se', next: '' });
  await testApp.sendDueMail();
  const mail = testApp.sentMail.at(-1);
  assert.equal(mail?.to, 'kontakt@stockholm.se');
  assert.match(
    mail?.text ?? '',
    /\n--\nSå behandlar vi dina personuppgifter: http:\/\/lagesbild\.test\/personuppgifter$/,
  );
  assert.match(mail?.html ?? '', /<a href="http:\/\/lagesbild\.test\/personuppgifter">[^<]+<\/a><\/p><\/body>/);
});

test('a signed-in person downloads everything held about them, as JSON and as a tagged PDF', async () => {
  const person = await signIn(testApp, 'kontakt@stockholm.se', {
    kind: 'organisation',
    organisationCode: '0180',
    role: 'respondent',
  });
  const saved = await person.json('PUT', `/api/responses/${roundId}/0180/answers/asset_inventory`, {
    value: 'yes',
    baseRevision: 0,
  });
  assert.equal(saved.statusCode, 200, saved.body);
  // An explanation of an answer is the person's own words: it is part of the extract.
  const explained = await person.post(`/answer/${roundId}/0180/sections/organisation`, {
    q_security_hours_per_year: '12000',
    explain_security_hours_per_year: 'Konsulternas timmar räknas nu med.',
    action: 'save',
  });
  assert.equal(explained.statusCode, 303, explained.body.slice(0, 500));
  const page = await person.get('/my/data');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Just nu: 1 kontaktuppgifter, 2 e-postmeddelanden och \d+ händelser i loggen\./);
  assert.match(page.body, /<a href="\/my\/data">Mina uppgifter<\/a>/, 'the footer links to it when signed in');

  const json = await person.get('/my/data.json');
  assert.equal(json.statusCode, 200);
  assert.equal(json.headers['cache-control'], 'no-store');
  assert.match(
    String(json.headers['content-disposition']),
    /attachment; filename="lagesbild-uppgifter-kontakt_stockholm.se.json"/,
  );
  const data: PersonalData = JSON.parse(json.body);
  assert.equal(data.account?.email, 'kontakt@stockholm.se');
  assert.deepEqual(data.memberships, [{ organisationCode: '0180', organisationName: 'Stockholm', role: 'respondent' }]);
  assert.deepEqual(
    data.contacts.map((contact) => [contact.roundLabel, contact.organisationCode, contact.contactEmail]),
    [['2026', '0180', 'kontakt@stockholm.se']],
  );
  assert.deepEqual(
    // The invitation of the round, and the sign-in link the person asked for in the test before.
    data.mails.map((mail) => [mail.kind, mail.roundLabel, mail.status]).sort(),
    [
      ['invitation', '2026', 'sent'],
      ['sign-in', null, 'sent'],
    ],
  );
  assert.deepEqual(
    // Both saved at the same moment of the test's clock: compared in key order.
    data.answerChanges
      .map((change) => [change.roundLabel, change.organisationCode, change.questionKey, change.kind])
      .sort(),
    [
      ['2026', '0180', 'asset_inventory', 'save'],
      ['2026', '0180', 'security_hours_per_year', 'save'],
    ],
  );
  assert.deepEqual(
    data.plausibilityExplanations.map((note) => [
      note.roundLabel,
      note.organisationCode,
      note.questionKey,
      note.explanation,
    ]),
    [['2026', '0180', 'security_hours_per_year', 'Konsulternas timmar räknas nu med.']],
  );
  const actions = data.auditEvents.map((event) => event.action);
  assert.ok(actions.includes('user.signed_in'), actions.join());
  assert.ok(
    data.auditEvents.every(
      (event) =>
        JSON.stringify(event).includes(data.account?.id ?? '') ||
        JSON.stringify(event).includes('kontakt@stockholm.se'),
    ),
  );

  const pdf = await person.get('/my/data.pdf');
  assert.equal(pdf.statusCode, 200);
  assert.equal(readPdfInfo(pdf.rawPayload).Tagged, 'yes');
  const tagged = await readTaggedPdf(pdf.rawPayload);
  assert.deepEqual(
    findElements(tagged, /^H\d$/).map((element) => element.text),
    [
      'Uppgifter om kontakt@stockholm.se',
      'Konto',
      'Behörigheter i organisationer',
      'Kontaktuppgifter i enkätomgångar',
      'E-post som skickats till dig',
      'Ändringar i svar som du har gjort',
      'Förklaringar till varningar som du har skrivit',
      'Rapporter om tillgänglighet',
      'Händelser i loggen som gäller dig',
    ],
  );
  const text = readPdfText(pdf.rawPayload);
  assert.match(text, /2026 Stockholm \(0180\)/);
  assert.match(text, /invitation 2026 sent/);
  assert.match(text, /2026 0180 security_hours_per_year Konsulternas timmar räknas nu med\./);
  const exports = await findAuditEvents(testApp.database.db, { action: 'privacy.data_exported' }, { limit: 5 });
  assert.deepEqual(exports.map((event) => event.details.format).sort(), ['json', 'pdf']);
});

test('an administrator produces the same extract for any address; an invalid address is refused in Swedish', async () => {
  const administrator = await signIn(testApp, 'admin@skr.se', { kind: 'global', role: 'administrator' });
  const analyst = await signIn(testApp, 'analys@skr.se', { kind: 'global', role: 'analyst' });
  assert.equal(
    (await analyst.post('/admin/privacy/export', { email: 'anna@goteborg.se', format: 'json' })).statusCode,
    403,
  );
  const invalid = await administrator.post('/admin/privacy/export', { email: 'anna@', format: 'json' });
  assert.equal(invalid.statusCode, 422);
  assert.match(invalid.body, /Skriv en giltig e-postadress/);
  assert.match(invalid.body, /value="anna@"/);
  const extract = await administrator.post('/admin/privacy/export', { email: 'Anna@Goteborg.se', format: 'json' });
  assert.equal(extract.statusCode, 200);
  const data: PersonalData = JSON.parse(extract.body);
  assert.equal(data.email, 'anna@goteborg.se');
  assert.deepEqual(
    data.contacts.map((contact) => contact.organisationName),
    ['Göteborg'],
  );
  assert.equal(data.mails.length, 1);
  assert.deepEqual(data.plausibilityExplanations, [], 'another person’s explanation is not hers');
  const pdf = await administrator.post('/admin/privacy/export', { email: 'nobody@example.se', format: 'pdf' });
  assert.equal(pdf.headers['content-type'], 'application/pdf');
  assert.match(readPdfText(pdf.rawPayload), /Uppgifter om nobody@example\.se .* Konto Inga uppgifter\./);
});

test('after the retention period a closed round’s contacts, mail and round-only accounts are erased, audited, once', async () => {
  const { db } = testApp.database;
  const administrator = await signIn(testApp, 'admin3@skr.se', { kind: 'global', role: 'administrator' });
  const notice = {
    controllerName: 'Region Exempel',
    organisationNumber: '232100-0000',
    contactEmail: 'dataskydd@exempel.se',
    protectionOfficerEmail: '',
    purposes: 'Enkäten.',
    legalBasis: 'Allmänt intresse.',
    recipients: 'Ingen annan.',
    retentionMonths: '0',
  };
  const wrong = await administrator.post('/admin/privacy', notice);
  assert.equal(wrong.statusCode, 422);
  assert.match(wrong.body, /Skriv ett helt antal månader från 1 till 120\./);
  assert.equal((await administrator.post('/admin/privacy', { ...notice, retentionMonths: '1' })).statusCode, 303);
  assert.match(
    (await new TestVisitor(testApp.app).get('/personuppgifter')).body,
    /Region Exempel är personuppgiftsansvarig/,
  );

  // Bo is also the contact of a round still open, so his account stays; the Stockholm contact signed in after the
  // round closed (the test above), so hers stays; Anna's exists only for this round.
  await createOpenRound(db, { label: '2027', organisations: [{ code: '1280', contactEmail: 'bo@malmo.se' }] });
  await updateRound(db, roundId, { status: 'open', closesAt: '2026-02-15T12:00:00.000Z' });
  assert.deepEqual(await eraseExpiredRoundData(db, testApp.clock, { userId: null, label: 'test' }), []);
  await updateRound(db, roundId, { status: 'closed', closesAt: '2026-01-15T12:00:00.000Z' });
  const erased = await eraseExpiredRoundData(db, testApp.clock, { userId: null, label: 'test' });
  assert.deepEqual(erased, [{ roundLabel: '2026', contacts: 3, mails: 3, accounts: 1 }]);
  assert.equal(await findUserByEmail(db, 'anna@goteborg.se'), undefined);
  assert.ok(await findUserByEmail(db, 'bo@malmo.se'));
  assert.ok(await findUserByEmail(db, 'kontakt@stockholm.se'));
  assert.deepEqual(await listContactsByEmail(db, 'anna@goteborg.se'), []);
  assert.deepEqual(await listMailsByRecipient(db, 'anna@goteborg.se'), []);
  // The Stockholm contact is still a user: the round's mail to her is gone, her own sign-in mail stays (the outbox
  // drops sign-in mail 30 days after sending).
  assert.deepEqual(
    (await listMailsByRecipient(db, 'kontakt@stockholm.se')).map((mail) => [mail.kind, mail.roundId]),
    [['sign-in', null]],
  );
  assert.equal((await listContactsByEmail(db, 'bo@malmo.se')).length, 1, 'the open round keeps its contact');
  const [event] = await findAuditEvents(db, { action: 'privacy.retention_erased' }, { limit: 5 });
  assert.deepEqual(event?.details, { label: '2026', retentionMonths: 1, contacts: 3, mails: 3, accounts: 1 });
  assert.deepEqual(await eraseExpiredRoundData(db, testApp.clock, { userId: null, label: 'test' }), []);
});
