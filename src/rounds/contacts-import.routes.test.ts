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
  assert.match(
    preview.body,
    /Filen har 2 kontaktpersoner för 2 organisationer; för 2 av organisationerna är kontaktpersonerna nya eller ändrade\. Inget är sparat än\./,
  );
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

test('several contacts of one organisation: previewed as a list, saved in order, each invited and reminded', async () => {
  const db = testApp.database.db;
  const roundId = await createOpenRound(db, {
    status: 'draft',
    organisations: [{ code: '0180', contactEmail: 'gammal@stockholm.se' }, { code: '1280' }, { code: '2584' }],
  });
  await db.updateTable('round_organisations').set({ contact_name: 'Gammal' }).where('round_id', '=', roundId).execute();
  const csv = [
    'kommunkod;namn;e-post',
    '0180;Åsa Öberg;asa@stockholm.se',
    '0180;Bo Berg;bo@stockholm.se',
    '1280;Malin Lund;malin@malmo.se',
    '0180;Cia Ceder;cia@stockholm.se',
  ].join('\n');
  const preview = await postContacts(roundId, { intent: 'preview', csv });
  assert.equal(preview.statusCode, 200, preview.body.slice(0, 500));
  assert.match(preview.body, /Filen har 4 kontaktpersoner för 2 organisationer; för 2 av organisationerna/);
  assert.match(
    preview.body,
    /Stockholm \(0180\)<\/th><td>Ändras<\/td><td>Gammal &lt;gammal@stockholm\.se><\/td><td><ul class="plain-list"><li>Åsa Öberg &lt;asa@stockholm\.se><\/li><li>Bo Berg &lt;bo@stockholm\.se><\/li><li>Cia Ceder &lt;cia@stockholm\.se><\/li><\/ul>/,
  );
  assert.match(preview.body, /<button type="submit" name="intent" value="save">Spara kontaktpersonerna \(4\)/);
  const further = () =>
    db
      .selectFrom('round_further_contacts')
      .select(['organisation_code', 'position', 'contact_email'])
      .where('round_id', '=', roundId)
      .orderBy('organisation_code')
      .orderBy('position')
      .execute();
  assert.deepEqual(await further(), [], 'nothing saved by the preview');

  const saved = await postContacts(roundId, { intent: 'save', csv });
  assert.equal(saved.statusCode, 200, saved.body.slice(0, 500));
  assert.deepEqual(await contacts(roundId), [
    ['0180', 'Åsa Öberg', 'asa@stockholm.se', 'sv'],
    ['1280', 'Malin Lund', 'malin@malmo.se', 'sv'],
  ]);
  assert.deepEqual(await further(), [
    { organisation_code: '0180', position: 1, contact_email: 'bo@stockholm.se' },
    { organisation_code: '0180', position: 2, contact_email: 'cia@stockholm.se' },
  ]);

  // The follow-up list names every contact of an organisation, not only the first.
  const followUp = await admin.get(`/rounds/${roundId}/follow-up`);
  assert.equal(followUp.statusCode, 200);
  assert.match(
    followUp.body,
    /<ul class="plain-list"><li>asa@stockholm\.se<\/li><li>bo@stockholm\.se<\/li><li>cia@stockholm\.se<\/li><\/ul>/,
  );

  // Opening the round invites every contact, and each becomes a respondent of the organisation.
  const opened = await admin.post(`/rounds/${roundId}/open`, {});
  assert.equal(opened.statusCode, 200, opened.body.slice(0, 300));
  const invited = await db
    .selectFrom('mail_outbox')
    .select(['organisation_code', 'recipient'])
    .where('round_id', '=', roundId)
    .where('kind', '=', 'invitation')
    .orderBy('recipient')
    .execute();
  assert.deepEqual(
    invited.map((row) => [row.organisation_code, row.recipient]),
    [
      ['0180', 'asa@stockholm.se'],
      ['0180', 'bo@stockholm.se'],
      ['0180', 'cia@stockholm.se'],
      ['1280', 'malin@malmo.se'],
    ],
  );
  const invitedAt = await db
    .selectFrom('round_further_contacts')
    .select('invited_at')
    .where('round_id', '=', roundId)
    .execute();
  assert.ok(invitedAt.every((row) => row.invited_at !== null));

  // The status list names every contact; reminding all reaches each of them, counting organisations.
  const status = await admin.get(`/rounds/${roundId}/status.csv`);
  assert.ok(
    status.body.includes(';Åsa Öberg, Bo Berg, Cia Ceder;asa@stockholm.se, bo@stockholm.se, cia@stockholm.se;'),
  );
  const confirmation = await admin.get(`/rounds/${roundId}/reminders/not-submitted`);
  assert.match(confirmation.body, /Organisationer som inte har lämnat in sitt svar: 3\. Av dem har 2 en kontaktperson/);
  const reminded = await admin.post(`/rounds/${roundId}/reminders/not-submitted`, {});
  assert.equal(reminded.statusCode, 303);
  const reminders = await db
    .selectFrom('mail_outbox')
    .select('recipient')
    .where('round_id', '=', roundId)
    .where('kind', '=', 'manual-reminder')
    .orderBy('recipient')
    .execute();
  assert.deepEqual(
    reminders.map((row) => row.recipient),
    ['asa@stockholm.se', 'bo@stockholm.se', 'cia@stockholm.se', 'malin@malmo.se'],
  );

  // A later file naming the organisation again replaces its contacts; an address kept is not invited anew.
  const again = await postContacts(roundId, {
    intent: 'save',
    csv: 'kommunkod;namn;e-post\n0180;Bo Berg;bo@stockholm.se\n0180;Dan Dal;dan@stockholm.se',
  });
  assert.equal(again.statusCode, 200, again.body.slice(0, 500));
  assert.deepEqual((await contacts(roundId))[0], ['0180', 'Bo Berg', 'bo@stockholm.se', 'sv']);
  assert.deepEqual(await further(), [{ organisation_code: '0180', position: 1, contact_email: 'dan@stockholm.se' }]);
  const firstRow = await db
    .selectFrom('round_organisations')
    .select('invited_at')
    .where('round_id', '=', roundId)
    .where('organisation_code', '=', '0180')
    .executeTakeFirstOrThrow();
  assert.notEqual(firstRow.invited_at, null, 'Bo was invited already');
});
