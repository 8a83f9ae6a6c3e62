import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import JSONstat from 'jsonstat-toolkit';
import { buildTestApp, signIn, type TestApp, TestVisitor } from '../../test/app.ts';
import { pressRelease2023Shares, publishForTest, seedPressReleaseRounds } from '../reports/report.fixtures.ts';
import type { RoundResults } from '../results/results.schema.ts';

const questionKeys = [...Object.keys(pressRelease2023Shares), 'security_hours_per_year', 'cooperation_partners'];
let testApp: TestApp;
let visitor: TestVisitor;
let results: RoundResults;

before(async () => {
  testApp = await buildTestApp();
  const { db } = testApp.database;
  await seedPressReleaseRounds(db, testApp.clock, questionKeys);
  await publishForTest(db, testApp.clock, '2019');
  await publishForTest(db, testApp.clock, '2023');
  visitor = new TestVisitor(testApp.app);
  const analyst = await signIn(testApp, 'analytiker@skr.se', { kind: 'global', role: 'analyst' });
  results = JSON.parse((await analyst.get('/api/results/2023')).body);
});
after(async () => testApp?.close());

type Record_ = Record<string, string>;

async function readCsv(path: string): Promise<{ text: string; records: Record_[] }> {
  const response = await visitor.get(path);
  assert.equal(response.statusCode, 200, path);
  // No bom option: a byte order mark would stay in the first column's name and fail the header checks.
  return { text: response.body, records: parse(response.body, { columns: true, skip_empty_lines: true }) };
}

const find = (records: Record_[], key: string, kind: string, group: string, answer = '') =>
  records.find(
    (record) =>
      record.question_key === key &&
      record.group_kind === kind &&
      record.group_key === group &&
      record.answer_code === answer,
  );

test('the CSV files carry labels beside the codes, in Swedish and in English, without a byte order mark', async () => {
  const sv = await readCsv('/published/2023/open-data/figures.csv');
  const en = await readCsv('/published/2023/open-data/figures-en.csv');
  assert.ok(sv.text.startsWith('round,release_version,organisation_type,organisation_type_label,'));
  assert.equal(sv.records.length, en.records.length);
  const question = results.questions.find((candidate) => candidate.key === 'ciso_designated');
  assert.ok(question);
  const yes = question.options.find((option) => option.code === 'yes');
  assert.ok(yes);
  const svRow = find(sv.records, 'ciso_designated', 'county', '01', 'yes');
  const enRow = find(en.records, 'ciso_designated', 'county', '01', 'yes');
  assert.deepEqual(
    [svRow?.question_text, svRow?.answer_label, svRow?.group_label, svRow?.organisation_type_label],
    [question.text.sv, yes.label.sv, 'Stockholms län', 'Kommun'],
  );
  assert.deepEqual(
    [enRow?.question_text, enRow?.answer_label, enRow?.group_label, enRow?.organisation_type_label],
    [question.text.en, yes.label.en, 'Stockholm County', 'Municipality'],
  );
  assert.equal(find(sv.records, 'ciso_designated', 'municipality-group', 'A1', 'yes')?.group_label, 'Storstäder');
  assert.equal(find(en.records, 'ciso_designated', 'municipality-group', 'A1', 'yes')?.group_label, 'Large cities');
  assert.equal(find(en.records, 'ciso_designated', 'organisation-type', 'region', 'yes')?.group_label, 'All regions');
  // The figures are the same in both languages; suppressed cells are empty in both.
  for (const [index, record] of sv.records.entries()) {
    const other = en.records[index];
    for (const column of ['count', 'share', 'ci_lower', 'ci_upper', 'median', 'suppressed'])
      assert.equal(other?.[column], record[column], `row ${index + 2} ${column}`);
    if (record.suppressed === '1') assert.equal(record.share, '');
  }
  assert.ok(sv.records.some((record) => record.suppressed === '1'));
});

test('the XLSX has both languages and the complete codebook: variables, questions, answers and groups', async () => {
  const response = await visitor.get('/published/2023/open-data/figures.xlsx');
  const workbook = new ExcelJS.Workbook();
  const bytes = new ArrayBuffer(response.rawPayload.byteLength);
  new Uint8Array(bytes).set(response.rawPayload);
  await workbook.xlsx.load(bytes);
  assert.deepEqual(
    workbook.worksheets.map((sheet) => sheet.name),
    ['figures', 'figures-en', 'codebook', 'questions', 'answers', 'groups'],
  );
  const en = (await readCsv('/published/2023/open-data/figures-en.csv')).records;
  const sheet = workbook.getWorksheet('figures-en');
  assert.ok(sheet);
  assert.equal(sheet.rowCount, en.length + 1);
  const header: string[] = [];
  sheet.getRow(1).eachCell((cell) => {
    header.push(String(cell.value));
  });
  const shareColumn = header.indexOf('share') + 1;
  const labelColumn = header.indexOf('group_label') + 1;
  for (const [index, record] of en.entries()) {
    const row: ExcelJS.Row = sheet.getRow(index + 2);
    const share: ExcelJS.CellValue = row.getCell(shareColumn).value;
    assert.equal(share === null || share === undefined ? '' : String(share), record.share, `row ${index + 2}`);
    assert.equal(String(row.getCell(labelColumn).value), record.group_label);
  }
  const questions = workbook.getWorksheet('questions');
  assert.equal((questions?.rowCount ?? 0) - 1, results.questions.length);
  const answers = workbook.getWorksheet('answers');
  const optionCount = results.questions.reduce((sum, question) => sum + question.options.length, 0);
  assert.equal((answers?.rowCount ?? 0) - 1, optionCount);
  assert.notEqual(
    String(workbook.getWorksheet('codebook')?.getRow(2).getCell(2).value),
    'see questions',
    'the codebook sheet describes each column',
  );
});

test('the file of every published round holds each round’s own rows, oldest round first', async () => {
  const all = (await readCsv('/published/open-data/figures.csv')).records;
  const byRound = [
    ...(await readCsv('/published/2019/open-data/figures.csv')).records,
    ...(await readCsv('/published/2023/open-data/figures.csv')).records,
  ];
  assert.deepEqual(all, byRound);
  assert.deepEqual([...new Set(all.map((record) => record.round))], ['2019', '2023']);
  const allEn = (await readCsv('/published/open-data/figures-en.csv')).records;
  assert.equal(allEn.length, all.length);
});

interface TableField {
  name: string;
  type: 'string' | 'integer' | 'number';
  constraints?: { required?: boolean; minimum?: number; maximum?: number; enum?: (string | number)[] };
}
interface TableResource {
  name: string;
  path: string;
  schema: {
    fields: TableField[];
    missingValues: string[];
    primaryKey?: string[];
    foreignKeys?: { fields: string[]; reference: { resource: string; fields: string[] } }[];
  };
}

/**
 * A second, independent Table Schema checker beside Frictionless Data's own validator (open-data-frictionless.test.ts):
 * reads each resource with csv-parse and checks the header, every cell's type and constraints, the primary keys and
 * the foreign keys, all keys at once. Returns the errors found.
 */
function checkDataPackage(descriptor: { resources: TableResource[] }, files: Map<string, string>): string[] {
  const errors: string[] = [];
  const tables = new Map<string, (string | number | null)[][]>();
  for (const resource of descriptor.resources) {
    const text = files.get(resource.path) ?? '';
    const [header, ...rows]: string[][] = parse(text, { skip_empty_lines: true });
    const names = resource.schema.fields.map((field) => field.name);
    if (JSON.stringify(header) !== JSON.stringify(names)) errors.push(`${resource.name}: header ${header?.join()}`);
    const typed: (string | number | null)[][] = [];
    for (const [index, row] of rows.entries()) {
      const where = `${resource.name} row ${index + 2}`;
      if (row.length !== names.length) errors.push(`${where}: ${row.length} cells`);
      typed.push(
        resource.schema.fields.map((field, column) => {
          const cell = row[column] ?? '';
          if (resource.schema.missingValues.includes(cell)) {
            if (field.constraints?.required) errors.push(`${where} ${field.name}: required`);
            return null;
          }
          let value: string | number = cell;
          if (field.type === 'integer') {
            if (!/^-?\d+$/.test(cell)) errors.push(`${where} ${field.name}: not an integer "${cell}"`);
            value = Number(cell);
          } else if (field.type === 'number') {
            if (!/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(cell))
              errors.push(`${where} ${field.name}: not a number "${cell}"`);
            value = Number(cell);
          }
          const { minimum, maximum, enum: allowed } = field.constraints ?? {};
          if (typeof value === 'number' && minimum !== undefined && value < minimum)
            errors.push(`${where} ${field.name}: ${value} < ${minimum}`);
          if (typeof value === 'number' && maximum !== undefined && value > maximum)
            errors.push(`${where} ${field.name}: ${value} > ${maximum}`);
          if (allowed && !allowed.includes(value)) errors.push(`${where} ${field.name}: "${value}" not in enum`);
          return value;
        }),
      );
    }
    tables.set(resource.name, typed);
    const key = resource.schema.primaryKey;
    if (key) {
      const seen = new Set<string>();
      for (const row of typed) {
        const value = JSON.stringify(key.map((name) => row[names.indexOf(name)]));
        if (seen.has(value)) errors.push(`${resource.name}: primary key ${value} repeats`);
        seen.add(value);
      }
    }
  }
  for (const resource of descriptor.resources) {
    const names = resource.schema.fields.map((field) => field.name);
    for (const foreignKey of resource.schema.foreignKeys ?? []) {
      const target = descriptor.resources.find((candidate) => candidate.name === foreignKey.reference.resource);
      if (!target) {
        errors.push(`${resource.name}: no resource ${foreignKey.reference.resource}`);
        continue;
      }
      const targetNames = target.schema.fields.map((field) => field.name);
      const keys = new Set(
        (tables.get(target.name) ?? []).map((row) =>
          JSON.stringify(foreignKey.reference.fields.map((name) => row[targetNames.indexOf(name)])),
        ),
      );
      for (const [index, row] of (tables.get(resource.name) ?? []).entries()) {
        const values = foreignKey.fields.map((name) => row[names.indexOf(name)]);
        if (values.every((value) => value === null)) continue;
        if (!keys.has(JSON.stringify(values)))
          errors.push(`${resource.name} row ${index + 2}: ${values.join('|')} not in ${target.name}`);
      }
    }
  }
  return errors;
}

async function loadPackage(folder: string) {
  const response = await visitor.get(`${folder}/datapackage.json`);
  assert.equal(response.statusCode, 200);
  const descriptor: { profile: string; resources: TableResource[] } = JSON.parse(response.body);
  const files = new Map<string, string>();
  for (const resource of descriptor.resources)
    files.set(resource.path, (await readCsv(`${folder}/${resource.path}`)).text);
  return { descriptor, files };
}

test('datapackage.json describes every table so that a Table Schema check finds no error, for a round and for all', async () => {
  for (const folder of ['/published/2023/open-data', '/published/open-data']) {
    const { descriptor, files } = await loadPackage(folder);
    assert.equal(descriptor.profile, 'tabular-data-package');
    assert.deepEqual(
      descriptor.resources.map((resource) => resource.name),
      ['figures', 'figures-en', 'questions', 'answers', 'groups'],
    );
    const figures = descriptor.resources[0];
    assert.deepEqual(figures?.schema.missingValues, ['']);
    assert.equal(figures?.schema.foreignKeys?.length, 2);
    assert.deepEqual(checkDataPackage(descriptor, files), [], folder);
  }
  // The checker can fail: a share above one, and a question the codebook lacks.
  const { descriptor, files } = await loadPackage('/published/2023/open-data');
  const figures = files.get('figures.csv') ?? '';
  const [header = '', first = '', ...rest] = figures.split('\r\n');
  const columns = header.split(',');
  const broken = first.split(',');
  broken[columns.indexOf('question_key')] = 'no_such_question';
  files.set('figures.csv', [header, broken.join(','), ...rest].join('\r\n'));
  const errors = checkDataPackage(descriptor, files);
  assert.ok(errors.some((error) => error.includes('no_such_question') && error.includes('not in questions')));
});

test('JSON-stat 2.0 per release and question reads with jsonstat-toolkit to the CSV figures', async () => {
  const records = (await readCsv('/published/2023/open-data/figures.csv')).records;
  const response = await visitor.get('/published/2023/open-data/jsonstat/ciso_designated');
  assert.equal(response.statusCode, 200);
  const dataset = JSONstat(JSON.parse(response.body));
  assert.equal(dataset.class, 'dataset');
  assert.deepEqual(dataset.id, ['round', 'type', 'group', 'answer', 'measure']);
  assert.deepEqual(dataset.Dimension('measure')?.id, ['count', 'share', 'ci_lower', 'ci_upper']);
  assert.equal(dataset.Dimension('group')?.Category('county:01')?.label, 'Stockholms län');
  let compared = 0;
  let suppressed = 0;
  for (const record of records.filter((candidate) => candidate.question_key === 'ciso_designated')) {
    for (const measure of ['count', 'share', 'ci_lower', 'ci_upper']) {
      const cell = dataset.Data({
        round: '2023',
        type: record.organisation_type ?? '',
        group: `${record.group_kind}:${record.group_key}`,
        answer: record.answer_code ?? '',
        measure,
      });
      assert.equal(cell?.value === null ? '' : String(cell?.value), record[measure], `${record.group_key} ${measure}`);
      if (record.suppressed === '1') {
        assert.equal(cell?.status, '..');
        suppressed += 1;
      } else assert.equal(cell?.status, null);
      compared += 1;
    }
  }
  assert.ok(compared > 100 && suppressed > 0, `${compared} cells, ${suppressed} suppressed`);
  const english = JSONstat(
    JSON.parse((await visitor.get('/published/2023/open-data/jsonstat/ciso_designated?lang=en')).body),
  );
  assert.equal(english.Dimension('group')?.Category('county:01')?.label, 'Stockholm County');
  const numbers = JSONstat(
    JSON.parse((await visitor.get('/published/2023/open-data/jsonstat/security_hours_per_year')).body),
  );
  assert.deepEqual(numbers.Dimension('measure')?.id, ['respondents', 'median', 'first_quartile', 'third_quartile']);
  assert.equal((await visitor.get('/published/2023/versions/1/open-data/jsonstat/ciso_designated')).statusCode, 200);
  assert.equal((await visitor.get('/published/2023/open-data/jsonstat/no_such_question')).statusCode, 404);
});
