import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import ExcelJS from 'exceljs';
import { AppError } from '../app-error.ts';
import { listSubmittedAnswers } from '../responses/responses.service.ts';
import { findRoundByLabel, listRoundOrganisations } from '../rounds/rounds.service.ts';
import { parseResponsesCsv, parseResponsesWorkbook } from './import-file.ts';
import { importResponses } from './import-responses.service.ts';
import { createDatabaseFixture } from './results.fixtures.ts';

const fixture = createDatabaseFixture();
before(() => fixture.setUp());
after(() => fixture.tearDown());
const actor = { userId: null, label: 'test' };

async function importCsv(text: string, isDryRun = false) {
  const parsed = await parseResponsesCsv(text);
  if (!parsed.ok) throw new Error(`unexpected parse problems: ${JSON.stringify(parsed.problems)}`);
  return importResponses(fixture.db(), fixture.clock, { rows: parsed.rows, isDryRun, actor, source: 'test.csv' });
}

async function rejectedFields(promise: Promise<unknown>): Promise<string[]> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError && error.code === 'validation')
      return error.fields.map((f) => `${f.field}: ${f.message}`);
    throw error;
  }
  throw new Error('the import was not rejected');
}

const validCsv = [
  '\uFEFFround,org,question,value',
  '2021,0180,ciso_designated,Ja',
  '2021,0180,ciso_time_share,"37,5"',
  '2021,0180,security_hours_per_year,1 200',
  '2021,0180,classification_risk_method,DELVIS',
  '2021,0180,cooperation_external,yes',
  '2021,0180,cooperation_partners,msb|skr',
  '2021,01,ciso_designated,nej',
  '',
].join('\r\n');

test('a file with invalid rows writes nothing and names every bad row', async () => {
  const csv = [
    'round,org,question,value',
    '2022,0180,ciso_designated,ja',
    '2022,9999,ciso_designated,ja',
    '2022,0180,no_such_question,ja',
    '2022,0181,ciso_designated,kanske',
    '2022,0180,ciso_designated,nej',
    '2022,0182,ciso_time_share,50',
    '2022,0182,ciso_designated,nej',
  ].join('\n');
  const fields = await rejectedFields(importCsv(csv));
  assert.deepEqual(
    fields.map((field) => field.slice(0, field.indexOf(':'))),
    ['row 3', 'row 4', 'row 5', 'row 6', 'row 7'],
  );
  assert.match(fields[0] ?? '', /unknown organisation "9999"/);
  assert.match(fields[1] ?? '', /unknown question "no_such_question"/);
  assert.match(fields[2] ?? '', /"kanske" is not an answer to ciso_designated/);
  assert.match(fields[3] ?? '', /duplicate .* \(first on row 2\)/);
  assert.match(fields[4] ?? '', /condition hides it/);
  assert.equal(await findRoundByLabel(fixture.db(), '2022'), undefined);
});

test('a wrong header is rejected on row 1', async () => {
  const parsed = await parseResponsesCsv('round;org;question;value\n2021;0180;ciso_designated;ja\n');
  assert.equal(parsed.ok, false);
  assert.equal(parsed.ok ? undefined : parsed.problems[0]?.row, 1);
});

test('a valid file creates a closed round, normalises values, and a re-import changes nothing', async () => {
  const dryRun = await importCsv(validCsv, true);
  assert.deepEqual([dryRun.createdRounds, dryRun.changed], [['2021'], 2]);
  assert.equal(await findRoundByLabel(fixture.db(), '2021'), undefined);

  const first = await importCsv(validCsv);
  assert.deepEqual([first.rows, first.responses, first.changed, first.createdRounds], [7, 2, 2, ['2021']]);
  const round = await findRoundByLabel(fixture.db(), '2021');
  assert.deepEqual(round && [round.status, round.source, round.versions], [
    'closed',
    'import',
    { kommun: 'skr-2026', region: 'skr-2026' },
  ]);
  // The population is every active organisation of the types present: 290 kommuner and 21 regioner.
  assert.equal((await listRoundOrganisations(fixture.db(), round?.id ?? '')).length, 311);
  const answers = await listSubmittedAnswers(fixture.db(), round?.id ?? '');
  assert.deepEqual(Object.fromEntries(answers.get('0180') ?? []), {
    ciso_designated: 'yes',
    ciso_time_share: 37.5,
    security_hours_per_year: 1200,
    classification_risk_method: 'partly',
    cooperation_external: 'yes',
    cooperation_partners: ['msb', 'skr'],
  });
  assert.deepEqual(Object.fromEntries(answers.get('01') ?? []), { ciso_designated: 'no' });

  const second = await importCsv(validCsv);
  assert.deepEqual([second.changed, second.createdRounds], [0, []]);
});

test('a 2019 round gets skr-2019, and a workbook with one row per organisation imports the same way', async () => {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Svar');
  sheet.addRow(['org', 'ciso_designated', 'security_hours_per_year', 'ciso_time_share']);
  sheet.addRow(['0180', 'Ja', 1500, 'from_50_to_74']);
  sheet.addRow(['0181', 'nej', null, null]);
  const content = Buffer.from(await workbook.xlsx.writeBuffer());
  assert.equal((await parseResponsesWorkbook(content, undefined)).ok, false);
  const parsed = await parseResponsesWorkbook(content, '2019');
  assert.ok(parsed.ok);
  const report = await importResponses(fixture.db(), fixture.clock, {
    rows: parsed.rows,
    isDryRun: false,
    actor,
    source: 'x.xlsx',
  });
  assert.deepEqual([report.rows, report.responses, report.changed], [4, 2, 2]);
  const round = await findRoundByLabel(fixture.db(), '2019');
  assert.deepEqual(round?.versions, { kommun: 'skr-2019', region: null });
  const answers = await listSubmittedAnswers(fixture.db(), round?.id ?? '');
  assert.deepEqual(Object.fromEntries(answers.get('0180') ?? []), {
    ciso_designated: 'yes',
    security_hours_per_year: 1500,
    ciso_time_share: 'from_50_to_74',
  });
  const again = await importResponses(fixture.db(), fixture.clock, {
    rows: parsed.rows,
    isDryRun: false,
    actor,
    source: 'x.xlsx',
  });
  assert.equal(again.changed, 0);
  // A region cannot be added to a round that has no questionnaire for regioner.
  const fields = await rejectedFields(
    fixture.importRows([{ round: '2019', org: '01', question: 'ciso_designated', value: 'ja' }]),
  );
  assert.match(fields[0] ?? '', /row 2: round 2019 has no questionnaire for regioner/);
});
