import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { isPostgres } from '../db/dialect.ts';
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
  const row = await db
    .updateTable('audit_chain_head')
    .set((eb) => ({ sequence: eb('sequence', '+', count) }))
    .where('id', '=', 1)
    .returning(['sequence', 'hash'])
    .executeTakeFirst();
  if (!row) throw new Error('The audit chain has no head row; the database was not migrated.');
  return { sequence: Number(row.sequence) - count + 1, previousHash: row.hash };
}

/** Reads the head of the chain, for verification. */
export async function findAuditChainHead(db: Kysely<Database>): Promise<AuditChainHead | undefined> {
  const row = await db
    .selectFrom('audit_chain_head')
    .select(['sequence', 'hash'])
    .where('id', '=', 1)
    .executeTakeFirst();
  return row ? { sequence: Number(row.sequence), hash: row.hash } : undefined;
}

/** Inserts the events claimed with claimAuditChainHead, in one statement, and makes the last one's hash the head's. */
export async function appendAuditEvents(db: Kysely<Database>, events: readonly AuditEvent[]): Promise<void> {
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
  if (isPostgres(db)) {
    // One statement (a data-modifying CTE), so the head's lock is held for one round trip less; SQLite has no
    // such CTEs and no round trips to save.
    await db
      .with('appended', (creator) => creator.insertInto('audit_events').values(values))
      .updateTable('audit_chain_head')
      .set({ hash: last.hash })
      .where('id', '=', 1)
      .execute();
    return;
  }
  await db.insertInto('audit_events').values(values).execute();
  await db.updateTable('audit_chain_head').set({ hash: last.hash }).where('id', '=', 1).execute();
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
 * Events that name a person: done by them, about their account, or carrying their address (as the actor's label
 * or anywhere in the details), oldest first.
 */
export async function listAuditEventRowsNaming(
  db: Kysely<Database>,
  person: { userId: string | null; email: string },
): Promise<AuditEvent[]> {
  // The address is matched as a JSON string inside details; LIKE's wildcards in it are escaped.
  const pattern = `%${JSON.stringify(person.email).replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
  const rows = await db
    .selectFrom('audit_events')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['actor_label']), '=', person.email),
        eb('details', 'like', sql<string>`${pattern} escape '\\'`),
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
