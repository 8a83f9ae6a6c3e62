import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { findRoundByLabel } from '../../src/rounds/rounds.service.ts';
import { buildTestApp, signIn, type TestApp, type TestVisitor } from '../app.ts';

// Finding 11 of the security review: the label is an identifier (letters, digits, - _ .); the free text a
// coordinator wants to call a round ("Lägesbild kommuner 2026") is its display name, entered at creation and changed
// on the round's page, validated in words, and escaped wherever a page shows it.

let testApp: TestApp;
let admin: TestVisitor;

before(async () => {
  testApp = await buildTestApp();
  admin = await signIn(testApp, 'admin@skr.se', { kind: 'global', role: 'administrator' });
});
after(async () => {
  await testApp.close();
});

const round = {
  population: 'list',
  organisationCodes: '0180',
  kommunVersion: 'skr-2023',
  regionVersion: 'skr-2023',
  opensAt: '2026-03-01T09:00',
  closesAt: '2026-03-31T23:59',
  reminderDays: '14, 7, 2',
};
const hostile = '<script>alert("x")</script> Kommuner & regioner 2026';
// Preact escapes <, & and " (a > without its < opens nothing).
const escaped = '&lt;script>alert(&quot;x&quot;)&lt;/script> Kommuner &amp; regioner 2026';

test('a round created with a display name shows it, escaped, on the list and its page; the label stays the id', async () => {
  const created = await admin.post('/rounds', { ...round, label: 'Kommuner-2026', displayName: `  ${hostile}  ` });
  assert.equal(created.statusCode, 303, created.body.slice(0, 500));
  const stored = await findRoundByLabel(testApp.database.db, 'Kommuner-2026');
  assert.equal(stored?.displayName, hostile);
  for (const page of [await admin.get('/rounds'), await admin.get(created.headers.location ?? '')]) {
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes(escaped), 'the display name, escaped');
    assert.equal(page.body.includes('<script>alert'), false, 'never as markup');
    assert.match(page.body, /Kommuner-2026/);
  }
});

test('a display name with a line break or over 120 characters is refused in words, keeping what was entered', async () => {
  const broken = await admin.post('/rounds', { ...round, label: 'Regioner-2026', displayName: 'Två\nrader' });
  assert.equal(broken.statusCode, 422);
  assert.match(broken.body, /Visningsnamnet ska stå på en rad: det får inte innehålla radbrytningar/);
  assert.match(broken.body, /value="Regioner-2026"/);
  const long = await admin.post('/rounds?lang=en', { ...round, label: 'Regioner-2026', displayName: 'x'.repeat(121) });
  assert.equal(long.statusCode, 422);
  assert.match(long.body, /The display name can be at most 120 characters\./);
  assert.equal(await findRoundByLabel(testApp.database.db, 'Regioner-2026'), undefined);
  // 120 characters (å counts as one) are fine.
  const fine = await admin.post('/rounds', { ...round, label: 'Regioner-2026', displayName: 'å'.repeat(120) });
  assert.equal(fine.statusCode, 303, fine.body.slice(0, 300));
});

test('the round page changes the display name, refuses a bad one in words and the JSON API takes one too', async () => {
  const stored = await findRoundByLabel(testApp.database.db, 'Kommuner-2026');
  assert.ok(stored);
  await admin.get('/rounds?lang=sv');
  const renamed = await admin.post(`/rounds/${stored.id}/display-name`, { displayName: 'Lägesbild kommuner 2026' });
  assert.equal(renamed.statusCode, 200);
  assert.match(renamed.body, /Visningsnamnet är sparat\./);
  assert.match(renamed.body, /<h1>Omgång Lägesbild kommuner 2026<\/h1>/);
  const refused = await admin.post(`/rounds/${stored.id}/display-name`, { displayName: 'Tab\there' });
  assert.equal(refused.statusCode, 422);
  assert.match(refused.body, /får inte innehålla radbrytningar, tabbar eller andra styrtecken/);
  assert.match(refused.body, /value="Tab\there"/);
  assert.equal((await findRoundByLabel(testApp.database.db, 'Kommuner-2026'))?.displayName, 'Lägesbild kommuner 2026');
  // Empty removes it: the page falls back to the label.
  const cleared = await admin.post(`/rounds/${stored.id}/display-name`, { displayName: '' });
  assert.match(cleared.body, /<h1>Omgång Kommuner-2026<\/h1>/);
  const api = await admin.json('POST', '/api/rounds', {
    ...round,
    organisationCodes: ['0180'],
    reminderDays: [7],
    label: 'Api-2026',
    displayName: 'Via API\u0000',
  });
  assert.equal(api.statusCode, 422, api.body);
  assert.match(api.body, /displayName/);
});
