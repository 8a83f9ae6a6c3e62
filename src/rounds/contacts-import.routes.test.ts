import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import ExcelJS from 'exceljs';
import { buildTestApp, signIn, type TestApp, type TestVisitor } from '../../test/app.ts';
import { createOpenRound } from '../../test/factories.ts';

let testApp: TestApp;
let admin: TestVisitor;

before(async () => {
  testApp = await buildTestApp();
  admin = await signIn(testApp, 'samordnare@skr.se', { kind: 'global', role: 'administrator' });
});
after(async () => {
  await testApp.close();
});

/** Posts the contacts form as a browser does: multipart, with a file and the form's other fields. */
async function postContacts(
  roundId: string,
  fields: Record<string, string>,
  file?: { fileName: string; content: Buffer },
) {
  await admin.get(`/rounds/${roundId}`);
  const boundary = '----lagesbild-contacts-boundary';
  const parts: Buffer[] = Object.entries({ _csrf: admin.csrfToken, ...fields }).map(([name, value]) =>
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
  );
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      file.content,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return testApp.app.inject({
    method: 'POST',
    url: `/rounds/${roundId}/contacts`,
    payload: Buffer.concat(parts),
    headers: { cookie: admin.cookies, 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
}

async function contacts(roundId: string) {
  const rows = await testApp.database.db
    .selectFrom('round_organisations')
    .select(['organisation_code', 'contact_name', 'contact_email', 'contact_language'])
    .where('round_id', '=', roundId)
    .where('contact_email', 'is not', null)
    .orderBy('organisation_code')
    .execute();
  return rows.map((row) => [row.organisation_code, row.contact_name, row.contact_email, row.contact_language]);
}

test('a semicolon CSV with Swedish headers is previewed, nothing saved, then saved exactly as previewed', async () => {
  const roundId = await createOpenRound(testApp.database.db, {
    status: 'draft',
    organisations: [{ code: '0180', contactEmail: 'gammal@stockholm.se' }, { code: '1280' }, { code: '01' }],
  });
  await testApp.database.db
    .updateTable('round_organisations')
    .set({ contact_name: 'Gammal' })
    .where('round_id', '=', roundId)
    .execute();
  const file = Buffer.from(
    '\uFEFFKommunkod;Namn;E-post;Språk\r\n0180;Åsa Öberg;asa@stockholm.se;\r\n1280;"Malin Lund; CISO";malin@malmo.se;en\r\n',
  );
  const preview = await postContacts(
    roundId,
    { intent: 'preview', csv: '' },
    { fileName: 'kontakter.csv', content: file },
  );
  assert.equal(preview.statusCode, 200, preview.body.slice(0, 500));
  assert.match(preview.body, /Filen har 2 kontaktpersoner, varav 2 nya eller ändrade\. Inget är sparat än\./);
  assert.match(preview.body, /Stockholm \(0180\)<\/th><td>Ändras<\/td><td>Gammal &lt;gammal@stockholm\.se><\/td>/);
  assert.match(preview.body, /Malmö \(1280\)<\/th><td>Ny kontaktperson<\/td><td>–<\/td>/);
  assert.deepEqual(await contacts(roundId), [['0180', 'Gammal', 'gammal@stockholm.se', 'sv']], 'nothing saved');

  const hidden = /<input type="hidden" name="csv" value="([^"]*)"/.exec(preview.body)?.[1];
  assert.ok(hidden);
  const csv = hidden.replaceAll('&quot;', '"').replaceAll('&amp;', '&');
  const saved = await postContacts(roundId, { intent: 'save', csv });
  assert.equal(saved.statusCode, 200);
  assert.match(saved.body, /2 kontaktpersoner är sparade\./);
  assert.deepEqual(await contacts(roundId), [
    ['0180', 'Åsa Öberg', 'asa@stockholm.se', 'sv'],
    ['1280', 'Malin Lund; CISO', 'malin@malmo.se', 'en'],
  ]);
});

test('an XLSX file is read, a code Excel stored as a number keeps its zero, an address cell is a link', async () => {
  const roundId = await createOpenRound(testApp.database.db, {
    status: 'draft',
    organisations: [{ code: '0180' }, { code: '2584' }],
  });
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Kontakter');
  sheet.addRow(['kommunkod', 'namn', 'e-post']);
  sheet.addRow([180, 'Åsa Öberg', { text: 'asa@stockholm.se', hyperlink: 'mailto:asa@stockholm.se' }]);
  sheet.addRow(['2584', 'Kim Nilsson', 'kim@kiruna.se']);
  const content = Buffer.from(await workbook.xlsx.writeBuffer());
  const saved = await postContacts(roundId, { intent: 'save', csv: '' }, { fileName: 'Kontakter.XLSX', content });
  assert.equal(saved.statusCode, 200, saved.body.slice(0, 500));
  assert.deepEqual(await contacts(roundId), [
    ['0180', 'Åsa Öberg', 'asa@stockholm.se', 'sv'],
    ['2584', 'Kim Nilsson', 'kim@kiruna.se', 'sv'],
  ]);

  const broken = await postContacts(
    roundId,
    { intent: 'preview', csv: '' },
    { fileName: 'trasig.xlsx', content: Buffer.from('not a workbook') },
  );
  assert.equal(broken.statusCode, 422);
  assert.match(broken.body, /Filen går inte att läsa som en Excel-fil \(\.xlsx\)\./);
});

test('a name in place of a code is answered with the code, keeping the text; an empty form says what to do', async () => {
  const roundId = await createOpenRound(testApp.database.db, {
    status: 'draft',
    organisations: [{ code: '2584' }, { code: '0180' }],
  });
  const csv = 'organisation,namn,e-post\nKiruna,Kim,kim@kiruna.se\n0180,Åsa,asa@stockholm.se\n';
  const refused = await postContacts(roundId, { intent: 'preview', csv });
  assert.equal(refused.statusCode, 422);
  assert.match(refused.body, /Rad 2: ”Kiruna” är ett namn\. Skriv organisationens kod i stället: 2584\./);
  assert.match(refused.body, /Kiruna,Kim,kim@kiruna\.se/, 'the pasted text is kept');
  assert.deepEqual(await contacts(roundId), []);

  const empty = await postContacts(roundId, { intent: 'preview', csv: '  ' });
  assert.equal(empty.statusCode, 422);
  assert.match(empty.body, /Välj en fil eller klistra in kontaktpersonerna\./);
});
