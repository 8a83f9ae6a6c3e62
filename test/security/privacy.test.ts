import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { findAuditEvents } from '../../src/audit/audit.service.ts';
import { createFixedClock } from '../../src/clock.ts';
import { queueMail } from '../../src/mail/outbox.service.ts';
import { ensureOrganisationRegistry } from '../../src/organisations/organisations.service.ts';
import { createTestDatabase, type TestDatabase } from '../database.ts';
import { runCommand } from './cli-helpers.ts';

const clock = createFixedClock(new Date('2026-03-01T08:00:00Z'));
let database: TestDatabase;
const now = '2026-03-01T08:00:00.000Z';

async function insertRound(id: string, label: string, status: 'draft' | 'open' | 'closed'): Promise<void> {
  await database.db
    .insertInto('rounds')
    .values({
      id,
      label,
      status,
      source: 'fieldwork',
      kommun_version: null,
      region_version: null,
      opens_at: null,
      closes_at: null,
      reminder_days: '[14,7,2]',
      published_at: null,
      embargo_until: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  for (const code of ['0180', '1480']) {
    await database.db
      .insertInto('round_organisations')
      .values({
        round_id: id,
        organisation_code: code,
        contact_name: `Kontakt ${code}`,
        contact_email: `kontakt-${code}@kommun.se`,
        reopened_until: null,
        invited_at: now,
      })
      .execute();
  }
  await database.db
    .insertInto('responses')
    .values({
      id: `${id}-0180`,
      round_id: id,
      organisation_code: '0180',
      version_id: 'skr-2023',
      status: 'submitted',
      created_at: now,
      updated_at: now,
      submitted_at: now,
      submitter_id: null,
    })
    .execute();
  await database.db
    .insertInto('answers')
    .values({
      response_id: `${id}-0180`,
      question_key: 'q1',
      value: '"yes"',
      revision: 1,
      updated_at: now,
      updated_by: null,
    })
    .execute();
}

async function contactsOf(roundId: string) {
  return database.db
    .selectFrom('round_organisations')
    .select(['organisation_code', 'contact_name', 'contact_email'])
    .where('round_id', '=', roundId)
    .orderBy('organisation_code')
    .execute();
}

before(async () => {
  database = await createTestDatabase();
  await ensureOrganisationRegistry(database.db, clock);
  await insertRound('round-2025', 'Lägesbild 2025', 'closed');
  await insertRound('round-2026', 'Lägesbild 2026', 'open');
  for (const [roundId, slot] of [
    ['round-2025', 'invitation:kontakt-0180@kommun.se'],
    ['round-2025', 'days:7'],
    ['round-2026', 'invitation:kontakt-0180@kommun.se'],
  ] as const) {
    await queueMail(database.db, clock, {
      kind: slot.startsWith('days') ? 'reminder' : 'invitation',
      to: 'kontakt-0180@kommun.se',
      content: { subject: 'Inbjudan', text: 'Hej Kontakt 0180', html: '<p>Hej Kontakt 0180</p>' },
      roundId,
      organisationCode: '0180',
      slot,
      createdBy: null,
    });
  }
});
after(async () => {
  await database.drop();
});

test('purge-contacts removes a closed round’s contacts, keeps its answers and is audited', async () => {
  const run = await runCommand(database, ['privacy', 'purge-contacts', '--round', 'Lägesbild 2025']);
  assert.equal(run.code, 0, run.err);
  assert.match(run.out, /of 2 organisations in round "Lägesbild 2025", 2 mails and 0 accounts/);
  assert.deepEqual(await contactsOf('round-2025'), [
    { organisation_code: '0180', contact_name: null, contact_email: null },
    { organisation_code: '1480', contact_name: null, contact_email: null },
  ]);
  const answers = await database.db
    .selectFrom('answers')
    .selectAll()
    .where('response_id', '=', 'round-2025-0180')
    .execute();
  assert.equal(answers.length, 1);
  assert.equal((await database.db.selectFrom('responses').select('id').execute()).length, 2);
  const [event] = await findAuditEvents(database.db, { action: 'round.contacts_purged' }, { limit: 5 });
  assert.deepEqual(event?.details, { label: 'Lägesbild 2025', contacts: 2, mails: 2, accounts: 0 });
  // The purged round's mail is gone with its addresses and content; the open round's is untouched.
  const mails = await database.db.selectFrom('mail_outbox').select(['round_id', 'slot', 'recipient']).execute();
  assert.deepEqual(mails, [
    { round_id: 'round-2026', slot: 'invitation:kontakt-0180@kommun.se', recipient: 'kontakt-0180@kommun.se' },
  ]);
  assert.equal(event?.subjectId, 'round-2025');
  // The other round's contacts are untouched.
  assert.equal((await contactsOf('round-2026'))[0]?.contact_email, 'kontakt-0180@kommun.se');
});

test('purge-contacts refuses an open round and an unknown label', async () => {
  const open = await runCommand(database, ['privacy', 'purge-contacts', '--round', 'Lägesbild 2026']);
  assert.equal(open.code, 1);
  assert.match(open.err, /is open; contacts can be removed only once it is closed/);
  assert.equal((await contactsOf('round-2026'))[1]?.contact_name, 'Kontakt 1480');
  const unknown = await runCommand(database, ['privacy', 'purge-contacts', '--round', 'Lägesbild 1999']);
  assert.equal(unknown.code, 1);
  assert.match(unknown.err, /No round is labelled/);
  assert.equal((await runCommand(database, ['privacy', 'purge-contacts'])).code, 2);
});
