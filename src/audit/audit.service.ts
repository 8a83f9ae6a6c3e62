import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import {
  type AuditEvent,
  type AuditFilter,
  appendAuditEvents,
  claimAuditChainHead,
  findAuditChainHead,
  iterateAuditEvents,
  listAuditEventRowsNaming,
  listAuditEvents,
} from './audit.repository.ts';

export type { AuditEvent, AuditFilter };

export type Actor = { userId: string | null; label: string };

export type NewAuditEvent = {
  actor: Actor;
  action: string;
  subjectType: string;
  subjectId: string;
  details?: Record<string, unknown>;
};

const genesisHash = '0'.repeat(64);

/** The hash of an event: what `audit verify` recomputes for each event. */
export function hashAuditEvent(event: Omit<AuditEvent, 'hash'>): string {
  // The hash covers every stored field in a fixed order, so changing any of them breaks the chain.
  const canonical = JSON.stringify([
    event.sequence,
    event.occurredAt,
    event.actorUserId,
    event.actorLabel,
    event.action,
    event.subjectType,
    event.subjectId,
    event.details,
    event.previousHash,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * Appends one event to the hash-chained audit log. Call it inside the transaction that makes the change, so the
 * change and its record commit together.
 */
export async function recordAuditEvent(db: Kysely<Database>, clock: Clock, event: NewAuditEvent): Promise<void> {
  await recordAuditEvents(db, clock, [event]);
}

/**
 * Appends several events in order, claiming the chain's head once for all of them (one short serial section per
 * transaction, however many events it records). Call it inside the transaction that makes the changes.
 */
export async function recordAuditEvents(
  db: Kysely<Database>,
  clock: Clock,
  events: readonly NewAuditEvent[],
): Promise<void> {
  if (events.length === 0) return;
  const { sequence: firstSequence, previousHash: firstPreviousHash } = await claimAuditChainHead(db, events.length);
  const occurredAt = clock.now().toISOString();
  const hashed: AuditEvent[] = [];
  let previousHash = firstPreviousHash;
  for (const [index, event] of events.entries()) {
    const unhashed = {
      sequence: firstSequence + index,
      occurredAt,
      actorUserId: event.actor.userId,
      actorLabel: event.actor.label,
      action: event.action,
      subjectType: event.subjectType,
      subjectId: event.subjectId,
      details: event.details ?? {},
      previousHash,
    };
    const hash = hashAuditEvent(unhashed);
    hashed.push({ ...unhashed, hash });
    previousHash = hash;
  }
  await appendAuditEvents(db, hashed);
}

export type AuditVerification =
  | { isIntact: true; eventCount: number }
  | { isIntact: false; eventCount: number; firstBrokenSequence: number; problem: 'altered' | 'missing' };

/**
 * Walks the chain from the start and reports the first altered or missing event, including events missing at its
 * end (the head row records the newest sequence number and hash).
 */
export async function verifyAuditLog(db: Kysely<Database>): Promise<AuditVerification> {
  let previousHash = genesisHash;
  let expectedSequence = 1;
  let eventCount = 0;
  for await (const event of iterateAuditEvents(db)) {
    if (event.sequence !== expectedSequence) {
      return { isIntact: false, eventCount, firstBrokenSequence: expectedSequence, problem: 'missing' };
    }
    // A predecessor rewritten together with its own hash shows here: its successor still names the old hash.
    if (event.previousHash !== previousHash) {
      return { isIntact: false, eventCount, firstBrokenSequence: event.sequence - 1, problem: 'altered' };
    }
    const { hash, ...unhashed } = event;
    if (hashAuditEvent(unhashed) !== hash) {
      return { isIntact: false, eventCount, firstBrokenSequence: event.sequence, problem: 'altered' };
    }
    previousHash = hash;
    expectedSequence += 1;
    eventCount += 1;
  }
  const head = await findAuditChainHead(db);
  if (head && head.sequence >= expectedSequence) {
    return { isIntact: false, eventCount, firstBrokenSequence: expectedSequence, problem: 'missing' };
  }
  if (head && head.sequence === eventCount && head.hash !== previousHash) {
    return { isIntact: false, eventCount, firstBrokenSequence: head.sequence, problem: 'altered' };
  }
  return { isIntact: true, eventCount };
}

/** Lists events newest first for the coordinators' audit page. */
export async function findAuditEvents(
  db: Kysely<Database>,
  filter: AuditFilter,
  page: { limit: number; beforeSequence?: number },
): Promise<AuditEvent[]> {
  return listAuditEvents(db, filter, page);
}

/**
 * The audit events that name a person (as actor, as the account they are about, or by address), oldest first: their
 * part of the log for a request for their own data. When personal data moves out of the chain, this reads both.
 */
export async function listAuditEventsNaming(
  db: Kysely<Database>,
  person: { userId: string | null; email: string },
): Promise<AuditEvent[]> {
  return listAuditEventRowsNaming(db, person);
}
