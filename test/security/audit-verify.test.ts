import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { hashAuditEvent } from '../../src/audit/audit.service.ts';
import { createFixedClock } from '../../src/clock.ts';
import { createTestDatabase, type TestDatabase } from '../database.ts';
import { recordSampleAuditEvents } from '../factories.ts';
import { runCommand } from './cli-helpers.ts';

const clock = createFixedClock(new Date('2026-03-01T08:00:00Z'));
let database: TestDatabase;

before(async () => {
  database = await createTestDatabase();
  await recordSampleAuditEvents(database.db, clock, 4);
});
after(async () => {
  await database.drop();
});

test('audit verify reports an intact chain with its event count', async () => {
  const run = await runCommand(database, ['audit', 'verify']);
  assert.equal(run.code, 0, run.err);
  assert.equal(run.out, 'Audit log intact: 4 events verified.');
});

test('audit verify names the first altered event and exits 1', async () => {
  await database.db.updateTable('audit_events').set({ subject_id: 'forged' }).where('sequence', '=', 2).execute();
  const run = await runCommand(database, ['audit', 'verify']);
  assert.equal(run.code, 1);
  assert.match(run.err, /event 2 is altered\. The 1 events before it verify/);
  await database.db.updateTable('audit_events').set({ subject_id: 'r2' }).where('sequence', '=', 2).execute();
});

test('audit verify names a missing event', async () => {
  await database.db.deleteFrom('audit_events').where('sequence', '=', 3).execute();
  const run = await runCommand(database, ['audit', 'verify']);
  assert.equal(run.code, 1);
  assert.match(run.err, /event 3 is missing/);
});

test('audit verify notices events deleted from the end of the chain, and a rewritten newest event', async () => {
  const tail = await createTestDatabase();
  try {
    await recordSampleAuditEvents(tail.db, clock, 3);
    const newest = await tail.db
      .selectFrom('audit_events')
      .selectAll()
      .where('sequence', '=', 3)
      .executeTakeFirstOrThrow();
    await tail.db.deleteFrom('audit_events').where('sequence', '=', 3).execute();
    const truncated = await runCommand(tail, ['audit', 'verify']);
    assert.equal(truncated.code, 1);
    assert.match(truncated.err, /event 3 is missing/);

    // Put it back rewritten, with a hash that fits its new content: no successor names the old hash, the head does.
    const forgedHash = hashAuditEvent({
      sequence: 3,
      occurredAt: newest.occurred_at,
      actorUserId: newest.actor_user_id,
      actorLabel: newest.actor_label,
      action: newest.action,
      subjectType: newest.subject_type,
      subjectId: 'forged',
      details: { value: 3 },
      previousHash: newest.previous_hash,
    });
    await tail.db
      .insertInto('audit_events')
      .values({ ...newest, subject_id: 'forged', hash: forgedHash })
      .execute();
    const rewritten = await runCommand(tail, ['audit', 'verify']);
    assert.equal(rewritten.code, 1);
    assert.match(rewritten.err, /event 3 is altered/);

    await tail.db
      .updateTable('audit_events')
      .set({ subject_id: 'r3', hash: newest.hash })
      .where('sequence', '=', 3)
      .execute();
    const restored = await runCommand(tail, ['audit', 'verify']);
    assert.equal(restored.code, 0, restored.err);
  } finally {
    await tail.drop();
  }
});
