import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../test/database.ts';
import { assertPdfShowsDocument, findElements, readPdfText } from '../../test/pdf.ts';
import { createFixedClock } from '../clock.ts';
import { ensureOrganisationRegistry } from '../organisations/organisations.service.ts';
import { formatShare } from '../web/figure-format.ts';
import { buildFeedbackReportDocument, loadFeedbackReport } from './feedback.service.ts';
import { pressRelease2023Shares, seedPressReleaseRounds } from './report.fixtures.ts';
import { buildReportPdfDocument, renderReportPdf } from './report-pdf.ts';
import { buildNationalReportDocument, loadNationalReport } from './reports.service.ts';

let database: TestDatabase;
const clock = createFixedClock(new Date('2026-03-01T08:00:00Z'));
const reader = { isCoordinator: true };

before(async () => {
  database = await createTestDatabase();
  await ensureOrganisationRegistry(database.db, clock);
  await seedPressReleaseRounds(database.db, clock, [
    ...Object.keys(pressRelease2023Shares),
    'asset_inventory',
    'security_hours_per_year',
  ]);
});
after(async () => database?.drop());

for (const [type, language] of [
  ['kommun', 'sv'],
  ['region', 'en'],
] as const) {
  test(`the national PDF (${type}, ${language}) is tagged and shows the model's headings, tables and figures`, async () => {
    const { report } = await loadNationalReport(database.db, clock, {
      label: '2023',
      type,
      reader,
      minimumRespondents: 5,
    });
    const document = buildNationalReportDocument(report, language);
    const pdf = await renderReportPdf(document);
    const tagged = await assertPdfShowsDocument(pdf, buildReportPdfDocument(document));

    // The title page, the contents, then the model's sections in order.
    const headings = findElements(tagged, /^H[12]$/).map((element) => element.text);
    assert.equal(headings[0], document.title);
    assert.deepEqual(headings.slice(2), [
      language === 'sv' ? 'Sammanfattning' : 'Summary',
      ...report.sections.map((section) => section.title[language]),
      ...headings.slice(2 + 1 + report.sections.length),
    ]);
    assert.deepEqual(
      findElements(tagged, 'TOCI').map((element) => element.text.replace(/ \d+$/, '')),
      headings.slice(2),
    );
    // Numbers from the model: every Fakta sentence, the response count, each section chart's shares in its Alt.
    const text = readPdfText(pdf);
    for (const fact of report.facts) assert.ok(text.includes(fact[language]), fact[language]);
    assert.ok(text.includes(`${report.responseRate.submitted} `) && text.includes(`${report.responseRate.invited}`));
    const alternatives = findElements(tagged, 'Figure').map((element) => element.alt ?? '');
    assert.ok(alternatives.length > 0);
    for (const section of report.sections) {
      for (const question of section.questions) {
        if (question.kind !== 'choice' || question.headlineCode === null || question.national.suppressed) continue;
        const share = question.national.answers.find((answer) => answer.code === question.headlineCode);
        if (!share) continue;
        const stated = `${question.number} ${question.label[language]}: ${formatShare(share.share, language)}`;
        assert.ok(
          alternatives.some((alt) => alt.includes(stated)),
          `a chart's alternative text states ${stated}`,
        );
      }
    }
  });
}

test('a feedback report PDF is tagged and shows the organisation’s answers beside the comparison', async () => {
  const report = await loadFeedbackReport(database.db, clock, {
    label: '2023',
    organisationCode: '0180',
    reader,
    minimumRespondents: 5,
  });
  const document = buildFeedbackReportDocument(report, 'sv');
  const pdf = await renderReportPdf(document);
  const tagged = await assertPdfShowsDocument(pdf, buildReportPdfDocument(document));
  assert.equal(findElements(tagged, 'H1')[0]?.text, 'Återkopplingsrapport 2023: Stockholm');
  assert.equal(findElements(tagged, 'TOCI').length, 0, 'a brief has no contents');
  const rowHeaders = findElements(tagged, 'TH').map((element) => element.text);
  for (const section of report.sections) {
    for (const row of section.rows) assert.ok(rowHeaders.includes(`${row.number} ${row.label.sv}`), row.number);
  }
});
