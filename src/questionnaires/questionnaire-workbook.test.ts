import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listShippedVersions } from './questionnaire.fixtures.ts';
import type { QuestionnaireVersion } from './questionnaire.schema.ts';
import { parseQuestionnaireWorkbook, writeQuestionnaireWorkbook } from './questionnaire-workbook.ts';

const versions = listShippedVersions();
const findVersion = (id: string) => versions.find((version) => version.id === id);

async function editWorkbook(content: Buffer, edit: (workbook: import('exceljs').Workbook) => void): Promise<Buffer> {
  const { default: excel } = await import('exceljs');
  const workbook = new excel.Workbook();
  const bytes = new ArrayBuffer(content.byteLength);
  new Uint8Array(bytes).set(content);
  await workbook.xlsx.load(bytes);
  edit(workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

test('every shipped version written as a workbook reads back identical', async () => {
  for (const version of versions) {
    const result = await parseQuestionnaireWorkbook(await writeQuestionnaireWorkbook(version), { findVersion });
    assert.ok(result.ok, JSON.stringify(result.ok ? '' : result.errors.slice(0, 3)));
    assert.deepEqual(result.version, version, version.id);
  }
});

test('a wrong cell is named by sheet and cell, and a Swedish yes/no is read', async () => {
  const skr2026 = findVersion('skr-2026') as QuestionnaireVersion;
  const written = await writeQuestionnaireWorkbook(skr2026);
  // Row 2 is the first section, row 3 its first question; column A is type, C required.
  const broken = await editWorkbook(written, (workbook) => {
    const sheet = workbook.getWorksheet('questions');
    if (!sheet) throw new Error('no questions sheet');
    sheet.getCell('A3').value = 'yes_maybe';
    sheet.getCell('C4').value = 'ja';
    const options = workbook.getWorksheet('options');
    if (options) options.getCell('D2').value = '';
  });
  const result = await parseQuestionnaireWorkbook(broken, { findVersion });
  assert.equal(result.ok, false);
  if (result.ok) return;
  const cells = result.errors.map((error) => `${error.cell} ${error.path}`);
  assert.ok(cells.includes('questions!A3 sections[0].questions[0].type'), cells.join('\n'));
  assert.ok(
    cells.some((cell) => cell.startsWith('options!D2 ')),
    cells.join('\n'),
  );
  assert.ok(!cells.some((cell) => cell.startsWith('questions!C4')), 'ja is a yes');
});

test('a missing sheet and an unknown column are reported before anything else', async () => {
  const written = await writeQuestionnaireWorkbook(findVersion('skr-2019') as QuestionnaireVersion);
  const edited = await editWorkbook(written, (workbook) => {
    const settings = workbook.getWorksheet('settings');
    if (settings) workbook.removeWorksheet(settings.id);
    const questions = workbook.getWorksheet('questions');
    if (questions) questions.getCell('Z1').value = 'colour';
  });
  const result = await parseQuestionnaireWorkbook(edited, { findVersion });
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.deepEqual(
    result.errors.map((error) => `${error.cell}: ${error.message.split(';')[0]}`),
    ['settings: the workbook has no sheet "settings"', 'questions!Z1: unknown column "colour"'],
  );
  const unreadable = await parseQuestionnaireWorkbook(Buffer.from('not a workbook'));
  assert.equal(unreadable.ok, false);
});
