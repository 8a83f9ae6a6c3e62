/**
 * Finding 8: a purge erases the people of a closed round from every table, from the audit log (whose chain still
 * verifies) and, on SQLite, from the database files (main file and write-ahead log).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { deactivateUser } from '../../src/accounts/access.service.ts';
import { findUserByEmail, grantUserRole } from '../../src/accounts/accounts.service.ts';
import { findAuditEvents, recordAuditEvent } from '../../src/audit/audit.service.ts';
import { createFixedClock } from '../../src/clock.ts';
import { ensureOrganisationRegistry } from '../../src/organisations/organisations.service.ts';
import { eraseExpiredRoundData } from '../../src/privacy/retention.service.ts';
import { submitSyntheticResponses } from '../../src/reports/report.fixtures.ts';
import { findResponse } from '../../src/responses/responses.service.ts';
import { listReviewSteps, reviewResponse } from '../../src/responses/review.service.ts';
import { openRound } from '../../src/rounds/invitations.service.ts';
import { createRoundWithContacts, insertTestResponse } from '../../src/rounds/rounds.fixtures.ts';
import { closeRound, updateContact } from '../../src/rounds/rounds.service.ts';
import { createTestDatabase, type TestDatabase } from '../database.ts';
import { runCommand } from './cli-helpers.ts';

const clock = createFixedClock(new Date('2026-03-02T08:00:00Z'));
const coordinator = { userId: null, label: 'samordnare@msb.se' };
// Only the purged round holds these two; the shared contact is also a contact of a round still open.
// The fourth is Stockholm's second contact, kept apart from the first (round_further_contacts).
const purged = [
  'anna.purgesson@stockholm.se',
  'bertil.byte@goteborg.se',
  'ersatt.forst@goteborg.se',
  'andra.kontakten@stockholm.se',
];
const purgedName = 'Anna Purgesson';
const shared = 'delad.kontakt@uppsala.se';
let database: TestDatabase;
let keptRoundId = '';
let oldRoundId = '';

/** Every text in every table, as one string per table: what a reader of the database could find. */
async function dumpTables(): Promise<Map<string, string>> {
  const tables =
    database.dialect === 'postgres'
      ? await sql<{ name: string }>`select table_name as name from information_schema.tables
          where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(database.db)
      : await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(database.db);
  const dump = new Map<string, string>();
  for (const { name } of tables.rows) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(database.db);
    dump.set(
      name,
      JSON.stringify(rows.rows, (_key, value) => (Buffer.isBuffer(value) ? value.toString('latin1') : value)),
    );
  }
  return dump;
}

function tablesNaming(dump: Map<string, string>, text: string): string[] {
  return [...dump].filter(([, rows]) => rows.toLowerCase().includes(text.toLowerCase())).map(([name]) => name);
}

before(async () => {
  database = await createTestDatabase();
  await ensureOrganisationRegistry(database.db, clock);
  const old = await createRoundWithContacts(database.db, clock, {
    label: 'purge-2026',
    csv: `organisation,name,email\n0180,${purgedName},${purged[0]}\n0180,Andra Kontakten,${purged[3]}\n1480,Ersatt Först,${purged[2]}\n0380,Delad Kontakt,${shared}\n`,
  });
  ({ id: keptRoundId } = await createRoundWithContacts(database.db, clock, {
    label: 'kept-2026',
    csv: `organisation,name,email\n0380,Delad Kontakt,${shared}\n`,
  }));
  oldRoundId = old.id;
  await openRound(database.db, clock, { roundId: old.id, baseUrl: 'http://localhost', actor: coordinator });
  // A contact replaced after the invitations went out: the old and the new address are both the round's.
  await updateContact(database.db, clock, {
    roundId: old.id,
    organisationCode: '1480',
    name: 'Bertil Byte',
    email: purged[1] ?? '',
    actor: coordinator,
  });
  // The invited person acts under their own address (the actor label of a signed-in person).
  const anna = await findUserByEmail(database.db, purged[0] ?? '');
  assert.ok(anna, 'the invitation created an account');
  // She answers and submits Stockholm's response through the form's services.
  const submitted = await submitSyntheticResponses(database.db, clock, {
    roundId: old.id,
    organisationCodes: ['0180'],
    actor: { userId: anna.id, label: purged[0] ?? '' },
  });
  assert.deepEqual(submitted, ['0180']);
  await recordAuditEvent(database.db, clock, {
    actor: { userId: anna.id, label: purged[0] ?? '' },
    action: 'response.saved',
    subjectType: 'response',
    subjectId: 'r-0180',
    details: { organisationCode: '0180' },
  });
  await closeRound(database.db, clock, { roundId: old.id, actor: coordinator });
});
after(async () => {
  await database.drop();
});

test('before the purge the round’s people are in the tables (the check below can fail)', async () => {
  const dump = await dumpTables();
  for (const address of purged) assert.notDeepEqual(tablesNaming(dump, address), [], address);
  // The audit chain itself names people only by reference; the addresses sit in audit_persons, outside it.
  assert.deepEqual(tablesNaming(dump, purged[0] ?? '').sort(), [
    'audit_persons',
    'mail_outbox',
    'round_organisations',
    'users',
  ]);
  assert.equal((dump.get('audit_events') ?? '').includes('@'), false, 'no address inside the hash chain');
  assert.ok(tablesNaming(dump, purged[3] ?? '').includes('round_further_contacts'));
  // The response names its submitter by account, and reads her address from there.
  const response = await findResponse(database.db, oldRoundId, '0180');
  assert.equal(response?.submittedBy, purged[0]);
  assert.equal(response?.submitterId, (await findUserByEmail(database.db, purged[0] ?? ''))?.id);
});

test('purge-contacts erases the round’s people everywhere, keeps the shared contact, and the chain verifies', async () => {
  const run = await runCommand(database, ['privacy', 'purge-contacts', '--round', 'purge-2026']);
  assert.equal(run.code, 0, run.err);
  assert.match(run.out, /of 3 organisations in round "purge-2026", \d+ mails and 3 accounts/);
  const dump = await dumpTables();
  for (const text of [...purged, purgedName]) assert.deepEqual(tablesNaming(dump, text), [], text);
  assert.ok(await findUserByEmail(database.db, shared), 'the contact of a round still open keeps their account');
  assert.notDeepEqual(tablesNaming(dump, shared), []);
  // The events that named Anna still stand, naming a reference that leads nowhere now.
  // The submitted response stays, submitted by nobody who can be named.
  const response = await findResponse(database.db, oldRoundId, '0180');
  assert.deepEqual([response?.status, response?.submitterId, response?.submittedBy], ['submitted', null, null]);
  const saved = await findAuditEvents(database.db, { action: 'response.saved' }, { limit: 1 });
  assert.match(saved[0]?.actorLabel ?? '', /^\[person:[0-9a-f]{24}\]$/);
  const verify = await runCommand(database, ['audit', 'verify']);
  assert.equal(verify.code, 0, verify.out + verify.err);
  assert.match(verify.out, /intact/i);
});

test('on SQLite the erased addresses are in neither the database file nor its write-ahead log', async (t) => {
  if (database.config.dialect !== 'sqlite') {
    t.diagnostic('PostgreSQL: the tables are checked above; its files are not ours to read (see README)');
    return;
  }
  const secureDelete = await sql<{ secure_delete: number }>`pragma secure_delete`.execute(database.db);
  assert.equal(secureDelete.rows[0]?.secure_delete, 1);
  const files = [database.config.file, `${database.config.file}-wal`].filter((file) => existsSync(file));
  assert.ok(files.length >= 1);
  for (const file of files) {
    const bytes = readFileSync(file).toString('latin1');
    for (const text of [...purged, purgedName]) assert.equal(bytes.includes(text), false, `${text} in ${file}`);
    // The shared contact is still there, so the search itself works on these files.
    if (file === database.config.file) assert.equal(bytes.includes(shared), true);
  }
});

test('retention deletes accounts deactivated longer than the retention period, with their audit address', async () => {
  // Another administrator stays, so that this one may be deactivated.
  await grantUserRole(database.db, clock, {
    email: 'kvar.samordnare@msb.se',
    grant: { kind: 'global', role: 'administrator' },
    actor: coordinator,
  });
  const user = await grantUserRole(database.db, clock, {
    email: 'avslutad.samordnare@msb.se',
    grant: { kind: 'global', role: 'administrator' },
    actor: coordinator,
  });
  // A response the coordinator reviewed: the review step names them by account, never by address.
  await insertTestResponse(database.db, {
    roundId: keptRoundId,
    organisationCode: '0380',
    status: 'submitted',
    at: '2026-03-01T10:00:00Z',
  });
  const review = { roundId: keptRoundId, organisationCode: '0380' };
  await reviewResponse(database.db, clock, {
    ...review,
    decision: 'reviewed',
    comment: '',
    baseUrl: 'http://localhost',
    language: 'sv',
    actor: { userId: user.id, label: user.email },
  });
  assert.equal((await listReviewSteps(database.db, review))[0]?.reviewer, user.email);
  assert.deepEqual(tablesNaming(await dumpTables(), user.email).sort(), ['audit_persons', 'users']);
  await deactivateUser(database.db, clock, { userId: user.id, actor: coordinator });
  const soon = createFixedClock(new Date('2026-04-02T08:00:00Z'));
  await eraseExpiredRoundData(database.db, soon, { userId: null, label: 'test' });
  assert.ok(await findUserByEmail(database.db, user.email), 'kept within the retention period');
  const later = createFixedClock(new Date('2028-04-02T08:00:00Z'));
  await eraseExpiredRoundData(database.db, later, { userId: null, label: 'test' });
  assert.equal(await findUserByEmail(database.db, user.email), undefined);
  assert.deepEqual(tablesNaming(await dumpTables(), user.email), []);
  const [step] = await listReviewSteps(database.db, review);
  assert.equal(step?.decision, 'reviewed', 'the review step stands');
  assert.equal(step?.reviewer, null, 'naming nobody now');
  const verify = await runCommand(database, ['audit', 'verify']);
  assert.equal(verify.code, 0, verify.out + verify.err);
});
