import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { buildTestApp, signIn, type TestApp, type TestVisitor } from '../../test/app.ts';
import { createOpenRound, updateRound } from '../../test/factories.ts';
import { findAuditEvents } from '../audit/audit.service.ts';
import { insertTestResponse } from './rounds.fixtures.ts';

let testApp: TestApp;
let admin: TestVisitor;
let analyst: TestVisitor;

before(async () => {
  testApp = await buildTestApp();
  admin = await signIn(testApp, 'samordnare@skr.se', { kind: 'global', role: 'administrator' });
  analyst = await signIn(testApp, 'analytiker@skr.se', { kind: 'global', role: 'analyst' });
});
after(async () => {
  await testApp.close();
});

/** A round of five: Stockholm submitted, Kiruna started, Vallentuna and Region Stockholm not started, Lund without contact. */
async function createFollowedRound(label: string): Promise<string> {
  const db = testApp.database.db;
  const roundId = await createOpenRound(db, {
    label,
    organisations: [
      { code: '0180', contactEmail: 'ciso@stockholm.se' },
      { code: '2584', contactEmail: 'ciso@kiruna.se' },
      { code: '0115', contactEmail: 'ciso@vallentuna.se' },
      { code: '01', contactEmail: 'ciso@regionstockholm.se' },
      { code: '1281' },
    ],
  });
  await db
    .updateTable('round_organisations')
    .set({ contact_name: '=Eva "CISO" Ek; kommunen' })
    .where('round_id', '=', roundId)
    .where('organisation_code', '=', '0115')
    .execute();
  await insertTestResponse(db, {
    roundId,
    organisationCode: '0180',
    status: 'submitted',
    at: '2026-02-20T09:30:00.000Z',
  });
  await insertTestResponse(db, {
    roundId,
    organisationCode: '2584',
    status: 'in_progress',
    at: '2026-02-21T12:05:00.000Z',
  });
  return roundId;
}

async function manualReminders(roundId: string): Promise<Array<[string | null, string]>> {
  const rows = await testApp.database.db
    .selectFrom('mail_outbox')
    .select(['organisation_code', 'recipient'])
    .where('round_id', '=', roundId)
    .where('kind', '=', 'manual-reminder')
    .orderBy('organisation_code')
    .execute();
  return rows.map((row) => [row.organisation_code, row.recipient]);
}

test('the status list reads back with csv-parse and exceljs, in Swedish, with names, Swedish time and no formulas', async () => {
  const roundId = await createFollowedRound('2026-status');
  const page = await analyst.get(`/rounds/${roundId}/follow-up`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /href="\/rounds\/[^"]+\/status\.csv">Ladda ner statuslistan \(CSV\)/);
  assert.match(page.body, /<th scope="row">A1 Storstäder<\/th>/, 'the kommungrupp is named');
  assert.doesNotMatch(page.body, /reminders\/not-submitted/, 'an analyst does not send mail');

  const expected = [
    [
      'Kod',
      'Organisation',
      'Typ',
      'Kommungrupp',
      'Län',
      'Kontaktperson',
      'Kontaktpersonens e-post',
      'Svarsläge',
      'Senast ändrat (svensk tid)',
      'Inskickat (svensk tid)',
      'Granskning',
      'Senaste utskick (svensk tid)',
    ],
    [
      '0115',
      'Vallentuna',
      'Kommun',
      'A2 Pendlingskommun nära storstad',
      'Stockholms län',
      '=Eva "CISO" Ek; kommunen',
      'ciso@vallentuna.se',
      'Inte påbörjat',
      '',
      '',
      '',
      'Inget utskick än',
    ],
    [
      '0180',
      'Stockholm',
      'Kommun',
      'A1 Storstäder',
      'Stockholms län',
      '',
      'ciso@stockholm.se',
      'Inskickat',
      '2026-02-20 10:30',
      '2026-02-20 10:30',
      'Väntar på granskning',
      'Inget utskick än',
    ],
    ['1281', 'Lund', 'Kommun', 'B3 Större stad', 'Skåne län', '', '', 'Inte påbörjat', '', '', '', 'Inget utskick än'],
    [
      '2584',
      'Kiruna',
      'Kommun',
      'C6 Mindre stad/tätort',
      'Norrbottens län',
      '',
      'ciso@kiruna.se',
      'Påbörjat',
      '2026-02-21 13:05',
      '',
      '',
      'Inget utskick än',
    ],
    [
      '01',
      'Region Stockholm',
      'Region',
      '',
      'Stockholms län',
      '',
      'ciso@regionstockholm.se',
      'Inte påbörjat',
      '',
      '',
      '',
      'Inget utskick än',
    ],
  ];

  const csv = await analyst.get(`/rounds/${roundId}/status.csv`);
  assert.equal(csv.statusCode, 200);
  assert.match(String(csv.headers['content-type']), /^text\/csv; charset=utf-8/);
  assert.match(String(csv.headers['content-disposition']), /filename="svarslage-2026-status\.csv"/);
  assert.ok(csv.body.startsWith('\uFEFFKod;Organisation;'), 'semicolons and a byte order mark, for Swedish Excel');
  const read: string[][] = parse(csv.body, { bom: true, delimiter: ';' });
  // The one formula-like cell comes back with its defusing apostrophe; everything else exactly as stored.
  assert.equal(read[1]?.[5], `'=Eva "CISO" Ek; kommunen`);
  assert.deepEqual(
    read.map((row, index) => (index === 1 ? row.map((cell, column) => (column === 5 ? cell.slice(1) : cell)) : row)),
    expected,
  );

  const xlsx = await analyst.get(`/rounds/${roundId}/status.xlsx`);
  assert.equal(xlsx.statusCode, 200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet('Svarsläge');
  assert.ok(sheet);
  const cells: string[][] = [];
  sheet.eachRow((row) => {
    cells.push(expected[0]?.map((_, index) => String(row.getCell(index + 1).value ?? '')) ?? []);
    row.eachCell((cell) => assert.notEqual(cell.type, ExcelJS.ValueType.Formula));
  });
  assert.deepEqual(cells, expected);

  const english = await analyst.get(`/rounds/${roundId}/status.csv?lang=en`);
  assert.ok(english.body.startsWith('\uFEFFCode;Organisation;Type;Municipality group;County;'));

  // The review state follows the coordinator's decision: reviewed, then sent back for completion.
  const reviewColumn = async (): Promise<string | undefined> => {
    const rows: string[][] = parse((await analyst.get(`/rounds/${roundId}/status.csv`)).body, {
      bom: true,
      delimiter: ';',
    });
    return rows.find((row) => row[0] === '0180')?.[10];
  };
  const overviewPath = `/answer/${roundId}/0180`;
  const reviewed = await admin.post(`${overviewPath}/review`, { decision: 'reviewed', comment: '' });
  assert.equal(reviewed.statusCode, 303, reviewed.body.slice(0, 300));
  assert.equal(await reviewColumn(), 'Granskat');
  testApp.clock.advance(60_000);
  const returned = await admin.post(`${overviewPath}/review`, { decision: 'returned', comment: 'Fråga 3 saknas.' });
  assert.equal(returned.statusCode, 303, returned.body.slice(0, 300));
  assert.equal(await reviewColumn(), 'Komplettering begärd');
});

test('"remind all who have not submitted" asks first, then reminds each one with a contact once, audited', async () => {
  const roundId = await createFollowedRound('2026-paminn');
  const page = await admin.get(`/rounds/${roundId}/follow-up`);
  assert.match(page.body, /<a class="button" href="\/rounds\/[^"]+\/reminders\/not-submitted">Påminn alla som inte/);

  const confirmation = await admin.get(`/rounds/${roundId}/reminders/not-submitted`);
  assert.equal(confirmation.statusCode, 200);
  assert.match(
    confirmation.body,
    /Organisationer som inte har lämnat in sitt svar: 4\. Av dem har 3 en kontaktperson, som får en påminnelse/,
  );
  assert.match(confirmation.body, /Utan kontaktperson: 1\./);
  assert.match(confirmation.body, /<button type="submit">Skicka påminnelserna<\/button>/);
  assert.deepEqual(await manualReminders(roundId), [], 'nothing is sent before confirming');

  const sent = await admin.post(`/rounds/${roundId}/reminders/not-submitted`, {});
  assert.equal(sent.statusCode, 303);
  assert.equal(sent.headers.location, `/rounds/${roundId}/follow-up?reminded=3&withoutContact=1`);
  const after = await admin.get(String(sent.headers.location));
  assert.match(after.body, /3 påminnelser skickas nu; 1 saknar kontaktperson\./);
  assert.deepEqual(await manualReminders(roundId), [
    ['01', 'ciso@regionstockholm.se'],
    ['0115', 'ciso@vallentuna.se'],
    ['2584', 'ciso@kiruna.se'],
  ]);
  // Read as the audit page reads it: the chain holds a reference, the address is put back from audit_persons.
  const audit = await findAuditEvents(
    testApp.database.db,
    { action: 'round.reminders_sent', subjectId: roundId },
    { limit: 10 },
  );
  assert.equal(audit.length, 1);
  assert.equal(audit[0]?.actorLabel, 'samordnare@skr.se');
  const details = audit[0]?.details as { scope?: string; organisations: string[] };
  assert.equal(details.scope, 'not_submitted');
  assert.deepEqual([...details.organisations].sort(), ['01', '0115', '2584']);
  await testApp.sendDueMail();
  const mail = testApp.sentMail.find((candidate) => candidate.to === 'ciso@kiruna.se');
  assert.match(mail?.subject ?? '', /^Påminnelse/);

  // Once everyone with a contact has submitted there is nobody to remind, and no button.
  const db = testApp.database.db;
  for (const code of ['0115', '01']) {
    await insertTestResponse(db, { roundId, organisationCode: code, status: 'submitted', at: '2026-02-25T10:00:00Z' });
  }
  await db
    .updateTable('responses')
    .set({ status: 'submitted', submitted_at: '2026-02-25T10:00:00Z' })
    .where('round_id', '=', roundId)
    .execute();
  const nobody = await admin.get(`/rounds/${roundId}/reminders/not-submitted`);
  assert.match(nobody.body, /Ingen att påminna/);
  assert.doesNotMatch(nobody.body, /Skicka påminnelserna/);

  // Only an administrator reminds, and only while the round is open.
  assert.equal((await analyst.get(`/rounds/${roundId}/reminders/not-submitted`)).statusCode, 403);
  assert.equal((await analyst.post(`/rounds/${roundId}/reminders/not-submitted`, {})).statusCode, 403);
  await updateRound(db, roundId, { status: 'closed' });
  assert.equal((await admin.post(`/rounds/${roundId}/reminders/not-submitted`, {})).statusCode, 409);
});
