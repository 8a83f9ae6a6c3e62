import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { buildTestApp, type TestApp, TestVisitor } from '../../test/app.ts';
import { pressRelease2023Shares, seedRound } from '../reports/report.fixtures.ts';
import { loadRoundFigures } from '../reports/reports.service.ts';
import { computeRoundResults } from '../results/results.service.ts';
import { findRoundByLabel } from '../rounds/rounds.service.ts';
import { buildFigureRows, type FigureRow, figureColumns } from './open-data.ts';
import { publishRound } from './publication.service.ts';

const questionKeys = [...Object.keys(pressRelease2023Shares), 'security_hours_per_year', 'respondent_role'];
let testApp: TestApp;
let visitor: TestVisitor;
let expected: FigureRow[];

before(async () => {
  testApp = await buildTestApp();
  const { db } = testApp.database;
  await seedRound(db, testApp.clock, {
    label: '2023',
    versions: { kommun: 'skr-2023', region: 'skr-2023' },
    yesShares: pressRelease2023Shares,
    questionKeys,
  });
  await publishRound(db, testApp.clock, { label: '2023', embargoUntil: null, actor: { userId: null, label: 'test' } });
  const round = await findRoundByLabel(db, '2023');
  assert.ok(round);
  expected = buildFigureRows(await loadRoundFigures(db, round, testApp.config.suppressionThreshold));
  visitor = new TestVisitor(testApp.app);
});
after(async () => testApp?.close());

/** The service's figures as the text a CSV cell holds. */
function asText(value: string | number | null): string {
  return value === null ? '' : String(value);
}

test('the CSV reads back with csv-parse to exactly the published figures; suppressed cells stay empty', async () => {
  const response = await visitor.get('/published/2023/open-data/figures.csv');
  assert.equal(response.statusCode, 200);
  assert.match(String(response.headers['content-type']), /^text\/csv/);
  const records: Record<string, string>[] = parse(response.body, { columns: true, bom: true, skip_empty_lines: true });
  assert.deepEqual(Object.keys(records[0] ?? {}), [...figureColumns]);
  assert.equal(records.length, expected.length);
  for (const [index, record] of records.entries()) {
    const row = expected[index];
    assert.ok(row);
    for (const column of figureColumns)
      assert.equal(record[column], asText(row[column]), `row ${index + 2}, ${column}`);
  }
  const suppressed = records.filter((record) => record.suppressed === '1');
  assert.ok(suppressed.length > 0, 'A1 has three kommuner, so it is always suppressed');
  for (const record of suppressed) {
    for (const column of ['respondents', 'count', 'share', 'ci_lower', 'ci_upper', 'median'] as const) {
      assert.equal(record[column], '', `a suppressed cell is never filled (${column})`);
    }
  }
});

test('the figures agree with the results service computed independently', async () => {
  const results = await computeRoundResults(testApp.database.db, '2023', {
    minimumRespondents: testApp.config.suppressionThreshold,
    isWithChanges: false,
  });
  let compared = 0;
  for (const question of results.questions) {
    for (const group of question.groups) {
      if (group.suppressed || !('answers' in group)) continue;
      for (const answer of group.answers) {
        const row: FigureRow | undefined = expected.find(
          (candidate) =>
            candidate.question_key === question.key &&
            `${candidate.organisation_type === 'kommun' && candidate.group_kind !== 'organisation-type' ? 'kommun:' : ''}${candidate.group_kind === 'organisation-type' ? candidate.group_key : `${candidate.group_kind}:${candidate.group_key}`}` ===
              group.groupId &&
            candidate.answer_code === answer.code,
        );
        if (!row) continue;
        assert.equal(row.count, answer.count, `${question.key} ${group.groupId} ${answer.code}`);
        assert.equal(row.respondents, group.respondents);
        compared += 1;
      }
    }
  }
  assert.ok(compared > 50, `compared ${compared} cells`);
});

test('the XLSX reads back with exceljs to the same rows, and JSON and the codebook parse', async () => {
  const response = await visitor.get('/published/2023/open-data/figures.xlsx');
  assert.equal(response.statusCode, 200);
  const workbook = new ExcelJS.Workbook();
  const bytes = new ArrayBuffer(response.rawPayload.byteLength);
  new Uint8Array(bytes).set(response.rawPayload);
  await workbook.xlsx.load(bytes);
  const sheet = workbook.getWorksheet('figures');
  assert.ok(sheet);
  assert.equal(sheet.rowCount, expected.length + 1);
  for (const [index, row] of expected.entries()) {
    const cells: ExcelJS.Row = sheet.getRow(index + 2);
    for (const [columnIndex, column] of figureColumns.entries()) {
      const value: ExcelJS.CellValue = cells.getCell(columnIndex + 1).value;
      assert.equal(value ?? null, row[column], `row ${index + 2}, ${column}`);
    }
  }
  assert.ok(workbook.getWorksheet('codebook'));

  const json = JSON.parse((await visitor.get('/published/2023/open-data/figures.json')).body);
  assert.equal(json.round, '2023');
  assert.deepEqual(json.figures, expected);
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

test('the DCAT-AP-SE metadata is JSON-LD with a distribution per format that downloads', async () => {
  const response = await visitor.get('/published/2023/open-data/dataset.jsonld');
  assert.equal(response.headers['content-type'], 'application/ld+json');
  const dataset = JSON.parse(response.body);
  assert.equal(dataset['@type'], 'dcat:Dataset');
  assert.equal(dataset['@context'].dcat, 'http://www.w3.org/ns/dcat#');
  const languages = dataset['dct:title'].map((title: { '@language': string }) => title['@language']);
  assert.deepEqual(languages, ['sv', 'en']);
  assert.equal(dataset['dct:description'].length, 2);
  assert.equal(dataset['dct:license']['@id'], 'http://creativecommons.org/publicdomain/zero/1.0/');
  assert.equal(dataset['dct:spatial']['@id'], 'http://publications.europa.eu/resource/authority/country/SWE');
  assert.equal(dataset['dct:temporal']['dcat:startDate']['@value'], '2023-01-01');
  assert.ok(dataset['dct:publisher']['foaf:name']);
  assert.equal(dataset['dcat:distribution'].length, 4);
  for (const distribution of dataset['dcat:distribution']) {
    assert.equal(distribution['@type'], 'dcat:Distribution');
    const url = new URL(distribution['dcat:downloadURL']['@id']);
    assert.equal(url.origin, testApp.config.baseUrl);
    assert.equal((await visitor.get(url.pathname)).statusCode, 200, url.pathname);
  }
});
