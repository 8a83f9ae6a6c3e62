import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildTestApp, signIn, type TestApp, TestVisitor } from '../../test/app.ts';
import { AppError } from '../app-error.ts';
import { findAuditEvents } from '../audit/audit.service.ts';
import { pressRelease2023Shares, seedPressReleaseRounds } from '../reports/report.fixtures.ts';
import { translatorFor } from '../web/i18n.ts';
import { describePublicationError } from './publication-admin.pages.tsx';

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

test('the publisher chooses the national exemptions on the publication page; the choice is validated and audited', async () => {
  const page = await administrator.get('/admin/publication');
  assert.equal(page.statusCode, 200);
  // The fixture exempts every indicator, as the demo does: each is a ticked checkbox named by its question.
  assert.match(page.body, /<legend>Undantag från regeln om lika svar på riksnivå<\/legend>/);
  assert.match(
    page.body,
    /<input type="checkbox" id="exempt-ciso_designated-2023" name="questionKeys" value="ciso_designated" checked\/><label for="exempt-ciso_designated-2023">[^<]+<\/label>/,
  );

  const saved = await administrator.post('/admin/publication/2023/exemptions', {
    questionKeys: ['ciso_designated', 'annual_briefing'],
  });
  assert.equal(saved.statusCode, 303);
  const after = await administrator.get(saved.headers.location ?? '');
  assert.match(after.body, /Undantagen är sparade/);
  assert.match(after.body, /id="exempt-ciso_designated-2023" name="questionKeys" value="ciso_designated" checked\/>/);
  assert.match(after.body, /id="exempt-incident_method-2023" name="questionKeys" value="incident_method"\/>/);
  const { db } = testApp.database;
  const [event] = await findAuditEvents(db, { subjectType: 'round' }, { limit: 1 });
  assert.equal(event?.action, 'round.disclosure_exemptions_set');
  assert.deepEqual(event?.details, { label: '2023', nationalExemptions: ['annual_briefing', 'ciso_designated'] });

  // Only the round's indicator questions may be exempted; nothing changes otherwise.
  const refused = await administrator.post('/admin/publication/2023/exemptions', { questionKeys: 'respondent_role' });
  assert.equal(refused.statusCode, 422);
  assert.match(refused.body, /Bara omgångens indikatorfrågor kan undantas på riksnivå/);
  assert.match(refused.body, /id="exempt-annual_briefing-2023" name="questionKeys" value="annual_briefing" checked\/>/);

  // No box ticked clears them. The published release keeps the exemptions it was made with, and its method section
  // names them.
  assert.equal((await administrator.post('/admin/publication/2023/exemptions', {})).statusCode, 303);
  assert.doesNotMatch(
    (await administrator.get('/admin/publication')).body,
    /id="exempt-ciso_designated-2023" name="questionKeys" value="ciso_designated" checked/,
  );
  assert.match(
    (await administrator.get('/published/2023/kommuner')).body,
    /Den som publicerar har undantagit följande indikatorfrågor från regeln om lika svar på riksnivå, så att till exempel &quot;i samtliga regioner&quot; kan redovisas: [^<]*Utpekad informationssäkerhetssamordnare/,
  );
  const analyst = await signIn(testApp, 'analys2@skr.se', { kind: 'global', role: 'analyst' });
  assert.equal((await analyst.post('/admin/publication/2023/exemptions', {})).statusCode, 403);
  await administrator.post('/admin/publication/2023/exemptions', { questionKeys: Object.keys(pressRelease2023Shares) });
});

test('the publication page audits a round on request and shows each release’s audit in plain words', async () => {
  const audited = await administrator.post('/admin/publication/2023/audit', {});
  assert.equal(audited.statusCode, 200);
  assert.match(
    audited.body,
    /<div role="status"><p><strong>Godkänd.<\/strong> \d+ uppgifter döljs, och \d+ av dem är skyddade. (Ingen dold uppgift går att ringa in närmare än till ett spann på \d+|Inget dolt antal behövde ringas in)[^<]* Granskningen tog [\d,]+ sekunder.<\/p><\/div>/,
  );
  const listed = (await administrator.get('/admin/publication')).body;
  // 2023 was published above; its release records the audit it passed.
  assert.match(listed, /Version 1: [^<]*<p><strong>Godkänd.<\/strong> \d+ uppgifter döljs/);
});

test('a publication the audit refuses is explained in plain Swedish with the number of problems', () => {
  const t = translatorFor('sv');
  const refusal = new AppError('conflict', 'releases.error.auditFailed', [
    { field: 'q@kommun kommun:county:09', message: 'the count of "yes" lies within a range of 0' },
    { field: 'q@kommun kommun', message: 'anyone can tell that every respondent gave "yes"' },
  ]);
  assert.equal(
    describePublicationError(t, '2023', refusal),
    'Omgång 2023 har inte publicerats. Röjandekontrollens granskning visar att 2 dolda uppgifter eller enskilda svar skulle gå att räkna fram ur det som publiceras. Granska omgången nedan för en sammanfattning och kontakta den som förvaltar Lägesbild.',
  );
  assert.equal(
    describePublicationError(t, '2023', new AppError('conflict', 'releases.error.notClosed')),
    'Omgången måste vara stängd innan den publiceras.',
  );
  assert.equal(describePublicationError(t, '2023', new Error('disk full')), null);
});
