import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import { type AuditKeyPlugin, findAuditKey, findAuditPlugin } from '../db/audit-key-plugin.ts';
import type { Database } from '../db/database.ts';
import { isPostgres } from '../db/dialect.ts';
import {
  type AuditAnchor,
  type AuditEvent,
  type AuditFilter,
  appendAuditEvents,
  claimAuditChainHead,
  deletePendingAuditBatches,
  findAuditChainHead,
  findAuditVerification,
  hasPendingAuditBatches,
  insertAuditAnchor,
  insertPendingAuditBatch,
  iterateAuditEvents,
  listAuditAnchors,
  listAuditEventRowsNaming,
  listAuditEvents,
  listPendingAuditBatches,
  type PendingAuditBatch,
  type PendingAuditEvent,
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
 * Records several events in order, in the transaction that makes the changes (call it there). How they enter the
 * chain depends on the handle's sealing (db/audit-key-plugin.ts): `inline` claims the chain's head once for all of
 * them and appends them; `after-commit` writes them as one pending batch, which the sealer appends after the
 * commit (a rollback takes the batch with it). Either way a transaction's events stay together, in their order.
 * @throws Error when the handle carries no audit key.
 */
export async function recordAuditEvents(
  db: Kysely<Database>,
  clock: Clock,
  events: readonly NewAuditEvent[],
): Promise<void> {
  if (events.length === 0) return;
  const plugin = requireAuditPlugin(db);
  const occurredAt = clock.now().toISOString();
  // Addresses get their references first, so the chain only ever holds the references.
  const addresses = findAddresses(...events.map((event) => [event.actor.label, event.details ?? {}]));
  const references = await ensureAuditPersonReferences(db, addresses, occurredAt);
  const pending = events.map(
    (event): PendingAuditEvent => ({
      actorUserId: event.actor.userId,
      actorLabel: pseudonymise(event.actor.label, references),
      action: event.action,
      subjectType: event.subjectType,
      subjectId: event.subjectId,
      details: pseudonymise(event.details ?? {}, references),
    }),
  );
  if (plugin.sealing === 'inline') {
    const { sequence, previousHash } = await claimAuditChainHead(db, pending.length);
    await appendToChain(db, plugin.key, { sequence, previousHash }, [{ occurredAt, events: pending }]);
    return;
  }
  await insertPendingAuditBatch(db, occurredAt, pending);
  const sealer = findSealer(plugin);
  if (db.isTransaction) {
    // The driver tells the plugin when this connection's transaction commits; the sealer starts then.
    const connection = await db.getExecutor().provideConnection(async (used) => used);
    plugin.pendingConnections.add(connection);
  } else sealer.kick();
}

/** Hashes batches of events into the chain from the given place on, and moves the head (signed) to the last. */
async function appendToChain(
  db: Kysely<Database>,
  key: string,
  from: { sequence: number; previousHash: string },
  batches: ReadonlyArray<Pick<PendingAuditBatch, 'occurredAt' | 'events'>>,
): Promise<number> {
  const hashed: AuditEvent[] = [];
  let previousHash = from.previousHash;
  for (const batch of batches) {
    for (const event of batch.events) {
      const unhashed = {
        sequence: from.sequence + hashed.length,
        occurredAt: batch.occurredAt,
        ...event,
        previousHash,
      };
      const hash = hashAuditEvent(unhashed);
      hashed.push({ ...unhashed, hash });
      previousHash = hash;
    }
  }
  const last = hashed.at(-1);
  if (!last) return 0;
  await appendAuditEvents(db, hashed, signAuditHead(key, { sequence: last.sequence, hash: last.hash }));
  return hashed.length;
}

/** How many pending batches one sealing transaction appends at most. */
const sealBatchLimit = 500;

/**
 * Appends every committed pending batch to the chain, oldest first, and returns how many events it sealed. Each
 * pass is one short transaction (or runs in the caller's): it takes the head's row lock with a claim of no places,
 * so sealers of several instances take turns, reads the batches committed by then, hashes them on from the head,
 * inserts the events, moves the head and deletes the batches. On a handle without an audit key it does nothing.
 */
export async function sealPendingAuditEvents(db: Kysely<Database>): Promise<number> {
  const plugin = findAuditPlugin(db);
  if (!plugin || !(await hasPendingAuditBatches(db))) return 0;
  const sealOnce = async (trx: Kysely<Database>) => {
    const head = await claimAuditChainHead(trx, 0);
    const batches = await listPendingAuditBatches(trx, sealBatchLimit);
    const count = await appendToChain(trx, plugin.key, head, batches);
    await deletePendingAuditBatches(
      trx,
      batches.map((batch) => batch.id),
    );
    return { count, isMore: batches.length === sealBatchLimit };
  };
  let sealed = 0;
  for (;;) {
    const pass = db.isTransaction ? await sealOnce(db) : await db.transaction().execute(sealOnce);
    sealed += pass.count;
    if (!pass.isMore) return sealed;
  }
}

/**
 * Seals in the background for one handle (per copy of this module): started by a commit that carried pending
 * events, one pass at a time, and again at once if another such commit came meanwhile. A failed pass is retried
 * after a second; batches it left stay pending (a crash leaves them too) and any later pass of any instance seals
 * them, in their order.
 */
class BackgroundSealer {
  readonly #db: Kysely<Database>;
  #running: Promise<void> | undefined;
  #isAgain = false;
  #isClosed = false;
  #timer: NodeJS.Timeout | undefined;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  kick(): void {
    if (this.#isClosed) return;
    if (this.#running) {
      this.#isAgain = true;
      return;
    }
    this.#running = this.#loop().finally(() => {
      this.#running = undefined;
    });
  }

  /** Also seals every `intervalMs` (batches another instance left behind when it stopped). */
  startTimer(intervalMs: number): void {
    if (this.#timer || this.#isClosed) return;
    this.#timer = setInterval(() => this.kick(), intervalMs);
    this.#timer.unref();
  }

  /** Waits for the pass under way, if any (tests and shutdown). */
  async settle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  async close(): Promise<void> {
    this.#isClosed = true;
    if (this.#timer) clearInterval(this.#timer);
    await this.settle();
    try {
      await sealPendingAuditEvents(this.#db);
    } catch (error) {
      console.error(`Audit events left unsealed at shutdown; the next start seals them: ${describe(error)}`);
    }
  }

  async #loop(): Promise<void> {
    do {
      this.#isAgain = false;
      try {
        await sealPendingAuditEvents(this.#db);
      } catch (error) {
        if (this.#isClosed) return;
        console.error(`Sealing audit events failed; retrying in a second: ${describe(error)}`);
        setTimeout(() => this.kick(), 1000).unref();
        return;
      }
    } while (this.#isAgain && !this.#isClosed);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const backgroundSealers = new WeakMap<AuditKeyPlugin, BackgroundSealer>();

/** The background sealer of a handle, registered with its plugin on first use. */
function findSealer(plugin: AuditKeyPlugin): BackgroundSealer {
  let sealer = backgroundSealers.get(plugin);
  if (sealer) return sealer;
  if (!plugin.root) throw new Error('This audit handle has no root handle; open it with openDatabase.');
  sealer = new BackgroundSealer(plugin.root as Kysely<Database>);
  backgroundSealers.set(plugin, sealer);
  plugin.sealers.add(sealer);
  return sealer;
}

function requireAuditPlugin(db: Kysely<Database>): AuditKeyPlugin {
  const plugin = findAuditPlugin(db);
  if (!plugin) findAuditKey(db); // throws the missing key's error
  return plugin as AuditKeyPlugin;
}

/**
 * Starts the server's background sealing of a handle that seals after commit: besides the passes that commits
 * start, one every `intervalMs`, so batches left by a stopped instance do not wait for the next request.
 */
export function startAuditSealing(db: Kysely<Database>, intervalMs = 2000): void {
  const plugin = findAuditPlugin(db);
  if (plugin?.sealing === 'after-commit') findSealer(plugin).startTimer(intervalMs);
}

/** Waits until the background sealing of this handle has nothing under way (for tests that read the chain). */
export async function settleAuditSealing(db: Kysely<Database>): Promise<void> {
  const plugin = findAuditPlugin(db);
  const sealer = plugin ? backgroundSealers.get(plugin) : undefined;
  await sealer?.settle();
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
  // Batches committed but not yet sealed are sealed first, so the verification covers every committed event.
  await sealPendingAuditEvents(db);
  // On PostgreSQL the events, the head and the anchors are read in one snapshot, so a sealer appending meanwhile
  // cannot make the head look ahead of the events read. (SQLite's one connection serves the server's requests too,
  // so there the reads interleave with appends as before.)
  if (isPostgres(db) && !db.isTransaction) {
    return db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute((trx) => verifyChain(trx, key, options));
  }
  return verifyChain(db, key, options);
}

async function verifyChain(
  db: Kysely<Database>,
  key: string,
  options: { isUnsignedHeadAccepted?: boolean },
): Promise<AuditVerification> {
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
  // The anchor covers the events committed so far and the caller's own (sealed here, in its transaction).
  await sealPendingAuditEvents(db);
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
  await sealPendingAuditEvents(db);
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
  await sealPendingAuditEvents(db);
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
