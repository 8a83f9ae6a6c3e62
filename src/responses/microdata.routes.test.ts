import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { buildTestApp, signIn, type TestApp, type TestVisitor } from '../../test/app.ts';
import { completeAnswers, createOpenRound } from '../../test/factories.ts';
import { findAuditEvents } from '../audit/audit.service.ts';
import type { Answers, AnswerValue } from '../questionnaires/questionnaire.schema.ts';
import { findQuestionnaireVersion } from '../questionnaires/questionnaires.service.ts';
import { listSubmittedAnswerRecords, saveImportedResponse } from './responses.service.ts';

let testApp: TestApp;
let analyst: TestVisitor;
let roundId: string;
const hostile = '=HYPERLINK("http://evil.example","klicka")';

before(async () => {
  testApp = await buildTestApp();
  analyst = await signIn(testApp, 'analytiker@skr.se', { kind: 'global', role: 'analyst' });
  roundId = await createOpenRound(testApp.database.db, {
    label: '2026',
    organisations: [{ code: '2584' }, { code: '0180' }, { code: '25' }, { code: '1480' }],
  });
  const version = await findQuestionnaireVersion(testApp.database.db, 'skr-2023');
  for (const [code, type] of [
    ['2584', 'kommun'],
    ['0180', 'kommun'],
    ['25', 'region'],
  ] as const) {
    const answers = new Map<string, AnswerValue>(completeAnswers(version, type));
    if (code === '0180') answers.set('comment', hostile);
    if (code === '2584') answers.set('ciso_designated', 'no');
    await saveImportedResponse(testApp.database.db, testApp.clock, {
      roundId,
      organisationCode: code,
      versionId: version.id,
      answers,
      actor: { userId: null, label: 'test' },
    });
  }
});
after(async () => {
  await testApp.close();
});

function readCsv(text: string): Record<string, string>[] {
  return parse(text, { bom: true, columns: true }) as Record<string, string>[];
}

function expectedCell(value: AnswerValue | undefined): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.join(';');
  return String(value);
}

test('the answers CSV reads back with csv-parse equal to the stored answers, one row per organisation', async () => {
  const response = await analyst.get(`/rounds/${roundId}/answers.csv`);
  assert.equal(response.statusCode, 200);
  assert.match(String(response.headers['content-disposition']), /attachment; filename="svar-2026\.csv"/);
  const rows = readCsv(response.body);
  const stored = await listSubmittedAnswerRecords(testApp.database.db, roundId);
  assert.deepEqual(
    rows.map((row) => row.kod),
    ['0180', '2584', '25'],
    'kommuner then regioner, by code; 1480 did not submit',
  );
  for (const row of rows) {
    const answers: Answers = stored.get(row.kod ?? '') ?? {};
    for (const [key, value] of Object.entries(answers)) {
      const cell = row[key] ?? '';
      assert.equal(cell.startsWith("'=") ? cell.slice(1) : cell, expectedCell(value), `${row.kod} ${key}`);
    }
    const questionColumns = Object.keys(row).slice(6);
    for (const key of questionColumns) if (!(key in answers)) assert.equal(row[key], '', `${row.kod} ${key} empty`);
  }
  const stockholm = rows.find((row) => row.kod === '0180');
  assert.equal(stockholm?.comment, `'${hostile}`, 'a formula is written as text');
  assert.equal(stockholm?.kommungrupp, 'A1 Storstäder');
  assert.equal(stockholm?.typ, 'Kommun');
  assert.equal(rows.find((row) => row.kod === '2584')?.ciso_designated, 'no');

  const labels = readCsv((await analyst.get(`/rounds/${roundId}/answers-labels.csv`)).body);
  assert.equal(labels.find((row) => row.kod === '2584')?.ciso_designated, 'Nej');
  const codebook = readCsv((await analyst.get(`/rounds/${roundId}/answers-codebook.csv`)).body);
  assert.equal(codebook.find((row) => row.variabel === 'ciso_designated')?.koder, 'yes = Ja | no = Nej');
});

test('the workbook reads back with exceljs: codes, labels and codebook; text cells are never formulas', async () => {
  const response = await analyst.get(`/api/rounds/${roundId}/answers?format=xlsx`);
  assert.equal(response.statusCode, 200);
  const workbook = new ExcelJS.Workbook();
  const bytes = new ArrayBuffer(response.rawPayload.byteLength);
  new Uint8Array(bytes).set(response.rawPayload);
  await workbook.xlsx.load(bytes);
  assert.equal(workbook.worksheets.map((candidate) => candidate.name).join(' '), 'svar_koder svar_etiketter kodbok');
  const sheet = workbook.getWorksheet('svar_koder');
  if (!sheet) throw new Error('no sheet svar_koder');
  const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
  const stored = await listSubmittedAnswerRecords(testApp.database.db, roundId);
  let compared = 0;
  for (let index = 2; index <= sheet.rowCount; index += 1) {
    const values: unknown[] = (sheet.getRow(index).values as unknown[]).slice(1);
    const code: string = String(values[0]);
    const answers: Answers = stored.get(code) ?? {};
    for (const [key, value] of Object.entries(answers)) {
      const cell = values[header.indexOf(key)];
      const text: string = cell === undefined || cell === null ? '' : String(cell);
      assert.equal(text, expectedCell(value), `${code} ${key}`);
      if (typeof value === 'number') assert.ok(typeof cell === 'number', `${code} ${key} is a number cell`);
      compared += 1;
    }
  }
  assert.ok(compared > 40, `compared ${compared} cells`);
  const hostileCell = sheet.getRow(2).getCell(header.indexOf('comment') + 1);
  assert.equal(String(hostileCell.value), hostile);
  assert.ok(hostileCell.type === ExcelJS.ValueType.String, 'a text cell, not a formula');
  const labelled = workbook.getWorksheet('svar_etiketter');
  assert.equal(String(labelled?.getRow(3).getCell(header.indexOf('ciso_designated') + 1).value), 'Nej');
});

test('only analysts and coordinators get the answers, and every download is audited as a disclosure', async () => {
  const respondent = await signIn(testApp, 'ciso@kiruna.se', {
    kind: 'organisation',
    organisationCode: '2584',
    role: 'respondent',
  });
  assert.equal((await respondent.get(`/rounds/${roundId}/answers.csv`)).statusCode, 403);
  assert.equal((await respondent.json('GET', `/api/rounds/${roundId}/answers`)).statusCode, 403);
  // Read through the audit service, which puts back the addresses the chain names by reference.
  const events = (
    await findAuditEvents(testApp.database.db, { action: 'responses.microdata_disclosed' }, { limit: 50 })
  ).reverse();
  assert.deepEqual(
    events.map((event) => [event.actorLabel, event.details]),
    [
      ['analytiker@skr.se', { format: 'csv', organisations: 3, via: 'web' }],
      ['analytiker@skr.se', { format: 'labels.csv', organisations: 3, via: 'web' }],
      ['analytiker@skr.se', { format: 'codebook.csv', organisations: 3, via: 'web' }],
      ['analytiker@skr.se', { format: 'xlsx', organisations: 3, via: 'api' }],
    ],
  );
  const page = await analyst.get(`/rounds/${roundId}`);
  assert.match(page.body, new RegExp(`href="/rounds/${roundId}/answers.xlsx"`));
});
