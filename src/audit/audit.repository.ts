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

/** Serialises writers of the chain: on PostgreSQL an advisory lock held until the transaction ends. */
export async function lockAuditChain(trx: Kysely<Database>): Promise<void> {
  // SQLite serialises write transactions itself; PostgreSQL instances must queue on one lock so that two
  // events never claim the same predecessor.
  if (isPostgres(trx)) await sql`select pg_advisory_xact_lock(7315001)`.execute(trx);
}

export async function findLastAuditEvent(db: Kysely<Database>): Promise<AuditEvent | undefined> {
  const row = await db.selectFrom('audit_events').selectAll().orderBy('sequence', 'desc').limit(1).executeTakeFirst();
  return row ? rowToAuditEvent(row) : undefined;
}

export async function insertAuditEvent(db: Kysely<Database>, event: AuditEvent): Promise<void> {
  await db
    .insertInto('audit_events')
    .values({
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
    })
    .execute();
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
