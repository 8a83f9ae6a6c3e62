import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestDatabase, type TestDatabase, testAuditKey, testDialect } from '../../test/database.ts';
import { recordSampleAuditEvents } from '../../test/factories.ts';
import { createFixedClock } from '../clock.ts';
import { openDatabase } from '../db/connection.ts';
import { findAuditEvents, recordAuditEvent, recordAuditEvents, verifyAuditLog } from './audit.service.ts';

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

test('concurrent batches (on PostgreSQL from two connection pools, as two instances) form one chain, each batch in consecutive places', async () => {
  // SQLite serves one process's writers through one connection; a second one in the same process would wait on the
  // first synchronously, so there the batches run concurrently on one handle.
  const other =
    testDialect === 'postgres'
      ? openDatabase(database.config, { poolSize: 3, onPoolError: () => {}, auditKey: testAuditKey })
      : { db: database.db, destroy: async () => {} };
  try {
    const before = await verifyAuditLog(database.db);
    await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        (index % 2 === 0 ? database.db : other.db).transaction().execute((trx) =>
          recordAuditEvents(
            trx,
            clock,
            Array.from({ length: 3 }, (_, position) => ({
              actor: { userId: null, label: 'batch' },
              action: 'batch.event',
              subjectType: 'batch',
              subjectId: `${index}-${position}`,
            })),
          ),
        ),
      ),
    );
    assert.deepEqual(await verifyAuditLog(database.db), { isIntact: true, eventCount: before.eventCount + 24 });
    const events = await findAuditEvents(database.db, { action: 'batch.event' }, { limit: 100 });
    const placesOf = new Map<string, number[]>();
    for (const event of events) {
      const batch = event.subjectId.split('-')[0] ?? '';
      placesOf.set(batch, [...(placesOf.get(batch) ?? []), event.sequence]);
    }
    for (const [batch, places] of placesOf) {
      const sorted = [...places].sort((a, b) => a - b);
      assert.equal((sorted.at(-1) ?? 0) - (sorted[0] ?? 0), 2, `batch ${batch} is in three consecutive places`);
    }
    // A batch that rolls back leaves the head as it was: the next event follows the last committed one.
    await assert.rejects(
      other.db.transaction().execute(async (trx) => {
        await recordAuditEvents(trx, clock, [
          {
            actor: { userId: null, label: 'batch' },
            action: 'batch.rolled_back',
            subjectType: 'batch',
            subjectId: 'x',
          },
        ]);
        throw new Error('rolled back');
      }),
      /rolled back/,
    );
    assert.deepEqual(await verifyAuditLog(database.db), { isIntact: true, eventCount: before.eventCount + 24 });
  } finally {
    await other.destroy();
  }
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
