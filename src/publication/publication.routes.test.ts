import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildTestApp, signIn, type TestApp, TestVisitor } from '../../test/app.ts';
import { findAuditEvents } from '../audit/audit.service.ts';
import { pressRelease2023Shares, seedPressReleaseRounds } from '../reports/report.fixtures.ts';

const questionKeys = [
  ...Object.keys(pressRelease2023Shares),
  'security_hours_per_year',
  'respondent_role',
  'leadership_training',
];
const publicUrls = [
  '/published/2023/kommuner',
  '/published/2023/regioner',
  '/published/2023/kommuner/report.pdf',
  '/published/2023/open-data/figures.csv',
  '/published/2023/open-data/figures.xlsx',
  '/published/2023/open-data/figures.json',
  '/published/2023/open-data/codebook.json',
  '/published/2023/open-data/dataset.jsonld',
  '/published/indicators/ciso_designated',
];

let testApp: TestApp;
let anonymous: TestVisitor;
let administrator: TestVisitor;

before(async () => {
  testApp = await buildTestApp();
  const { db } = testApp.database;
  await seedPressReleaseRounds(db, testApp.clock, questionKeys);
  anonymous = new TestVisitor(testApp.app);
  administrator = await signIn(testApp, 'samordnare@skr.se', { kind: 'global', role: 'administrator' });
});
after(async () => testApp?.close());

async function statuses(visitor: TestVisitor): Promise<number[]> {
  const codes: number[] = [];
  for (const url of publicUrls) codes.push((await visitor.get(url)).statusCode);
  return codes;
}

test('before publication every public URL answers 404 to anonymous visitors, while coordinators preview', async () => {
  assert.deepEqual(
    await statuses(anonymous),
    publicUrls.map(() => 404),
  );
  assert.doesNotMatch((await anonymous.get('/published')).body, /Omgång 2023/);
  const preview = await administrator.get('/published/2023/kommuner');
  assert.equal(preview.statusCode, 200);
  assert.match(preview.body, /Förhandsvisning/);
});

test('publishing makes reports, PDFs and open data public; unpublishing withdraws them; both are audited', async () => {
  const published = await administrator.post('/admin/publication/2023/publish', { embargoUntil: '' });
  assert.equal(published.statusCode, 303);
  // The 2019 round stays unpublished, so the indicator's trend shows 2023 only.
  assert.deepEqual(
    await statuses(anonymous),
    publicUrls.map(() => 200),
  );
  const list = await anonymous.get('/published');
  assert.match(list.body, /Omgång 2023/);
  assert.doesNotMatch(list.body, /Omgång 2019/);
  assert.doesNotMatch((await anonymous.get('/published/indicators/ciso_designated')).body, /<th scope="row">2019</);

  const withdrawn = await administrator.post('/admin/publication/2023/unpublish', {});
  assert.equal(withdrawn.statusCode, 303);
  assert.deepEqual(
    await statuses(anonymous),
    publicUrls.map(() => 404),
  );

  const { db } = testApp.database;
  const actions = (await findAuditEvents(db, { subjectType: 'round' }, { limit: 20 })).map((event) => event.action);
  assert.ok(actions.includes('round.published'));
  assert.ok(actions.includes('round.unpublished'));
});

test('an embargo keeps a published round hidden until its time, then it is public', async () => {
  // The test clock stands at 2026-03-01 09:00 Stockholm time; the embargo ends two hours later.
  const response = await administrator.post('/admin/publication/2023/publish', { embargoUntil: '2026-03-01T11:00' });
  assert.equal(response.statusCode, 303);
  assert.match((await administrator.get('/admin/publication')).body, /embargo till 2026-03-01 11:00/);
  assert.equal((await anonymous.get('/published/2023/kommuner')).statusCode, 404);
  testApp.clock.advance(2 * 60 * 60 * 1000 - 1000);
  assert.equal((await anonymous.get('/published/2023/kommuner')).statusCode, 404);
  testApp.clock.advance(2000);
  assert.equal((await anonymous.get('/published/2023/kommuner')).statusCode, 200);
  assert.equal((await anonymous.get('/published/2023/open-data/figures.csv')).statusCode, 200);
});

test('an embargo in the past is refused and publishes nothing', async () => {
  await administrator.post('/admin/publication/2023/unpublish', {});
  const response = await administrator.post('/admin/publication/2023/publish', { embargoUntil: '2020-01-01T08:00' });
  assert.equal(response.statusCode, 422);
  assert.equal((await anonymous.get('/published/2023/kommuner')).statusCode, 404);
  assert.equal((await administrator.post('/admin/publication/2023/publish', {})).statusCode, 303);
});

test('only administrators may publish', async () => {
  const analyst = await signIn(testApp, 'analytiker@skr.se', { kind: 'global', role: 'analyst' });
  assert.equal((await analyst.post('/admin/publication/2023/unpublish', {})).statusCode, 403);
  assert.equal((await analyst.get('/admin/publication')).statusCode, 403);
});
