import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildTestApp, signIn, type TestApp, type TestVisitor } from '../../test/app.ts';
import { findAuditEvents } from '../audit/audit.service.ts';
import { runCli } from '../cli.ts';
import { createImportedRound } from '../rounds/rounds.service.ts';
import { findShippedVersion } from './questionnaire.fixtures.ts';
import { findQuestionnaireVersion, listQuestionnaireVersions } from './questionnaires.service.ts';

let testApp: TestApp;
let analyst: TestVisitor;
let respondent: TestVisitor;

before(async () => {
  testApp = await buildTestApp();
  analyst = await signIn(testApp, 'analytiker@skr.se', { kind: 'global', role: 'analyst' });
  respondent = await signIn(testApp, 'ciso@kiruna.se', {
    kind: 'organisation',
    organisationCode: '2584',
    role: 'respondent',
  });
});
after(async () => {
  await testApp.close();
});

/** Posts one file as a browser's form does (multipart/form-data with the CSRF field). */
async function upload(
  visitor: TestVisitor,
  fileName: string,
  content: Buffer,
  csrf = visitor.csrfToken,
  options: { fields?: Record<string, string>; language?: 'en' } = {},
) {
  const boundary = '----lagesbild-test-boundary';
  const field = (name: string, value: string) =>
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  const payload = Buffer.concat([
    field('_csrf', csrf),
    ...Object.entries(options.fields ?? {}).map(([name, value]) => field(name, value)),
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return testApp.app.inject({
    method: 'POST',
    url: options.language === 'en' ? '/questionnaires/upload?lang=en' : '/questionnaires/upload',
    payload,
    headers: { cookie: visitor.cookies, 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
}

async function editWorkbook(content: Buffer, edit: (workbook: import('exceljs').Workbook) => void): Promise<Buffer> {
  const { default: excel } = await import('exceljs');
  const workbook = new excel.Workbook();
  const bytes = new ArrayBuffer(content.byteLength);
  new Uint8Array(bytes).set(content);
  await workbook.xlsx.load(bytes);
  edit(workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function setCell(workbook: import('exceljs').Workbook, sheetName: string, address: string, value: string): void {
  const sheet = workbook.getWorksheet(sheetName);
  if (!sheet) throw new Error(`no sheet ${sheetName}`);
  sheet.getCell(address).value = value;
}

test('the shipped versions are seeded into the database, the newest being skr-2026', async () => {
  const versions = await listQuestionnaireVersions(testApp.database.db);
  assert.deepEqual(
    versions.map((version) => version.id),
    ['skr-2019', 'skr-2023', 'skr-2026'],
  );
  assert.deepEqual(await findQuestionnaireVersion(testApp.database.db, 'skr-2026'), findShippedVersion('skr-2026'));
});

test('the downloaded XLSX re-imports to an identical version; a cell error is named, fixed and accepted', async () => {
  const db = testApp.database.db;
  const list = await analyst.get('/questionnaires');
  assert.match(list.body, /href="\/questionnaires\/skr-2026\/download\.xlsx"/);
  const downloaded = await analyst.get('/questionnaires/skr-2026/download.xlsx');
  assert.equal(downloaded.statusCode, 200);
  assert.match(String(downloaded.headers['content-disposition']), /skr-2026\.xlsx/);
  const workbook = downloaded.rawPayload;

  // A copy with its own id and one wrong question type.
  const draft = (cell: string) =>
    editWorkbook(workbook, (book) => {
      setCell(book, 'settings', 'B2', 'skr-2027-utkast');
      setCell(book, 'questions', 'A3', cell);
    });
  await analyst.get('/questionnaires/upload');
  const rejected = await upload(analyst, 'skr-2027-utkast.xlsx', await draft('single_choise'));
  assert.equal(rejected.statusCode, 422);
  assert.match(rejected.body, /Filen skr-2027-utkast\.xlsx togs inte emot/);
  assert.match(
    rejected.body,
    /<strong>Bladet questions, cell A3: <\/strong><code>sections\[0\]\.questions\[0\]\.type<\/code> ska vara något av: [^<]*single_choice[^<]*\(här står texten 'single_choise'\)/,
  );
  const inEnglish = await upload(analyst, 'skr-2027-utkast.xlsx', await draft('single_choise'), undefined, {
    language: 'en',
  });
  assert.match(inEnglish.body, /<strong>Sheet questions, cell A3: <\/strong>.*must be one of: [^<]*\(found the text/);
  // A workbook cannot be edited in the page; only a YAML file's text comes back.
  assert.doesNotMatch(rejected.body, /<textarea/);
  await assert.rejects(findQuestionnaireVersion(db, 'skr-2027-utkast'), /No questionnaire version/);

  const accepted = await upload(analyst, 'skr-2027-utkast.xlsx', await draft('single_choice'));
  assert.equal(accepted.statusCode, 303, accepted.body.slice(0, 2000));
  assert.equal(accepted.headers.location, '/questionnaires?uploaded=skr-2027-utkast');
  const stored = await findQuestionnaireVersion(db, 'skr-2027-utkast');
  assert.deepEqual(stored, { ...findShippedVersion('skr-2026'), id: 'skr-2027-utkast' });

  // Round trip: the stored version downloads as XLSX and as YAML, and both read back identical.
  const again = await analyst.get('/questionnaires/skr-2027-utkast/download.xlsx');
  const yaml = await analyst.get('/questionnaires/skr-2027-utkast/download.yaml');
  assert.match(yaml.body, /^id: skr-2027-utkast$/m);
  const { parseQuestionnaireWorkbook } = await import('./questionnaire-workbook.ts');
  const reread = await parseQuestionnaireWorkbook(again.rawPayload, {
    findVersion: (id) => findShippedVersion(id),
  });
  assert.ok(reread.ok);
  assert.deepEqual(reread.version, stored);

  const comparison = await analyst.get('/questionnaires/compare?from=skr-2023&to=skr-2027-utkast');
  assert.equal(comparison.statusCode, 200);
  const events = await findAuditEvents(db, { subjectId: 'skr-2027-utkast' }, { limit: 10 });
  assert.deepEqual(
    events.map((event) => [event.action, event.details.format]),
    [['questionnaire.version_uploaded', 'xlsx']],
  );
});

test('an unused uploaded version can be replaced; once a round uses it, and for shipped versions, never', async () => {
  const db = testApp.database.db;
  const yaml = (await analyst.get('/questionnaires/skr-2026/download.yaml')).body
    .replace(/^id: skr-2026$/m, 'id: skr-2028')
    .replace(/^year: 2026$/m, 'year: 2028');
  await analyst.get('/questionnaires/upload');
  assert.equal(
    (await upload(analyst, 'skr-2028.yaml', Buffer.from(yaml.replace('previous: skr-2023', 'previous: skr-2026'))))
      .statusCode,
    422,
    'comparability must match the previous version',
  );
  assert.equal((await upload(analyst, 'skr-2028.yaml', Buffer.from(yaml))).statusCode, 303);
  const reworded = yaml.replace('Informationssäkerhet i kommuner och regioner 2026', 'Informationssäkerhet 2028');
  assert.equal((await upload(analyst, 'skr-2028.yaml', Buffer.from(reworded))).statusCode, 303);
  assert.equal((await findQuestionnaireVersion(db, 'skr-2028')).title.sv, 'Informationssäkerhet 2028');

  await createImportedRound(db, testApp.clock, {
    label: '2028',
    versions: { kommun: 'skr-2028', region: null },
    organisationCodes: ['2584'],
    actor: { userId: null, label: 'test' },
  });
  const refused = await upload(analyst, 'skr-2028.yaml', Buffer.from(yaml));
  assert.equal(refused.statusCode, 409);
  assert.match(refused.body, /Versionen skr-2028 används redan i en omgång och kan inte ändras/);
  assert.equal((await findQuestionnaireVersion(db, 'skr-2028')).title.sv, 'Informationssäkerhet 2028');
  const shipped = await upload(
    analyst,
    'skr-2023.yaml',
    Buffer.from((await analyst.get('/questionnaires/skr-2023/download.yaml')).body),
  );
  assert.equal(shipped.statusCode, 409);
  assert.match(shipped.body, /Versionen skr-2023 levereras med Lägesbild/);
  assert.match((await analyst.get('/questionnaires')).body, /används i en omgång/);

  const events = await findAuditEvents(db, { subjectId: 'skr-2028' }, { limit: 10 });
  assert.deepEqual(events.map((event) => event.action).sort(), [
    'questionnaire.version_replaced',
    'questionnaire.version_uploaded',
  ]);
});

test('uploading needs a coordinator and the CSRF token; a YAML error names the line', async () => {
  await respondent.get('/my');
  assert.equal((await upload(respondent, 'x.yaml', Buffer.from('id: x'))).statusCode, 403);
  assert.equal((await upload(analyst, 'x.yaml', Buffer.from('id: x'), 'wrong-token')).statusCode, 403);
  const broken = await upload(
    analyst,
    'broken.yaml',
    Buffer.from('id: skr-2030\ntitle: {sv: a, en: b}\nyear: 2030\ntargets: [kommun]\nsections: []\n'),
  );
  assert.equal(broken.statusCode, 422);
  assert.match(
    broken.body,
    /<strong>Rad 5, kolumn 1: <\/strong><code>sections<\/code> ska innehålla minst 1, men innehåller 0/,
  );
  // The rejected text comes back in a text area; corrected there, it is accepted without choosing the file again.
  assert.match(broken.body, /<textarea id="content" name="content"[^>]*>id: skr-2030\ntitle: \{sv: a, en: b\}/);
  assert.match(broken.body, /name="fileName" value="broken\.yaml"/);
  const corrected = (await analyst.get('/questionnaires/skr-2026/download.yaml')).body.replace(
    /^id: skr-2026$/m,
    'id: skr-2030',
  );
  const resent = await upload(analyst, '', Buffer.alloc(0), undefined, {
    fields: { content: corrected, fileName: 'broken.yaml' },
  });
  assert.equal(resent.statusCode, 303, resent.body.slice(0, 1500));
  assert.equal((await findQuestionnaireVersion(testApp.database.db, 'skr-2030')).id, 'skr-2030');
  assert.equal((await upload(analyst, 'empty.yaml', Buffer.alloc(0))).statusCode, 422);
});

test('lagesbild questionnaire import FILE adds a version, and reports errors with exit code 1', async () => {
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const folder = mkdtempSync(join(tmpdir(), 'questionnaire-import-'));
  const yaml = (await analyst.get('/questionnaires/skr-2026/download.yaml')).body.replace(
    /^id: skr-2026$/m,
    'id: skr-2029',
  );
  writeFileSync(join(folder, 'skr-2029.yaml'), yaml);
  writeFileSync(join(folder, 'bad.yaml'), 'id: [');
  const lines: string[] = [];
  const output = { out: (line: string) => lines.push(line), err: (line: string) => lines.push(line) };
  const config = testApp.database.config;
  const environment = {
    DATABASE_URL: config.dialect === 'sqlite' ? `sqlite:${config.file}` : config.url,
    SESSION_SECRET: 'a-session-secret-that-is-long-enough-123',
    LOG_LEVEL: 'silent',
  };
  const code = await runCli(['questionnaire', 'import', join(folder, 'skr-2029.yaml')], output, environment);
  assert.equal(code, 0, lines.join('\n'));
  assert.match(lines.join('\n'), /Added questionnaire version skr-2029/);
  assert.equal((await findQuestionnaireVersion(testApp.database.db, 'skr-2029')).id, 'skr-2029');
  assert.equal(await runCli(['questionnaire', 'import', join(folder, 'bad.yaml')], output, environment), 1);
  assert.match(lines.join('\n'), /bad\.yaml:1:\d+/);
});
