import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../test/database.ts';
import { recordSampleAuditEvents } from '../../test/factories.ts';
import { createFixedClock } from '../clock.ts';
import { findAuditEvents, recordAuditEvent, verifyAuditLog } from './audit.service.ts';

const clock = createFixedClock(new Date('2026-02-01T09:00:00Z'));
let database: TestDatabase;
before(async () => {
  database = await createTestDatabase();
  await recordSampleAuditEvents(database.db, clock, 5);
});
after(async () => {
  await database.drop();
});

test('an untouched chain verifies', async () => {
  assert.deepEqual(await verifyAuditLog(database.db), { isIntact: true, eventCount: 5 });
  const newest = await findAuditEvents(database.db, { subjectType: 'response' }, { limit: 2 });
  assert.deepEqual(
    newest.map((event) => event.subjectId),
    ['r5', 'r4'],
  );
});

test('concurrent writers still form one chain', async () => {
  await Promise.all(
    Array.from({ length: 8 }, (_, index) =>
      database.db.transaction().execute((trx) =>
        recordAuditEvent(trx, clock, {
          actor: { userId: null, label: 'parallel' },
          action: 'x',
          subjectType: 't',
          subjectId: String(index),
        }),
      ),
    ),
  );
  assert.deepEqual(await verifyAuditLog(database.db), { isIntact: true, eventCount: 13 });
});

test('an altered event is found at its sequence number', async () => {
  await database.db.updateTable('audit_events').set({ details: '{"value":99}' }).where('sequence', '=', 3).execute();
  assert.deepEqual(await verifyAuditLog(database.db), {
    isIntact: false,
    eventCount: 2,
    firstBrokenSequence: 3,
    problem: 'altered',
    detail: 'event 3 is altered',
  });
});

test('a deleted event is reported as missing', async () => {
  await database.db.updateTable('audit_events').set({ details: '{"value":3}' }).where('sequence', '=', 3).execute();
  assert.equal((await verifyAuditLog(database.db)).isIntact, true);
  await database.db.deleteFrom('audit_events').where('sequence', '=', 4).execute();
  assert.deepEqual(await verifyAuditLog(database.db), {
    isIntact: false,
    eventCount: 3,
    firstBrokenSequence: 4,
    problem: 'missing',
    detail: 'event 4 is missing',
  });
});
