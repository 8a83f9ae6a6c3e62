import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Migrator, sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../test/database.ts';
import { FolderMigrationProvider, migrateToLatest } from './migrator.ts';

// The outbox replaces mail_log: an installation that has sent mail keeps its history, and a reminder claimed by a
// process that died before sending (a `pending` row) is given back to the reminder pass.

let database: TestDatabase;
before(async () => {
  database = await createTestDatabase({ isMigrated: false });
});
after(async () => database.drop());

test('migrating moves mail_log’s sent and failed mail into the outbox and drops the pending claims', async () => {
  const migrator = new Migrator({ db: database.db, provider: new FolderMigrationProvider() });
  const before = await migrator.migrateTo('20261129_2200_audit-chain-head');
  assert.equal(before.error, undefined);
  // The organisation as the schema of that time holds it (today's registry code writes audit events in today's form).
  await sql`insert into organisations (code, name, type, county_code, county_name, municipality_group, is_active,
    replaced_by, updated_at) values ('0180', 'Stockholm', 'kommun', '01', 'Stockholms län', null, 1, null,
    '2026-01-01T00:00:00.000Z')`.execute(database.db);
  const at = '2026-03-01T08:00:00.000Z';
  await database.db
    .insertInto('rounds')
    .values({
      id: 'r1',
      label: '2026',
      status: 'open',
      source: 'fieldwork',
      kommun_version: 'skr-2023',
      region_version: null,
      opens_at: at,
      closes_at: '2026-03-31T21:59:00.000Z',
      reminder_days: '[7]',
      published_at: null,
      embargo_until: null,
      created_at: at,
      updated_at: at,
    })
    .execute();
  await database.db
    .insertInto('round_organisations')
    .values({
      round_id: 'r1',
      organisation_code: '0180',
      contact_name: 'Åsa',
      contact_email: 'asa@stockholm.se',
      reopened_until: null,
      invited_at: at,
    })
    .execute();
  // mail_log is gone from the application's types: these rows go into the table as the earlier migration made it.
  const old = (id: string, slot: string, status: string, error: string | null) =>
    sql`insert into mail_log (id, kind, round_id, organisation_code, slot, recipient, status, error, created_at,
      created_by, sent_at) values (${id}, ${slot.startsWith('days') ? 'reminder' : 'invitation'}, 'r1', '0180',
      ${slot}, 'asa@stockholm.se', ${status}, ${error}, ${at}, null, ${status === 'sent' ? at : null})`.execute(
      database.db,
    );
  await old('m1', 'invitation:asa@stockholm.se', 'sent', null);
  await old('m2', 'days:14', 'failed', 'Connection timeout');
  await old('m3', 'days:7', 'pending', null);

  await migrateToLatest(database.db);
  const rows = await database.db
    .selectFrom('mail_outbox')
    .select(['id', 'kind', 'slot', 'status', 'last_error', 'sent_at', 'recipient', 'round_id', 'organisation_code'])
    .orderBy('id')
    .execute();
  assert.deepEqual(rows, [
    {
      id: 'm1',
      kind: 'invitation',
      slot: 'invitation:asa@stockholm.se',
      status: 'sent',
      last_error: null,
      sent_at: at,
      recipient: 'asa@stockholm.se',
      round_id: 'r1',
      organisation_code: '0180',
    },
    {
      id: 'm2',
      kind: 'reminder',
      slot: 'days:14',
      status: 'failed',
      last_error: 'Connection timeout',
      sent_at: null,
      recipient: 'asa@stockholm.se',
      round_id: 'r1',
      organisation_code: '0180',
    },
  ]);
  const contact = await database.db.selectFrom('round_organisations').select('contact_language').executeTakeFirst();
  assert.deepEqual(contact, { contact_language: 'sv' }, 'an existing contact gets Swedish mail');
  await assert.rejects(sql`select id from mail_log`.execute(database.db));
});
