import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import { findAuditKey } from '../db/audit-key-plugin.ts';
import type { Database } from '../db/database.ts';
import {
  type AuditAnchor,
  type AuditEvent,
  type AuditFilter,
  appendAuditEvents,
  claimAuditChainHead,
  findAuditChainHead,
  findAuditVerification,
  insertAuditAnchor,
  iterateAuditEvents,
  listAuditAnchors,
  listAuditEventRowsNaming,
  listAuditEvents,
  type StoredAuditVerification,
  saveAuditVerification,
  updateAuditChainHeadSignature,
} from './audit.repository.ts';
import { isAuditHeadSignatureValid, signAuditHead } from './audit-key.ts';
import {
  deleteAuditPersons,
  ensureAuditPersonReferences,
  findAuditPersonReferences,
  findAuditPersonsByReference,
} from './audit-persons.repository.ts';
import {
  findAddresses,
  findReferences,
  formatPersonReference,
  pseudonymise,
  resolveReferences,
} from './audit-persons.ts';

export type { AuditAnchor, AuditEvent, AuditFilter };

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
 * Appends one event to the hash-chained audit log (e-mail addresses in its actor label and details are stored as
 * pseudonymous references, see audit-persons.ts) and signs the new head with the handle's audit key. Call it
 * inside the transaction that makes the change, so the change and its record commit together.
 * @throws Error when the handle carries no audit key.
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
  const key = findAuditKey(db);
  const occurredAt = clock.now().toISOString();
  // Addresses get their references before the head is claimed, so the serial section stays one claim and one insert.
  const addresses = findAddresses(...events.map((event) => [event.actor.label, event.details ?? {}]));
  const references = await ensureAuditPersonReferences(db, addresses, occurredAt);
  const { sequence: firstSequence, previousHash: firstPreviousHash } = await claimAuditChainHead(db, events.length);
  const hashed: AuditEvent[] = [];
  let previousHash = firstPreviousHash;
  for (const [index, event] of events.entries()) {
    const unhashed = {
      sequence: firstSequence + index,
      occurredAt,
      actorUserId: event.actor.userId,
      actorLabel: pseudonymise(event.actor.label, references),
      action: event.action,
      subjectType: event.subjectType,
      subjectId: event.subjectId,
      details: pseudonymise(event.details ?? {}, references),
      previousHash,
    };
    const hash = hashAuditEvent(unhashed);
    hashed.push({ ...unhashed, hash });
    previousHash = hash;
  }
  const last = hashed.at(-1);
  if (!last) return;
  await appendAuditEvents(db, hashed, signAuditHead(key, { sequence: last.sequence, hash: last.hash }));
}

export type AuditProblem = 'altered' | 'missing' | 'head' | 'anchor';

export type AuditVerification =
  | { isIntact: true; eventCount: number }
  | {
      isIntact: false;
      eventCount: number;
      firstBrokenSequence: number;
      problem: AuditProblem;
      /** In words, such as "event 3 is missing". */
      detail: string;
    };

function broken(
  eventCount: number,
  firstBrokenSequence: number,
  problem: AuditProblem,
  detail: string,
): AuditVerification {
  return { isIntact: false, eventCount, firstBrokenSequence, problem, detail };
}

/**
 * Walks the chain from the start and reports the first altered or missing event; then checks the head (where the
 * chain must end, signed with the audit key, so a lowered or rewritten head and deleted newest events show) and
 * every anchor recorded by a release or backup (so a chain rewritten from any earlier event shows, even with a
 * head signed anew). With `isUnsignedHeadAccepted` (a legacy head, before it is signed) a head without signature
 * passes; a signature present must always match.
 * @throws Error when the handle carries no audit key.
 */
export async function verifyAuditLog(
  db: Kysely<Database>,
  options: { isUnsignedHeadAccepted?: boolean } = {},
): Promise<AuditVerification> {
  const key = findAuditKey(db);
  const anchors = await listAuditAnchors(db);
  const anchoredSequences = new Set(anchors.map((anchor) => anchor.sequence));
  const hashesAtAnchors = new Map<number, string>();
  let previousHash = genesisHash;
  let expectedSequence = 1;
  let eventCount = 0;
  for await (const event of iterateAuditEvents(db)) {
    if (event.sequence !== expectedSequence) {
      return broken(eventCount, expectedSequence, 'missing', `event ${expectedSequence} is missing`);
    }
    // A predecessor rewritten together with its own hash shows here: its successor still names the old hash.
    if (event.previousHash !== previousHash) {
      return broken(eventCount, event.sequence - 1, 'altered', `event ${event.sequence - 1} is altered`);
    }
    const { hash, ...unhashed } = event;
    if (hashAuditEvent(unhashed) !== hash) {
      return broken(eventCount, event.sequence, 'altered', `event ${event.sequence} is altered`);
    }
    if (anchoredSequences.has(event.sequence)) hashesAtAnchors.set(event.sequence, hash);
    previousHash = hash;
    expectedSequence += 1;
    eventCount += 1;
  }
  const head = await findAuditChainHead(db);
  if (!head) return broken(eventCount, expectedSequence, 'head', "the chain's head row is missing");
  if (head.sequence >= expectedSequence) {
    return broken(eventCount, expectedSequence, 'missing', `event ${expectedSequence} is missing`);
  }
  if (head.sequence < eventCount) {
    return broken(
      eventCount,
      head.sequence + 1,
      'head',
      `the chain's head says ${head.sequence} events, but ${eventCount} are there`,
    );
  }
  if (head.hash !== previousHash) {
    return broken(eventCount, head.sequence, 'altered', `event ${head.sequence} is altered`);
  }
  const isUnsignedAccepted = options.isUnsignedHeadAccepted === true && head.signature === null;
  if (!isUnsignedAccepted && !isAuditHeadSignatureValid(key, head, head.signature)) {
    return broken(
      eventCount,
      head.sequence,
      'head',
      head.signature === null
        ? "the chain's head is not signed"
        : "the chain's head signature does not match (the chain was rewritten, or AUDIT_KEY is another)",
    );
  }
  for (const anchor of anchors) {
    const where = `the ${anchor.source} ${anchor.reference} of ${anchor.recordedAt}`;
    if (!isAuditHeadSignatureValid(key, anchor, anchor.signature)) {
      return broken(eventCount, anchor.sequence, 'anchor', `the signature recorded by ${where} does not match`);
    }
    const found = hashesAtAnchors.get(anchor.sequence);
    if (found === undefined && anchor.sequence > 0) {
      return broken(
        eventCount,
        anchor.sequence,
        'missing',
        `event ${anchor.sequence} is missing; ${where} recorded it`,
      );
    }
    if (found !== undefined && found !== anchor.hash) {
      return broken(
        eventCount,
        anchor.sequence,
        'anchor',
        `event ${anchor.sequence} differs from what ${where} recorded: the chain was rewritten`,
      );
    }
  }
  return { isIntact: true, eventCount };
}

/**
 * Verifies the chain and keeps the result with its time for the audit page; the server does this at start and
 * hourly, and `audit verify` each time it runs.
 */
export async function runAuditVerification(db: Kysely<Database>, clock: Clock): Promise<AuditVerification> {
  const verification = await verifyAuditLog(db);
  await saveAuditVerification(db, {
    checkedAt: clock.now().toISOString(),
    isIntact: verification.isIntact,
    eventCount: verification.eventCount,
    problem: verification.isIntact ? null : verification.detail,
  });
  return verification;
}

export type { StoredAuditVerification };

/** The newest verification's result, for the audit page. */
export async function findLatestAuditVerification(db: Kysely<Database>): Promise<StoredAuditVerification | undefined> {
  return findAuditVerification(db);
}

/**
 * Signs a head that has no signature yet (a database from before signing, or one restored from such a backup),
 * after checking that the chain up to it is intact; a broken chain stays unsigned, so verification keeps failing.
 * @returns whether it signed.
 */
export async function signUnsignedAuditHead(db: Kysely<Database>): Promise<boolean> {
  const head = await findAuditChainHead(db);
  if (!head || head.signature !== null) return false;
  const verification = await verifyAuditLog(db, { isUnsignedHeadAccepted: true });
  if (!verification.isIntact) return false;
  await updateAuditChainHeadSignature(db, signAuditHead(findAuditKey(db), head));
  return true;
}

/**
 * Records the current signed head as an anchor of a release or a backup, inside the caller's transaction, and
 * returns it: every later verification checks the chain against it.
 * @throws Error when the head is missing or its signature does not match the key.
 */
export async function recordAuditAnchor(
  db: Kysely<Database>,
  clock: Clock,
  source: AuditAnchor['source'],
  reference: string,
): Promise<AuditAnchor> {
  const head = await findAuditChainHead(db);
  if (!head || !isAuditHeadSignatureValid(findAuditKey(db), head, head.signature) || head.signature === null) {
    throw new Error('The audit chain head is missing or not validly signed; run `lagesbild audit verify`.');
  }
  const anchor: AuditAnchor = {
    source,
    reference,
    recordedAt: clock.now().toISOString(),
    sequence: head.sequence,
    hash: head.hash,
    signature: head.signature,
  };
  await insertAuditAnchor(db, anchor);
  return anchor;
}

/** Puts back into events the addresses of the people still kept (an erased person stays a bare reference). */
async function resolveEvents(db: Kysely<Database>, events: AuditEvent[]): Promise<AuditEvent[]> {
  const references = findReferences(...events.map((event) => [event.actorLabel, event.details]));
  if (references.length === 0) return events;
  const addresses = await findAuditPersonsByReference(db, references);
  return events.map((event) => ({
    ...event,
    actorLabel: resolveReferences(event.actorLabel, addresses),
    details: resolveReferences(event.details, addresses),
  }));
}

/**
 * Lists events newest first for the coordinators' audit page, with the addresses of the people still kept (the
 * stored, hashed form names them by reference).
 */
export async function findAuditEvents(
  db: Kysely<Database>,
  filter: AuditFilter,
  page: { limit: number; beforeSequence?: number },
): Promise<AuditEvent[]> {
  return resolveEvents(db, await listAuditEvents(db, filter, page));
}

/**
 * The audit events that name a person (as actor, as the account they are about, or by address or reference), oldest
 * first, with addresses put back: their part of the log for a request for their own data.
 */
export async function listAuditEventsNaming(
  db: Kysely<Database>,
  person: { userId: string | null; email: string },
): Promise<AuditEvent[]> {
  const email = person.email.toLowerCase();
  const reference = (await findAuditPersonReferences(db, [email])).get(email);
  const events = await listAuditEventRowsNaming(db, {
    userId: person.userId,
    email,
    referenceToken: reference === undefined ? null : formatPersonReference(reference),
  });
  return resolveEvents(db, events);
}

/**
 * Erases people from the audit log: deletes the addresses behind their references, in the caller's transaction.
 * Their events stay and still verify (the chain hashed the reference, never the address). Returns how many were
 * kept. Events recorded before references existed (migration 1404) keep their addresses.
 */
export async function eraseAuditPersons(db: Kysely<Database>, emails: readonly string[]): Promise<number> {
  return deleteAuditPersons(
    db,
    emails.map((email) => email.toLowerCase()),
  );
}
