import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { hashAuditEvent, recordAuditAnchor } from '../../src/audit/audit.service.ts';
import { signAuditHead } from '../../src/audit/audit-key.ts';
import { runCli } from '../../src/cli.ts';
import { createFixedClock } from '../../src/clock.ts';
import { createTestDatabase, type TestDatabase, testAuditKey, testDialect } from '../database.ts';
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

// Finding 7: tampering that kept the chain self-consistent passed `audit verify`. The head is now signed with
// AUDIT_KEY, and releases and backups record signed heads (anchors) that every verification checks.

/** Rewrites the chain from `from` on, as an attacker without the key can: new content, hashes recomputed. */
async function rewriteChainFrom(db: TestDatabase['db'], from: number): Promise<void> {
  const rows = await db
    .selectFrom('audit_events')
    .selectAll()
    .where('sequence', '>=', from)
    .orderBy('sequence')
    .execute();
  const before = await db
    .selectFrom('audit_events')
    .select('hash')
    .where('sequence', '=', from - 1)
    .executeTakeFirst();
  let previousHash = before?.hash ?? '0'.repeat(64);
  for (const row of rows) {
    const subjectId = row.sequence === from ? 'forged' : row.subject_id;
    const hash = hashAuditEvent({
      sequence: row.sequence,
      occurredAt: row.occurred_at,
      actorUserId: row.actor_user_id,
      actorLabel: row.actor_label,
      action: row.action,
      subjectType: row.subject_type,
      subjectId,
      details: JSON.parse(row.details) as Record<string, unknown>,
      previousHash,
    });
    await db
      .updateTable('audit_events')
      .set({ subject_id: subjectId, previous_hash: previousHash, hash })
      .where('sequence', '=', row.sequence)
      .execute();
    previousHash = hash;
  }
  await db.updateTable('audit_chain_head').set({ hash: previousHash }).where('id', '=', 1).execute();
}

async function freshChain(count: number): Promise<TestDatabase> {
  const fresh = await createTestDatabase();
  await recordSampleAuditEvents(fresh.db, clock, count);
  return fresh;
}

test('audit verify catches the newest events deleted together with the head moved back', async () => {
  const chain = await freshChain(5);
  try {
    const third = await chain.db
      .selectFrom('audit_events')
      .select('hash')
      .where('sequence', '=', 3)
      .executeTakeFirstOrThrow();
    await chain.db.deleteFrom('audit_events').where('sequence', '>', 3).execute();
    await chain.db.updateTable('audit_chain_head').set({ sequence: 3, hash: third.hash }).where('id', '=', 1).execute();
    const run = await runCommand(chain, ['audit', 'verify']);
    assert.equal(run.code, 1, run.out);
    assert.match(run.err, /the chain's head signature does not match/);
  } finally {
    await chain.drop();
  }
});

test('audit verify catches a deleted head row and a lowered head sequence', async () => {
  const chain = await freshChain(4);
  try {
    await chain.db.updateTable('audit_chain_head').set({ sequence: 2 }).where('id', '=', 1).execute();
    const lowered = await runCommand(chain, ['audit', 'verify']);
    assert.equal(lowered.code, 1, lowered.out);
    assert.match(lowered.err, /the chain's head says 2 events, but 4 are there/);
    await chain.db.deleteFrom('audit_chain_head').execute();
    const headless = await runCommand(chain, ['audit', 'verify']);
    assert.equal(headless.code, 1, headless.out);
    assert.match(headless.err, /the chain's head row is missing/);
  } finally {
    await chain.drop();
  }
});

test('audit verify catches the chain rewritten from an event onward without the key', async () => {
  const chain = await freshChain(5);
  try {
    await rewriteChainFrom(chain.db, 2);
    const run = await runCommand(chain, ['audit', 'verify']);
    assert.equal(run.code, 1, run.out);
    assert.match(run.err, /the chain's head signature does not match/);
  } finally {
    await chain.drop();
  }
});

test('a backup anchors the chain: a rewrite or truncation before it is caught even with the head signed anew', async () => {
  const chain = await freshChain(3);
  const folder = mkdtempSync(join(tmpdir(), 'lagesbild-anchor-'));
  try {
    const backup = await runCommand(chain, ['backup', join(folder, 'anchor.sqlite')]);
    if (testDialect === 'sqlite') {
      assert.equal(backup.code, 0, backup.err);
      assert.match(backup.out, /Audit chain head recorded: event 3, [0-9a-f]{64}, signature [0-9a-f]{64}/);
    } else {
      // PostgreSQL backs up with pg_dump; a release records the anchor instead (as publishing does).
      await recordAuditAnchor(chain.db, clock, 'release', 'test-release');
    }
    await recordSampleAuditEvents(chain.db, clock, 2);
    assert.equal((await runCommand(chain, ['audit', 'verify'])).code, 0);

    // Someone with the key (or a head from before) signs a rewritten chain: the anchor at event 3 still tells.
    await rewriteChainFrom(chain.db, 2);
    const head = await chain.db.selectFrom('audit_chain_head').selectAll().executeTakeFirstOrThrow();
    await chain.db
      .updateTable('audit_chain_head')
      .set({ signature: signAuditHead(testAuditKey, { sequence: Number(head.sequence), hash: head.hash }) })
      .execute();
    const rewritten = await runCommand(chain, ['audit', 'verify']);
    assert.equal(rewritten.code, 1, rewritten.out);
    assert.match(
      rewritten.err,
      /event 3 differs from what the (backup anchor\.sqlite|release test-release) .* recorded: the chain was rewritten/,
    );

    // Truncated below the anchor, head signed anew: the anchor names the missing event.
    const second = await chain.db
      .selectFrom('audit_events')
      .select('hash')
      .where('sequence', '=', 2)
      .executeTakeFirstOrThrow();
    await chain.db.deleteFrom('audit_events').where('sequence', '>', 2).execute();
    await chain.db
      .updateTable('audit_chain_head')
      .set({
        sequence: 2,
        hash: second.hash,
        signature: signAuditHead(testAuditKey, { sequence: 2, hash: second.hash }),
      })
      .execute();
    const truncated = await runCommand(chain, ['audit', 'verify']);
    assert.equal(truncated.code, 1, truncated.out);
    assert.match(truncated.err, /event 3 is missing; the (backup|release)/);
  } finally {
    await chain.drop();
    rmSync(folder, { recursive: true, force: true });
  }
});

test('a key other than the one that signed the head fails verification', async () => {
  const chain = await freshChain(2);
  try {
    const out: string[] = [];
    const url = chain.config.dialect === 'postgres' ? chain.config.url : `sqlite:${chain.config.file}`;
    const code = await runCli(
      ['audit', 'verify'],
      { out: (line) => out.push(line), err: (line) => out.push(line) },
      {
        DATABASE_URL: url,
        LOG_LEVEL: 'silent',
        SESSION_SECRET: 'cli-test-secret-that-is-long-enough-0123456789',
        AUDIT_KEY: 'another-key-0123456789abcdef0123456789abcdef',
      },
    );
    assert.equal(code, 1);
    assert.match(out.join('\n'), /AUDIT_KEY is another/);
  } finally {
    await chain.drop();
  }
});
