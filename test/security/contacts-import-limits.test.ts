import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { listRoundOrganisations } from '../../src/rounds/rounds.service.ts';
import { buildTestApp, signIn, type TestApp, type TestVisitor } from '../app.ts';
import { zipBomb } from '../zip-bomb.ts';

// Finding 12: the contacts import is limited as the responses import is: read as a stream, strictly UTF-8 (a Latin-1
// file is refused naming its first bad line instead of being stored garbled), and stopped at the first row past the
// round's invited organisations, however long the file.

let testApp: TestApp;
let admin: TestVisitor;
let roundId: string;

before(async () => {
  testApp = await buildTestApp({ environment: { IMPORT_MAX_XLSX_MB: '20' } });
  admin = await signIn(testApp, 'admin@skr.se', { kind: 'global', role: 'administrator' });
  const created = await admin.post('/rounds', {
    label: 'Kontakter-2026',
    population: 'list',
    organisationCodes: '0180 1480',
    kommunVersion: 'skr-2023',
    regionVersion: 'skr-2023',
    opensAt: '2026-03-01T09:00',
    closesAt: '2026-03-31T23:59',
    reminderDays: '7',
  });
  assert.equal(created.statusCode, 303, created.body.slice(0, 300));
  roundId = (created.headers.location ?? '').replace('/rounds/', '');
});
after(async () => {
  await testApp.close();
});

async function storedContacts() {
  return (await listRoundOrganisations(testApp.database.db, roundId)).map((row) => row.contactName);
}

async function postCsvFile(bytes: Buffer) {
  return testApp.app.inject({
    method: 'POST',
    url: `/api/rounds/${roundId}/contacts`,
    payload: bytes,
    headers: { cookie: admin.cookies, 'content-type': 'text/csv', 'x-csrf-token': admin.csrfToken },
  });
}

test('a Latin-1 contacts file is refused with its first bad line, and nothing is stored', async () => {
  const latin1 = Buffer.from(
    'organisation,name,email\n0180,Anna Berg,anna@stockholm.se\n1480,Åsa Öberg,asa@goteborg.se\n',
    'latin1',
  );
  const response = await postCsvFile(latin1);
  assert.equal(response.statusCode, 422, response.body);
  assert.match(response.body, /line 3/);
  assert.match(response.body, /not_utf8: 0xc5/);
  assert.deepEqual(await storedContacts(), [null, null]);
  // The same file in UTF-8 is read, å and ö intact.
  const utf8 = await postCsvFile(Buffer.from(latin1.toString('latin1'), 'utf8'));
  assert.equal(utf8.statusCode, 200, utf8.body);
  assert.deepEqual((await storedContacts()).sort(), ['Anna Berg', 'Åsa Öberg']);
});

test('reading stops at the first row past five contacts per invited organisation, named in words on the page', async () => {
  // Rows 4 to 11 are each a problem of their own (not invited); the reader stops at row 12 and says only that.
  const extra = Array.from({ length: 3000 }, (_, index) => `9${String(index).padStart(3, '0')},X,x${index}@example.se`);
  const csv = ['organisation,name,email', '0180,Bo Ny,bo@stockholm.se', '1480,Cia Ny,cia@goteborg.se', ...extra].join(
    '\n',
  );
  const sv = await admin.post(`/rounds/${roundId}/contacts`, { csv });
  assert.equal(sv.statusCode, 422);
  assert.match(
    sv.body,
    /Filen har fler rader än fem kontaktpersoner för var och en av omgångens 2 inbjudna organisationer\. Inläsningen avbröts på rad 12\./,
  );
  assert.doesNotMatch(sv.body, /är inte inbjuden/);
  const en = await admin.post(`/rounds/${roundId}/contacts?lang=en`, { csv });
  assert.match(
    en.body,
    /The file has more rows than five contact persons for each of the round’s 2 invited organisations\. Reading stopped at line 12\./,
  );
  assert.deepEqual((await storedContacts()).sort(), ['Anna Berg', 'Åsa Öberg']);
});

test('an XLSX contacts file that unpacks beyond IMPORT_MAX_XLSX_MB is refused before exceljs reads it', async () => {
  await admin.get(`/rounds/${roundId}`);
  const before = await storedContacts();
  const post = (content: Buffer) => {
    const boundary = '----lagesbild-bomb';
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${admin.csrfToken}\r\n`),
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="kontakter.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      content,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return testApp.app.inject({
      method: 'POST',
      url: `/rounds/${roundId}/contacts`,
      payload,
      headers: { cookie: admin.cookies, 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
  };
  // Honest about its size: refused from the ZIP directory, nothing unpacked.
  const honest = await post(zipBomb(200 * 1024 * 1024));
  assert.equal(honest.statusCode, 422);
  assert.match(honest.body, /packas upp till minst [0-9.]+ MB, mer än gränsen 20 MB \(IMPORT_MAX_XLSX_MB\)/);
  // Lying about its size: unpacked (and thrown away) only up to the limit, then refused.
  const lying = await post(zipBomb(200 * 1024 * 1024, 2048));
  assert.equal(lying.statusCode, 422);
  assert.match(lying.body, /packas upp till mer än gränsen 20 MB \(IMPORT_MAX_XLSX_MB\), fast den uppger mindre/);
  assert.deepEqual(await storedContacts(), before);
});
