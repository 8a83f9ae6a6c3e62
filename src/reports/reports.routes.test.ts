import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { buildTestApp, signIn, type TestApp, TestVisitor } from '../../test/app.ts';
import { findAuditEvents } from '../audit/audit.service.ts';
import { pressRelease2023Shares, publishForTest, seedPressReleaseRounds } from './report.fixtures.ts';
import { createReportCache, loadNationalReport, loadNationalReportPdf } from './reports.service.ts';

const questionKeys = [
  ...Object.keys(pressRelease2023Shares),
  'asset_inventory',
  'policy_adopted',
  'security_hours_per_year',
];
let testApp: TestApp;

before(async () => {
  testApp = await buildTestApp();
  const { db } = testApp.database;
  await seedPressReleaseRounds(db, testApp.clock, questionKeys);
});
after(async () => testApp?.close());

function readPdfText(pdf: Buffer): string {
  const folder = mkdtempSync(join(tmpdir(), 'lagesbild-report-'));
  try {
    writeFileSync(join(folder, 'report.pdf'), pdf);
    // Without -layout, pdftotext joins a wrapped line with a space or a newline; normalise all whitespace.
    return execFileSync('pdftotext', [join(folder, 'report.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

test('the national PDF carries every Fakta sentence and the response rate', async () => {
  const administrator = await signIn(testApp, 'granskare@skr.se', { kind: 'global', role: 'analyst' });
  const { report } = await loadNationalReport(testApp.database.db, testApp.clock, {
    label: '2023',
    type: 'kommun',
    reader: { isCoordinator: true },
    minimumRespondents: 5,
  });
  assert.equal(report.facts.length, 6);
  const response = await administrator.get('/published/2023/kommuner/report.pdf');
  assert.equal(response.statusCode, 200);
  assert.equal(response.headers['content-type'], 'application/pdf');
  const text = readPdfText(response.rawPayload);
  for (const fact of report.facts) assert.ok(text.includes(fact.sv), `missing: ${fact.sv}`);
  // 19 of the 21 regioner answered in this fixture, so the sentence names them rather than all regioner.
  assert.match(
    fact0(report.facts),
    /^I (sex|sju|åtta|nio) av tio kommuner och i (samtliga 19 regioner som svarade|\d+ av de 19 regioner som svarade)/,
  );
  assert.ok(
    text.includes(`Svarsfrekvens: ${report.responseRate.submitted} av 290 kommuner har svarat`),
    'response rate',
  );
  assert.match(text, /Metod/);
  // The method section names the indicator questions the publisher exempted at the national level.
  assert.match(
    text,
    /Den som publicerar har undantagit följande indikatorfrågor .*Utpekad informationssäkerhetssamordnare/,
  );
  assert.match(text, /NIS2 och cybersäkerhetslagen 2 kap. 3 §/);

  const english = readPdfText((await administrator.get('/published/2023/regioner/report.pdf?lang=en')).rawPayload);
  for (const fact of report.facts) assert.ok(english.includes(fact.en), `missing: ${fact.en}`);
  assert.match(english, /Response rate: \d+ of 21 regions answered/);
});

function fact0(facts: { sv: string }[]): string {
  return facts[0]?.sv ?? '';
}

test('the national report page shows the facts, tables with n and charts with text alternatives', async () => {
  const analyst = await signIn(testApp, 'analys@skr.se', { kind: 'global', role: 'analyst' });
  const page = await analyst.get('/published/2023/kommuner');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /<li>I (sex|sju|åtta|nio) av tio kommuner/);
  assert.match(page.body, /<img src="data:image\/svg\+xml;base64,[^"]+" alt="Andel som svarat ja per kommungrupp/);
  assert.match(page.body, /<th scope="col">n<\/th>/);
});

test('a feedback report is visible to its own organisation once published and to coordinators, never to another', async () => {
  const { db } = testApp.database;
  const ownReader = await signIn(testApp, 'ciso@stockholm.se', {
    kind: 'organisation',
    organisationCode: '0180',
    role: 'reader',
  });
  const analyst = await signIn(testApp, 'analytiker2@skr.se', { kind: 'global', role: 'analyst' });
  // Before publication the organisation's own users do not see the round yet; coordinators do.
  assert.equal((await ownReader.get('/reports/feedback/2023/0180')).statusCode, 404);
  assert.equal((await analyst.get('/reports/feedback/2023/0180')).statusCode, 200);

  await publishForTest(db, testApp.clock, '2023');
  const page = await ownReader.get('/reports/feedback/2023/0180');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Återkopplingsrapport 2023: Stockholm/);
  assert.match(page.body, /Cybersäkerhetslagen \(NIS2\): täckning och luckor/);
  assert.match(page.body, /2 kap\. 3 § 2 \(b\): Incidenthantering/);
  const pdf = await ownReader.get('/reports/feedback/2023/0180/report.pdf');
  assert.equal(pdf.statusCode, 200);
  assert.match(readPdfText(pdf.rawPayload), /Återkopplingsrapport 2023: Stockholm/);

  assert.equal((await ownReader.get('/reports/feedback/2023/0114')).statusCode, 403);
  assert.equal((await ownReader.get('/reports/feedback/2023/0114/report.pdf')).statusCode, 403);
  const anonymous = new TestVisitor(testApp.app);
  assert.notEqual((await anonymous.get('/reports/feedback/2023/0180')).statusCode, 200);
  const exports = await findAuditEvents(db, { action: 'report.feedback_exported' }, { limit: 10 });
  assert.equal(exports.length, 1);
});

test('a published release’s national PDF is rendered once and then served from the cache; a live view never is', async () => {
  const { db } = testApp.database;
  // The test above published 2023; 2019 is a coordinator's live view, computed and rendered afresh every time.
  const cache = createReportCache();
  const input = { type: 'kommun', minimumRespondents: 5, language: 'sv' } as const;
  const published = { ...input, label: '2023', reader: { isCoordinator: false } };
  const first = await loadNationalReportPdf(db, testApp.clock, cache, published);
  const again = await loadNationalReportPdf(db, testApp.clock, cache, published);
  assert.equal(again.pdf, first.pdf, 'the second request is the cached rendering');
  const live = { ...input, label: '2019', reader: { isCoordinator: true } };
  const firstLive = await loadNationalReportPdf(db, testApp.clock, cache, live);
  assert.notEqual((await loadNationalReportPdf(db, testApp.clock, cache, live)).pdf, firstLive.pdf);
});
