import type {
  Kysely,
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';

/**
 * How a handle's transactions put their audit events into the hash chain:
 * - `inline`: each transaction claims the chain's head and appends its events itself (SQLite, whose single writer
 *   makes the claim free);
 * - `after-commit`: each transaction writes its events as a pending batch, and after its commit a sealer appends the
 *   committed batches to the chain in one short transaction of its own (PostgreSQL, where a claim held to the commit
 *   would order every request of every instance one after another).
 */
export type AuditSealing = 'inline' | 'after-commit';

/** What the audit module registers on a handle to be told about commits and the handle's end. */
export type AuditSealer = {
  /** A transaction that wrote pending events committed (or such events were written outside a transaction). */
  kick(): void;
  /** The handle is being destroyed: seal what is pending and stop. */
  close(): Promise<void>;
};

/**
 * Carries the audit key with a database handle (and every transaction begun from it), so that recording an event
 * anywhere signs the new head without every service passing the key along, and the handle's sealing: which
 * transactions wrote pending events, and who seals them after the commit. It changes no query.
 */
// A registered symbol, not `instanceof`: the tests give handles opened by the sources to the compiled product
// (dist/), whose copy of this class is a different one. For the same reason the audit module only reads and
// writes this object's fields, never calls its methods.
const auditKeyBrand = Symbol.for('lagesbild.auditKey');

export class AuditKeyPlugin implements KyselyPlugin {
  readonly key: string;
  readonly sealing: AuditSealing;
  readonly [auditKeyBrand] = true;
  /** The handle itself (not a transaction), on which a sealer opens its own transactions; set by openDatabase. */
  root: Kysely<unknown> | undefined;
  /** The connections whose open transaction wrote pending events (marked by the audit module). */
  readonly pendingConnections = new WeakSet<object>();
  /** The sealers told about commits: one per copy of the audit module that recorded through this handle. */
  readonly sealers = new Set<AuditSealer>();

  constructor(key: string, sealing: AuditSealing) {
    this.key = key;
    this.sealing = sealing;
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }

  /** Called by the driver after a transaction on `connection` committed. */
  committed(connection: object): void {
    if (!this.pendingConnections.has(connection)) return;
    this.pendingConnections.delete(connection);
    for (const sealer of this.sealers) sealer.kick();
  }

  /** Called by the driver after a transaction on `connection` rolled back: its pending events are gone. */
  rolledBack(connection: object): void {
    this.pendingConnections.delete(connection);
  }

  /** Called before the handle closes its connections. */
  async closing(): Promise<void> {
    for (const sealer of this.sealers) await sealer.close();
    this.sealers.clear();
  }
}

/** The audit plugin of a handle, found by its brand (see above), or undefined. */
export function findAuditPlugin<T>(db: Kysely<T>): AuditKeyPlugin | undefined {
  for (const plugin of db.getExecutor().plugins) {
    if (auditKeyBrand in plugin && 'key' in plugin && typeof plugin.key === 'string') return plugin as AuditKeyPlugin;
  }
  return undefined;
}

/**
 * The audit key carried by a database handle.
 * @throws Error when the handle was opened without one: an event must never be appended unsigned.
 */
export function findAuditKey<T>(db: Kysely<T>): string {
  const plugin = findAuditPlugin(db);
  if (plugin) return plugin.key;
  throw new Error('This database handle has no audit key; open it with openDatabase(config, { auditKey }).');
}
