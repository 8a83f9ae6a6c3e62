import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase, testAuditKey, testDialect } from '../../test/database.ts';
import { createFixedClock } from '../clock.ts';
import { type DatabaseHandle, openDatabase } from '../db/connection.ts';
import { insertPendingAuditBatch } from './audit.repository.ts';
import {
  findAuditEvents,
  type NewAuditEvent,
  recordAuditEvents,
  settleAuditSealing,
  startAuditSealing,
  verifyAuditLog,
} from './audit.service.ts';

// Sealing after the commit (the default on PostgreSQL, chosen here on SQLite too): a transaction writes its events as
// one pending batch and never touches the chain's head; after its commit a sealer appends the committed batches to
// the chain. What must hold: nothing of a rolled-back transaction enters the chain, every committed event enters it
// exactly once with its batch in consecutive places, sealers of several instances form one chain, and batches a
// stopped instance left are sealed by another instance, by any reader of the chain and at shutdown.

const clock = createFixedClock(new Date('2026-12-01T09:00:00Z'));
let database: TestDatabase;
const statements: string[] = [];
let sealing: DatabaseHandle;

before(async () => {
  database = await createTestDatabase();
  sealing = openDatabase(database.config, {
    auditKey: testAuditKey,
    auditSealing: 'after-commit',
    poolSize: 4,
    onPoolError: () => {},
    log: (event) => {
      if (event.level === 'query') statements.push(event.query.sql.trim().toLowerCase());
    },
  });
});
after(async () => {
  await sealing.destroy();
  await database.drop();
});

function events(batch: string, count: number): NewAuditEvent[] {
  return Array.from({ length: count }, (_, position) => ({
    actor: { userId: null, label: 'sealing test' },
    action: 'sealing.event',
    subjectType: 'batch',
    subjectId: `${batch}-${position}`,
  }));
}

async function countRows(table: 'audit_events' | 'audit_pending_events'): Promise<number> {
  const row = await database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** The places in the chain of each batch's events (read without sealing first). */
async function placesByBatch(): Promise<Map<string, number[]>> {
  const rows = await database.db
    .selectFrom('audit_events')
    .select(['sequence', 'subject_id'])
    .where('action', '=', 'sealing.event')
    .orderBy('sequence')
    .execute();
  const places = new Map<string, number[]>();
  for (const row of rows) {
    const batch = row.subject_id.split('-')[0] ?? '';
    places.set(batch, [...(places.get(batch) ?? []), Number(row.sequence)]);
  }
  return places;
}

function assertConsecutive(places: Map<string, number[]>, size: number): void {
  for (const [batch, sequences] of places) {
    assert.equal(sequences.length, size, `batch ${batch} has each event once`);
    assert.equal((sequences.at(-1) ?? 0) - (sequences[0] ?? 0), size - 1, `batch ${batch} is in consecutive places`);
  }
}

/** Waits (polling, at most five seconds) until nothing is pending. */
async function untilSealed(): Promise<void> {
  for (let attempt = 0; attempt < 100 && (await countRows('audit_pending_events')) > 0; attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test('a transaction writes its events as one pending batch, never touches the head, and the sealer appends them after the commit', async () => {
  const eventsBefore = await countRows('audit_events');
  statements.length = 0;
  await sealing.db.transaction().execute(async (trx) => {
    await recordAuditEvents(trx, clock, events('a', 3));
    // Until the commit, no one else sees the batch, and the chain is as it was.
    assert.equal(await countRows('audit_pending_events'), 0);
    assert.equal(await countRows('audit_events'), eventsBefore);
  });
  const commit = statements.indexOf('commit');
  const transaction = statements.slice(0, commit + 1);
  assert.ok(transaction[0]?.startsWith('begin'), transaction.join('\n'));
  assert.deepEqual(
    transaction.filter((statement) => statement.includes('audit_')),
    ['insert into "audit_pending_events" ("occurred_at", "events") values (?, ?)'].map((statement) =>
      testDialect === 'postgres' ? statement.replace('(?, ?)', '($1, $2)') : statement,
    ),
    'the transaction writes one batch and nothing of the chain',
  );
  await settleAuditSealing(sealing.db);
  assert.equal(await countRows('audit_pending_events'), 0, 'the commit started the sealer');
  assert.equal(await countRows('audit_events'), eventsBefore + 3);
  assertConsecutive(await placesByBatch(), 3);
  assert.deepEqual(await verifyAuditLog(database.db), { isIntact: true, eventCount: eventsBefore + 3 });
});

test('a rolled-back transaction leaves no batch and nothing in the chain', async () => {
  const before = await verifyAuditLog(database.db);
  await assert.rejects(
    sealing.db.transaction().execute(async (trx) => {
      await recordAuditEvents(trx, clock, events('rolled', 2));
      throw new Error('rolled back');
    }),
    /rolled back/,
  );
  await settleAuditSealing(sealing.db);
  assert.equal(await countRows('audit_pending_events'), 0);
  assert.deepEqual(await verifyAuditLog(database.db), before);
  assert.equal((await placesByBatch()).has('rolled'), false);
});

test('many transactions committing at once (on PostgreSQL through two instances sealing at once) form one chain, each event once, each batch in consecutive places', async () => {
  // SQLite serves one process's writers through one connection (a second one in the same process would wait on
  // the first synchronously), so there the transactions share the one handle.
  const other =
    testDialect === 'postgres'
      ? openDatabase(database.config, {
          auditKey: testAuditKey,
          auditSealing: 'after-commit',
          poolSize: 4,
          onPoolError: () => {},
        })
      : sealing;
  try {
    const before = await verifyAuditLog(database.db);
    await Promise.all(
      Array.from({ length: 24 }, (_, index) =>
        (index % 2 === 0 ? sealing.db : other.db)
          .transaction()
          .execute((trx) => recordAuditEvents(trx, clock, events(`m${index}`, 4))),
      ),
    );
    await settleAuditSealing(sealing.db);
    await settleAuditSealing(other.db);
    assert.equal(await countRows('audit_pending_events'), 0);
    const places = await placesByBatch();
    const mine = new Map([...places].filter(([batch]) => batch.startsWith('m')));
    assert.equal(mine.size, 24);
    assertConsecutive(mine, 4);
    assert.deepEqual(await verifyAuditLog(database.db), { isIntact: true, eventCount: before.eventCount + 96 });
  } finally {
    if (other !== sealing) await other.destroy();
  }
});

test('batches a stopped instance left are sealed by another instance on its timer, and by any reader of the chain', async () => {
  const before = await verifyAuditLog(database.db);
  const left = (batch: string) =>
    insertPendingAuditBatch(
      database.db,
      clock.now().toISOString(),
      events(batch, 2).map((event) => ({
        actorUserId: null,
        actorLabel: event.actor.label,
        action: event.action,
        subjectType: event.subjectType,
        subjectId: event.subjectId,
        details: {},
      })),
    );
  // Written and committed, but no sealer was told (as when the instance stopped right after its commit).
  await left('left1');
  const other = openDatabase(database.config, {
    auditKey: testAuditKey,
    auditSealing: 'after-commit',
    poolSize: 2,
    onPoolError: () => {},
  });
  try {
    startAuditSealing(other.db, 50);
    await untilSealed();
    assert.equal(await countRows('audit_pending_events'), 0, "the other instance's timer sealed it");
  } finally {
    await other.destroy();
  }
  await left('left2');
  // A reader of the chain seals first, so it sees every committed event.
  const found = await findAuditEvents(database.db, { action: 'sealing.event' }, { limit: 2 });
  assert.deepEqual(
    found.map((event) => event.subjectId),
    ['left2-1', 'left2-0'],
  );
  const places = await placesByBatch();
  assertConsecutive(new Map([...places].filter(([batch]) => batch.startsWith('left'))), 2);
  assert.deepEqual(await verifyAuditLog(database.db), { isIntact: true, eventCount: before.eventCount + 4 });
});

test('closing a handle seals what its commits left pending', async () => {
  const before = await verifyAuditLog(database.db);
  const closing = openDatabase(database.config, {
    auditKey: testAuditKey,
    auditSealing: 'after-commit',
    poolSize: 2,
    onPoolError: () => {},
  });
  await closing.db.transaction().execute((trx) => recordAuditEvents(trx, clock, events('closing', 3)));
  await closing.destroy();
  assert.equal(await countRows('audit_pending_events'), 0);
  assert.deepEqual(await verifyAuditLog(database.db), { isIntact: true, eventCount: before.eventCount + 3 });
});

test('a failing seal keeps the batch pending and is retried: the events enter the chain once the database works again', async () => {
  const before = await verifyAuditLog(database.db);
  // The chain refuses inserts, as a full disk would, after the change itself committed.
  const remove =
    testDialect === 'postgres'
      ? await (async () => {
          await sql
            .raw(
              `create function fail_insert() returns trigger language plpgsql as $$ begin raise exception 'injected failure'; end $$;
               create trigger fail_insert before insert on audit_events for each row execute function fail_insert();`,
            )
            .execute(database.db);
          return () =>
            sql.raw('drop trigger fail_insert on audit_events; drop function fail_insert();').execute(database.db);
        })()
      : await (async () => {
          await sql
            .raw(
              `create trigger fail_insert before insert on audit_events begin select raise(abort, 'injected failure'); end`,
            )
            .execute(database.db);
          return () => sql.raw('drop trigger fail_insert').execute(database.db);
        })();
  const errors: string[] = [];
  const consoleError = console.error;
  console.error = (...parts: unknown[]) => errors.push(parts.join(' '));
  try {
    await sealing.db.transaction().execute((trx) => recordAuditEvents(trx, clock, events('retried', 2)));
    await settleAuditSealing(sealing.db);
    assert.equal(await countRows('audit_pending_events'), 1, 'the committed batch waits');
    assert.match(errors.join('\n'), /Sealing audit events failed; retrying in a second: .*injected failure/);
  } finally {
    await remove();
    console.error = consoleError;
  }
  await untilSealed();
  assert.equal(await countRows('audit_pending_events'), 0, 'the retry sealed it');
  assert.deepEqual(await verifyAuditLog(database.db), { isIntact: true, eventCount: before.eventCount + 2 });
});
