import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { buildTestApp, signIn, type TestApp, TestVisitor } from '../../test/app.ts';
import { pressRelease2023Shares, publishForTest, seedRound } from '../reports/report.fixtures.ts';
import { listSubmittedAnswers } from '../responses/responses.service.ts';
import { createDemo } from '../results/demo.service.ts';
import type { RoundResults } from '../results/results.schema.ts';
import { findRoundByLabel } from '../rounds/rounds.service.ts';
import { figureColumns } from './open-data.ts';

// Indicators, a conditional number (ciso_time_share, shown after "yes"), a number, a single choice, and a
// conditional multiple choice (cooperation_partners), with item non-response: every kind of published figure.
const questionKeys = [
  ...Object.keys(pressRelease2023Shares),
  'ciso_time_share',
  'security_hours_per_year',
  'respondent_role',
  'cooperation_external',
  'cooperation_partners',
];
let testApp: TestApp;
let visitor: TestVisitor;

before(async () => {
  testApp = await buildTestApp();
  const { db } = testApp.database;
  await seedRound(db, testApp.clock, {
    label: '2023',
    versions: { kommun: 'skr-2023', region: 'skr-2023' },
    yesShares: pressRelease2023Shares,
    questionKeys,
    skipShare: 0.08,
  });
  await publishForTest(db, testApp.clock, '2023');
  visitor = new TestVisitor(testApp.app);
});
after(async () => testApp?.close());

type CsvRecord = Record<string, string>;

function round4(value: number): string {
  return String(Math.round(value * 10_000) / 10_000);
}

/**
 * The contract between the open data and the results API, checked from the outside: every column of every CSV row
 * must equal the API's figure for that question, group and answer, and every API figure must have its row. A row
 * whose group or answer the API does not have fails the test.
 */
function checkContract(records: readonly CsvRecord[], results: RoundResults): number {
  const seen = new Set<string>();
  for (const [index, record] of records.entries()) {
    const where = `row ${index + 2} (${record.question_key} ${record.group_kind}:${record.group_key} ${record.answer_code})`;
    const question = results.questions.find((candidate) => candidate.key === record.question_key);
    assert.ok(question, `${where}: the API has no such question`);
    const group = question.groups.find(
      (candidate) =>
        candidate.organisationType === record.organisation_type &&
        candidate.kind === record.group_kind &&
        candidate.key === record.group_key,
    );
    assert.ok(group, `${where}: the API has no such group`);
    assert.equal(record.round, results.round.label, where);
    assert.equal(record.questionnaire_version, results.round.versions[group.organisationType], where);
    assert.equal(record.population, String(group.population), where);
    assert.equal(record.suppressed, group.suppressed ? '1' : '0', where);
    const key = `${question.key}|${group.groupId}|${record.answer_code}`;
    assert.ok(!seen.has(key), `${where}: a second row for the same figure`);
    seen.add(key);
    if (group.suppressed) {
      for (const column of ['respondents', 'item_non_response', 'count', 'share', 'share_text', 'median'])
        assert.equal(record[column], '', `${where}: a suppressed cell is never filled (${column})`);
      continue;
    }
    assert.equal(record.respondents, String(group.respondents), where);
    assert.equal(record.item_non_response, String(group.itemNonResponse), where);
    if ('median' in group) {
      assert.equal(record.answer_code, '', where);
      assert.equal(record.median, String(group.median), where);
      assert.equal(record.first_quartile, String(group.firstQuartile), where);
      assert.equal(record.third_quartile, String(group.thirdQuartile), where);
      continue;
    }
    const answer = group.answers.find((candidate) => candidate.code === record.answer_code);
    assert.ok(answer, `${where}: the API has no such answer`);
    assert.equal(record.count, String(answer.count), where);
    assert.equal(record.share, round4(answer.share), where);
    assert.equal(record.ci_lower, round4(answer.lower), where);
    assert.equal(record.ci_upper, round4(answer.upper), where);
  }
  const expected = results.questions.reduce(
    (sum, question) => sum + question.groups.length * Math.max(1, question.options.length),
    0,
  );
  assert.equal(records.length, expected, 'every figure of the API has exactly one row');
  return records.length;
}

async function readOpenDataCsv(label: string): Promise<CsvRecord[]> {
  const response = await visitor.get(`/published/${label}/open-data/figures.csv`);
  assert.equal(response.statusCode, 200);
  assert.match(String(response.headers['content-type']), /^text\/csv/);
  const records: CsvRecord[] = parse(response.body, { columns: true, bom: true, skip_empty_lines: true });
  assert.deepEqual(Object.keys(records[0] ?? {}), [...figureColumns]);
  return records;
}

async function readApiResults(label: string): Promise<RoundResults> {
  const analyst = await signIn(testApp, `analytiker-${label}@skr.se`, { kind: 'global', role: 'analyst' });
  const response = await analyst.get(`/api/results/${label}`);
  assert.equal(response.statusCode, 200);
  return JSON.parse(response.body);
}

test('every open-data row equals the API figure of its question, group and answer, and no figure is missing', async () => {
  const records = await readOpenDataCsv('2023');
  const results = await readApiResults('2023');
  const rows = checkContract(records, results);
  assert.ok(rows > 1000, `compared ${rows} rows`);
  const kinds = new Set(records.map((record) => record.question_key));
  for (const key of ['ciso_time_share', 'cooperation_partners', 'respondent_role', 'security_hours_per_year'])
    assert.ok(kinds.has(key), `${key} is published`);
  assert.ok(
    records.some((record) => record.suppressed === '1'),
    'A1 has three kommuner, so it is always suppressed',
  );
  assert.ok(
    records.some((record) => record.suppressed === '0' && Number(record.item_non_response) > 0),
    'some figures have item non-response',
  );
});

test('item non-response of a conditional question counts only organisations that were shown it', async () => {
  const round = await findRoundByLabel(testApp.database.db, '2023');
  assert.ok(round);
  // Counted here from the stored answers, independently of the results code: kommuner that submitted, answered
  // "yes" to ciso_designated (so were shown ciso_time_share), and left it empty.
  const answers = await listSubmittedAnswers(testApp.database.db, round.id);
  let shown = 0;
  let answered = 0;
  for (const [code, record] of answers) {
    if (code.length !== 4 || record.get('ciso_designated') !== 'yes') continue;
    shown += 1;
    if (record.has('ciso_time_share')) answered += 1;
  }
  const records = await readOpenDataCsv('2023');
  const national = records.find(
    (record) =>
      record.question_key === 'ciso_time_share' &&
      record.group_kind === 'organisation-type' &&
      record.group_key === 'kommun',
  );
  assert.equal(national?.respondents, String(answered));
  assert.equal(national?.item_non_response, String(shown - answered));
  const submittedKommuner = [...answers.keys()].filter((code) => code.length === 4).length;
  assert.ok(shown - answered < submittedKommuner - answered, 'organisations never shown the question are not counted');
});

test('the multiple-choice question is published as the share of respondents choosing each option', async () => {
  const records = await readOpenDataCsv('2023');
  const rows = records.filter(
    (record) =>
      record.question_key === 'cooperation_partners' &&
      record.group_kind === 'organisation-type' &&
      record.group_key === 'kommun',
  );
  assert.deepEqual(
    rows.map((record) => record.answer_code),
    ['municipalities_regions', 'county_board', 'msb', 'skr', 'cert_se', 'suppliers', 'other_partner'],
  );
  const shares = rows.map((record) => Number(record.share));
  assert.ok(
    shares.reduce((sum, share) => sum + share, 0) > 1,
    'several options can be chosen, so the shares add up to more than one',
  );
});

test('the XLSX reads back with exceljs to the CSV rows, and JSON and the codebook parse', async () => {
  const records = await readOpenDataCsv('2023');
  const response = await visitor.get('/published/2023/open-data/figures.xlsx');
  assert.equal(response.statusCode, 200);
  const workbook = new ExcelJS.Workbook();
  const bytes = new ArrayBuffer(response.rawPayload.byteLength);
  new Uint8Array(bytes).set(response.rawPayload);
  await workbook.xlsx.load(bytes);
  const sheet = workbook.getWorksheet('figures');
  assert.ok(sheet);
  assert.equal(sheet.rowCount, records.length + 1);
  for (const [index, record] of records.entries()) {
    const cells: ExcelJS.Row = sheet.getRow(index + 2);
    for (const [columnIndex, column] of figureColumns.entries()) {
      const value: ExcelJS.CellValue = cells.getCell(columnIndex + 1).value;
      assert.equal(
        value === null || value === undefined ? '' : String(value),
        record[column],
        `row ${index + 2}, ${column}`,
      );
    }
  }
  assert.ok(workbook.getWorksheet('codebook'));

  const json = JSON.parse((await visitor.get('/published/2023/open-data/figures.json')).body);
  assert.equal(json.round, '2023');
  assert.equal(json.release.version, 1);
  assert.equal(json.release.errata, null);
  assert.equal(json.figures.length, records.length);
  const codebook = JSON.parse((await visitor.get('/published/2023/open-data/codebook.json')).body);
  assert.deepEqual(
    codebook.variables.map((variable: { name: string }) => variable.name),
    [...figureColumns],
  );
  const ciso = codebook.questions.find((question: { key: string }) => question.key === 'ciso_designated');
  assert.deepEqual(
    ciso.values.map((value: { code: string }) => value.code),
    ['yes', 'no'],
  );
  assert.deepEqual(
    codebook.questionnaires.map((version: { id: string }) => version.id),
    ['skr-2023', 'skr-2023'],
  );
});

test('the DCAT-AP-SE metadata is JSON-LD with a distribution per file that downloads', async () => {
  const response = await visitor.get('/published/2023/open-data/dataset.jsonld');
  assert.equal(response.headers['content-type'], 'application/ld+json');
  const document = JSON.parse(response.body);
  assert.equal(document['@context'].dcat, 'http://www.w3.org/ns/dcat#');
  type JsonLdNode = Record<string, { '@id'?: string; '@value'?: string; '@language'?: string }[]> & {
    '@id': string;
    '@type': string[];
  };
  const nodes: JsonLdNode[] = document['@graph'];
  const dataset = nodes.find((node) => node['@id'] === `${testApp.config.baseUrl}/published/2023/open-data#dataset`);
  assert.ok(dataset);
  assert.deepEqual(dataset['@type'], ['http://www.w3.org/ns/dcat#Dataset']);
  assert.deepEqual(
    dataset['dct:title']?.map((title) => title['@language']),
    ['sv', 'en'],
  );
  assert.equal(dataset['dct:license']?.[0]?.['@id'], 'http://creativecommons.org/publicdomain/zero/1.0/');
  assert.equal(dataset['dct:spatial']?.[0]?.['@id'], 'http://publications.europa.eu/resource/authority/country/SWE');
  const distributions = dataset['dcat:distribution'] ?? [];
  assert.equal(distributions.length, 6);
  for (const distribution of distributions) {
    const url = new URL(distribution['@id'] ?? '');
    assert.equal(url.origin, testApp.config.baseUrl);
    assert.equal((await visitor.get(url.pathname)).statusCode, 200, url.pathname);
  }
});

test('the contract holds over the demo rounds of the press release, on their own database', async () => {
  const demoApp = await buildTestApp();
  try {
    const { db } = demoApp.database;
    await createDemo(db, demoApp.clock, { userId: null, label: 'test' });
    for (const label of ['2019', '2023']) await publishForTest(db, demoApp.clock, label);
    const demoVisitor = new TestVisitor(demoApp.app);
    const analyst = await signIn(demoApp, 'analytiker-demo@skr.se', { kind: 'global', role: 'analyst' });
    for (const label of ['2019', '2023']) {
      const csv = await demoVisitor.get(`/published/${label}/open-data/figures.csv`);
      const records: CsvRecord[] = parse(csv.body, { columns: true, bom: true, skip_empty_lines: true });
      const results: RoundResults = JSON.parse((await analyst.get(`/api/results/${label}`)).body);
      assert.ok(checkContract(records, results) > 100, label);
    }
  } finally {
    await demoApp.close();
  }
});
