import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { isPostgres } from '../db/dialect.ts';
import { prepareListQuery, prepareQuery } from '../db/prepared-query.ts';
import type { AuditEventsTable } from './audit.table.ts';

export type AuditEvent = {
  sequence: number;
  occurredAt: string;
  actorUserId: string | null;
  actorLabel: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  details: Record<string, unknown>;
  previousHash: string;
  hash: string;
};

function rowToAuditEvent(row: AuditEventsTable): AuditEvent {
  return {
    sequence: Number(row.sequence),
    occurredAt: row.occurred_at,
    actorUserId: row.actor_user_id,
    actorLabel: row.actor_label,
    action: row.action,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    details: JSON.parse(row.details) as Record<string, unknown>,
    previousHash: row.previous_hash,
    hash: row.hash,
  };
}

/** Where the chain ends: the newest event's sequence number and hash (0 and the genesis hash when empty). */
export type AuditChainHead = { sequence: number; hash: string };

/** The head with its HMAC signature (null before the first start with a key). */
export type SignedAuditChainHead = AuditChainHead & { signature: string | null };

// Every audited change runs these (an autosave among them): compiled once, or once per count of events.
const claimQuery = prepareQuery((db, { count }: { count: number }) =>
  db
    .updateTable('audit_chain_head')
    .set((eb) => ({ sequence: eb('sequence', '+', count) }))
    .where('id', '=', 1)
    .returning(['sequence', 'hash']),
);
type HeadValues = { sequence: number; hash: string; signature: string };
const moveHeadQuery = prepareQuery((db, head: HeadValues) =>
  db.updateTable('audit_chain_head').set(head).where('id', '=', 1),
);
const insertEventsQuery = prepareListQuery((db, _params: object, rows: readonly AuditEventsTable[]) =>
  db.insertInto('audit_events').values([...rows]),
);
// PostgreSQL: one statement (a data-modifying CTE), so the head's lock is held for one round trip less; SQLite has
// no such CTEs and no round trips to save.
const insertEventsMovingHeadQuery = prepareListQuery((db, head: HeadValues, rows: readonly AuditEventsTable[]) =>
  db
    .with('appended', (creator) => creator.insertInto('audit_events').values([...rows]))
    .updateTable('audit_chain_head')
    .set(head)
    .where('id', '=', 1),
);

/**
 * Claims the next `count` places in the chain: moves the head's sequence on by `count` and returns the first new
 * sequence with the hash of the event before it. The UPDATE takes the head row's lock until the transaction ends,
 * so concurrent appenders (other requests, other instances) queue here, and each one reads the head as the one
 * before it left it (PostgreSQL re-reads a row updated by a transaction it waited for; SQLite runs one writer at a
 * time).
 */
export async function claimAuditChainHead(
  db: Kysely<Database>,
  count = 1,
): Promise<{ sequence: number; previousHash: string }> {
  const row = await claimQuery.executeTakeFirst(db, { count });
  if (!row) throw new Error('The audit chain has no head row; the database was not migrated.');
  return { sequence: Number(row.sequence) - count + 1, previousHash: row.hash };
}

/** Reads the head of the chain with its signature, for verification and anchoring. */
export async function findAuditChainHead(db: Kysely<Database>): Promise<SignedAuditChainHead | undefined> {
  const row = await db
    .selectFrom('audit_chain_head')
    .select(['sequence', 'hash', 'signature'])
    .where('id', '=', 1)
    .executeTakeFirst();
  return row ? { sequence: Number(row.sequence), hash: row.hash, signature: row.signature } : undefined;
}

/** Sets the head's signature (the first start with a key signs a head that has none). */
export async function updateAuditChainHeadSignature(db: Kysely<Database>, signature: string): Promise<void> {
  await db.updateTable('audit_chain_head').set({ signature }).where('id', '=', 1).execute();
}

/**
 * Inserts the events claimed with claimAuditChainHead, in one statement, and makes the last one the head, with the
 * head's new signature (a claim of no places, as the sealer's, moves the head's sequence here).
 */
export async function appendAuditEvents(
  db: Kysely<Database>,
  events: readonly AuditEvent[],
  headSignature: string,
): Promise<void> {
  const last = events.at(-1);
  if (!last) return;
  const values = events.map((event) => ({
    sequence: event.sequence,
    occurred_at: event.occurredAt,
    actor_user_id: event.actorUserId,
    actor_label: event.actorLabel,
    action: event.action,
    subject_type: event.subjectType,
    subject_id: event.subjectId,
    details: JSON.stringify(event.details),
    previous_hash: event.previousHash,
    hash: event.hash,
  }));
  const head = { sequence: last.sequence, hash: last.hash, signature: headSignature };
  if (isPostgres(db)) {
    await insertEventsMovingHeadQuery.execute(db, head, values);
    return;
  }
  await insertEventsQuery.execute(db, {}, values);
  await moveHeadQuery.execute(db, head);
}

/** An audit event as a transaction records it, before the sealer gives it a place in the chain. */
export type PendingAuditEvent = Pick<
  AuditEvent,
  'actorUserId' | 'actorLabel' | 'action' | 'subjectType' | 'subjectId' | 'details'
>;

/** A committed batch of pending events, in the order the sealer appends them. */
export type PendingAuditBatch = { id: number; occurredAt: string; events: PendingAuditEvent[] };

/** Writes one transaction's events as a pending batch (one row, one statement). */
export async function insertPendingAuditBatch(
  db: Kysely<Database>,
  occurredAt: string,
  events: readonly PendingAuditEvent[],
): Promise<void> {
  await db
    .insertInto('audit_pending_events')
    .values({ occurred_at: occurredAt, events: JSON.stringify(events) })
    .execute();
}

/** Whether any batch is waiting, without taking a lock (the sealer's cheap first look). */
export async function hasPendingAuditBatches(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom('audit_pending_events').select('id').limit(1).executeTakeFirst();
  return row !== undefined;
}

/** The oldest waiting batches, at most `limit`, in the order they were written. */
export async function listPendingAuditBatches(db: Kysely<Database>, limit: number): Promise<PendingAuditBatch[]> {
  const rows = await db
    .selectFrom('audit_pending_events')
    .select(['id', 'occurred_at', 'events'])
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    id: Number(row.id),
    occurredAt: row.occurred_at,
    events: JSON.parse(row.events) as PendingAuditEvent[],
  }));
}

/** Removes batches the sealer appended to the chain. */
export async function deletePendingAuditBatches(db: Kysely<Database>, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await db.deleteFrom('audit_pending_events').where('id', 'in', ids).execute();
}

export type AuditAnchor = {
  source: 'release' | 'backup';
  reference: string;
  recordedAt: string;
  sequence: number;
  hash: string;
  signature: string;
};

/** Records a signed head seen by a release or a backup; recording the same one again changes nothing. */
export async function insertAuditAnchor(db: Kysely<Database>, anchor: AuditAnchor): Promise<void> {
  await db
    .insertInto('audit_anchors')
    .values({
      source: anchor.source,
      reference: anchor.reference,
      recorded_at: anchor.recordedAt,
      sequence: anchor.sequence,
      hash: anchor.hash,
      signature: anchor.signature,
    })
    .onConflict((conflict) => conflict.columns(['source', 'reference']).doNothing())
    .execute();
}

/** Every anchor, oldest first. */
export async function listAuditAnchors(db: Kysely<Database>): Promise<AuditAnchor[]> {
  const rows = await db.selectFrom('audit_anchors').selectAll().orderBy('sequence').orderBy('recorded_at').execute();
  return rows.map((row) => ({
    source: row.source,
    reference: row.reference,
    recordedAt: row.recorded_at,
    sequence: Number(row.sequence),
    hash: row.hash,
    signature: row.signature,
  }));
}

/** The hash of one event, or undefined when there is no such event. */
export async function findAuditEventHash(db: Kysely<Database>, sequence: number): Promise<string | undefined> {
  const row = await db.selectFrom('audit_events').select('hash').where('sequence', '=', sequence).executeTakeFirst();
  return row?.hash;
}

export type StoredAuditVerification = {
  checkedAt: string;
  isIntact: boolean;
  eventCount: number;
  problem: string | null;
};

/** Keeps the newest verification's result (one row). */
export async function saveAuditVerification(
  db: Kysely<Database>,
  verification: StoredAuditVerification,
): Promise<void> {
  const values = {
    checked_at: verification.checkedAt,
    is_intact: verification.isIntact ? 1 : 0,
    event_count: verification.eventCount,
    problem: verification.problem,
  };
  await db
    .insertInto('audit_verifications')
    .values({ id: 1, ...values })
    .onConflict((conflict) => conflict.column('id').doUpdateSet(values))
    .execute();
}

/** The newest verification's result, if any ran. */
export async function findAuditVerification(db: Kysely<Database>): Promise<StoredAuditVerification | undefined> {
  const row = await db.selectFrom('audit_verifications').selectAll().where('id', '=', 1).executeTakeFirst();
  return row
    ? {
        checkedAt: row.checked_at,
        isIntact: Number(row.is_intact) === 1,
        eventCount: Number(row.event_count),
        problem: row.problem,
      }
    : undefined;
}

export type AuditFilter = { action?: string; subjectType?: string; subjectId?: string; actorUserId?: string };

export async function listAuditEvents(
  db: Kysely<Database>,
  filter: AuditFilter,
  page: { limit: number; beforeSequence?: number },
): Promise<AuditEvent[]> {
  let query = db.selectFrom('audit_events').selectAll();
  if (filter.action) query = query.where('action', '=', filter.action);
  if (filter.subjectType) query = query.where('subject_type', '=', filter.subjectType);
  if (filter.subjectId) query = query.where('subject_id', '=', filter.subjectId);
  if (filter.actorUserId) query = query.where('actor_user_id', '=', filter.actorUserId);
  if (page.beforeSequence !== undefined) query = query.where('sequence', '<', page.beforeSequence);
  const rows = await query.orderBy('sequence', 'desc').limit(page.limit).execute();
  return rows.map(rowToAuditEvent);
}

/** Streams the whole chain in order, in batches, for verification. */
export async function* iterateAuditEvents(db: Kysely<Database>, batchSize = 1000): AsyncGenerator<AuditEvent> {
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_events')
      .selectAll()
      .where('sequence', '>', after)
      .orderBy('sequence')
      .limit(batchSize)
      .execute();
    for (const row of rows) yield rowToAuditEvent(row);
    const last = rows.at(-1);
    if (!last || rows.length < batchSize) return;
    after = Number(last.sequence);
  }
}

/**
 * Events that name a person: done by them, about their account, or carrying their address or their pseudonymous
 * reference (as the actor's label or anywhere in the details), oldest first.
 */
export async function listAuditEventRowsNaming(
  db: Kysely<Database>,
  person: { userId: string | null; email: string; referenceToken: string | null },
): Promise<AuditEvent[]> {
  // Matched as text inside details (the address as a JSON string); LIKE's wildcards in it are escaped.
  const like = (text: string) => `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
  const token = person.referenceToken;
  const rows = await db
    .selectFrom('audit_events')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['actor_label']), '=', person.email),
        eb('details', 'like', sql<string>`${like(JSON.stringify(person.email))} escape '\\'`),
        ...(token
          ? [
              eb('actor_label', 'like', sql<string>`${like(token)} escape '\\'`),
              eb('details', 'like', sql<string>`${like(token)} escape '\\'`),
            ]
          : []),
        ...(person.userId
          ? [
              eb('actor_user_id', '=', person.userId),
              eb.and([eb('subject_type', '=', 'user'), eb('subject_id', '=', person.userId)]),
            ]
          : []),
      ]),
    )
    .orderBy('sequence')
    .execute();
  return rows.map(rowToAuditEvent);
}
