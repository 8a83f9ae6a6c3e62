import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildTestApp, signIn, type TestApp, TestVisitor } from '../../test/app.ts';
import { findAuditEvents } from '../audit/audit.service.ts';
import { listAccessibilityReports } from './accessibility.service.ts';

let testApp: TestApp;
before(async () => {
  testApp = await buildTestApp();
});
after(async () => testApp?.close());

test('every page links to the accessibility statement, which has the parts DIGG asks for', async () => {
  const visitor = new TestVisitor(testApp.app);
  for (const path of ['/', '/sign-in', '/published']) {
    assert.match((await visitor.get(path)).body, /<a href="\/tillganglighet">Tillgänglighetsredogörelse<\/a>/, path);
  }
  const page = await visitor.get('/tillganglighet');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /<h1>Tillgänglighetsredogörelse<\/h1>/);
  assert.match(page.body, /Sveriges Kommuner och Regioner \(SKR\) står bakom Lägesbild/);
  assert.match(page.body, /delvis förenlig med lagen om tillgänglighet till digital offentlig service/);
  assert.match(page.body, /<h3>Kända brister<\/h3>\s*<ul>\s*<li>Den utskrivbara enkäten/);
  assert.match(page.body, /<h2 id="rapportera">Rapportera brister/);
  assert.match(page.body, /<a href="https:\/\/www\.digg\.se\/tdosanmalan" lang="sv">/);
  assert.match(page.body, /upprättades den 1 december 2026 och granskades senast den 1 december 2026/);
  const english = await visitor.get('/tillganglighet?lang=en');
  assert.match(english.body, /<h1>Accessibility statement<\/h1>/);
  assert.match(english.body, /<ul lang="sv">/, 'the administrator’s Swedish text keeps its language');
});

test('a problem report is validated in Swedish, keeps what was typed, and is recorded for the administrators', async () => {
  const visitor = new TestVisitor(testApp.app);
  await visitor.get('/tillganglighet');
  const invalid = await visitor.post('/tillganglighet/rapport', {
    page: 'Nationell rapport 2023 (PDF)',
    description: '',
    wantsOtherFormat: '1',
    contactEmail: '',
  });
  assert.equal(invalid.statusCode, 422);
  assert.match(invalid.body, /Beskriv problemet du stötte på\./);
  assert.match(invalid.body, /Skriv din e-postadress, så att vi kan skicka innehållet i ett annat format\./);
  assert.match(invalid.body, /value="Nationell rapport 2023 \(PDF\)"/);

  const sent = await visitor.post('/tillganglighet/rapport', {
    page: 'Nationell rapport 2023 (PDF)',
    description: 'Skärmläsaren läser inte tabellerna.',
    wantsOtherFormat: '1',
    contactName: 'Eva Ek',
    contactEmail: 'Eva.Ek@Example.se',
  });
  assert.equal(sent.statusCode, 303);
  assert.equal(sent.headers.location, '/tillganglighet?sent=1#main');
  assert.match((await visitor.get('/tillganglighet?sent=1')).body, /Tack! Din rapport har tagits emot/);
  const [report] = await listAccessibilityReports(testApp.database.db);
  assert.equal(report?.description, 'Skärmläsaren läser inte tabellerna.');
  assert.equal(report?.contactEmail, 'eva.ek@example.se');
  assert.equal(report?.wantsOtherFormat, true);

  const administrator = await signIn(testApp, 'admin@skr.se', { kind: 'global', role: 'administrator' });
  const admin = await administrator.get('/admin/accessibility');
  assert.equal(admin.statusCode, 200);
  assert.match(admin.body, /Skärmläsaren läser inte tabellerna\./);
  const handled = await administrator.post(`/admin/accessibility/reports/${report?.id}/handled`, {});
  assert.equal(handled.statusCode, 303);
  assert.match((await administrator.get('/admin/accessibility')).body, /\(admin@skr\.se\)/);
  assert.equal((await administrator.post(`/admin/accessibility/reports/${report?.id}/handled`, {})).statusCode, 404);
  const events = await findAuditEvents(testApp.database.db, { subjectId: report?.id ?? '' }, { limit: 5 });
  assert.deepEqual(events.map((event) => event.action).sort(), [
    'accessibility.problem_reported',
    'accessibility.report_handled',
  ]);
});

test('an administrator sets the organisation’s parts; wrong fields are named and the statement shows the new parts', async () => {
  const administrator = await signIn(testApp, 'admin2@skr.se', { kind: 'global', role: 'administrator' });
  const analyst = await signIn(testApp, 'analys@skr.se', { kind: 'global', role: 'analyst' });
  assert.equal((await analyst.get('/admin/accessibility')).statusCode, 403);
  const fields = {
    organisationName: 'Region Exempel',
    status: 'full',
    shortcomings: '',
    contactEmail: 'tillganglighet@exempel.se',
    contactPhone: '010-123 45 67',
    assessment: 'Granskad av extern part.',
    madeOn: '2026-12-01',
    reviewedOn: '2026-11-30',
  };
  const wrong = await administrator.post('/admin/accessibility', { ...fields, contactEmail: 'inte en adress' });
  assert.equal(wrong.statusCode, 422);
  assert.match(wrong.body, /Skriv en giltig e-postadress/);
  assert.match(wrong.body, /value="Region Exempel"/);
  const early = await administrator.post('/admin/accessibility', fields);
  assert.match(early.body, /Granskningen kan inte ha gjorts före den dag redogörelsen upprättades\./);
  const saved = await administrator.post('/admin/accessibility', { ...fields, reviewedOn: '2027-01-15' });
  assert.equal(saved.statusCode, 303);
  const page = await new TestVisitor(testApp.app).get('/tillganglighet');
  assert.match(page.body, /Region Exempel står bakom Lägesbild/);
  assert.match(page.body, /helt förenlig/);
  assert.match(page.body, /Vi känner inte till några brister/);
  assert.match(page.body, /<a href="mailto:tillganglighet@exempel\.se">/);
  assert.match(page.body, /granskades senast den 15 januari 2027/);
});
