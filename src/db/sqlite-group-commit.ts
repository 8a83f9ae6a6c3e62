/**
 * The SQLite driver of a handle: one connection, one holder at a time, and the transactions of one turn of the event
 * loop committed together (group commit).
 *
 * Why: a server on SQLite has one writer, and under load its transactions run one after another. Each COMMIT wrote its
 * pages to the write-ahead log on its own, and four of an autosave's ten are the same for every save (the audit chain's
 * head, the last pages of the history and the audit tables, the file's header): COMMIT was the most expensive statement
 * of an autosave, a ninth of the server's time (BENCHMARKS.md, issue 19). Here a transaction ends by releasing its
 * savepoint, and the database transaction commits at the end of the event loop's turn (`setImmediate`), once for every
 * transaction that ended in that turn.
 *
 * What each transaction keeps:
 * - Atomicity. Each transaction of a group runs in a savepoint of its own: its failure rolls back its own work only.
 * - Isolation. Transactions run one after another on the one connection, each seeing the last one's writes, as before.
 * - Durability as the caller sees it. Nobody hears of anything before the COMMIT that holds it: `execute()` of a
 *   transaction, and any query outside a transaction that runs while a group is open, return only after that COMMIT
 *   (and throw if it fails, or if SQLite rolled the database transaction back).
 *
 * A group takes at most `maxMembers` transactions and no transaction joins one older than `maxAgeMs`, so a stream of
 * transactions cannot keep the write lock from other processes. The write lock is taken when a group begins (BEGIN
 * IMMEDIATE), so a transaction that reads and then writes never fails with SQLITE_BUSY because another process (a CLI
 * command) wrote in between; it waits up to the busy timeout instead.
 */
import type SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  type SqliteDatabase,
  SqliteDialect,
  type SqliteStatement,
} from 'kysely';

/** Told when a database transaction ends, so the audit sealing knows which commits carried pending events. */
export type TransactionHooks = {
  committed(connection: DatabaseConnection): void;
  rolledBack(connection: DatabaseConnection): void;
};

export type GroupCommitOptions = {
  /**
   * Commit at the end of the event loop's turn, together with the turn's other transactions. Without it, each
   * transaction commits as it ends, as Kysely's own driver does. Only for a process whose handle is the only one
   * writing its file: a second handle's BEGIN would wait (synchronously, up to the busy timeout) for a COMMIT that only
   * this process's event loop, then blocked, can run.
   */
  isDeferred?: boolean;
  /** The most transactions one COMMIT carries. */
  maxMembers?: number;
  /** A transaction begun this long after its group's first one commits the group and starts a new one. */
  maxAgeMs?: number;
};

/** One database transaction shared by the transactions that joined it, settled by its COMMIT. */
type Group = {
  members: number;
  startedAt: number;
  /** Settles when the group has ended: resolved by its COMMIT, rejected when it failed or was rolled back. */
  committed: Promise<void>;
  settle(error?: unknown): void;
};

const memberSavepoint = 'group_member';

/** SQLite through the group-commit driver, over `database` (better-sqlite3 `sqlite`, or a statement cache of it). */
export class GroupCommitSqliteDialect extends SqliteDialect {
  readonly #database: SqliteDatabase;
  readonly #sqlite: SQLite.Database;
  readonly #hooks: TransactionHooks;
  readonly #options: GroupCommitOptions;

  constructor(
    database: SqliteDatabase,
    sqlite: SQLite.Database,
    hooks: TransactionHooks,
    options: GroupCommitOptions = {},
  ) {
    super({ database });
    this.#database = database;
    this.#sqlite = sqlite;
    this.#hooks = hooks;
    this.#options = options;
  }

  override createDriver(): Driver {
    return new GroupCommitSqliteDriver(this.#database, this.#sqlite, this.#hooks, this.#options);
  }
}

function openGroup(): Group {
  let resolve: () => void = () => undefined;
  let reject: (error: unknown) => void = () => undefined;
  const committed = new Promise<void>((onResolve, onReject) => {
    resolve = onResolve;
    reject = onReject;
  });
  // Those who joined read the outcome; a group whose members all rolled back has nobody to tell.
  committed.catch(() => undefined);
  return {
    members: 0,
    startedAt: performance.now(),
    committed,
    settle: (error) => (error === undefined ? resolve() : reject(error)),
  };
}

export class GroupCommitSqliteDriver implements Driver {
  readonly #database: SqliteDatabase;
  /** better-sqlite3 itself, which knows whether SQLite still has a transaction open. */
  readonly #sqlite: SQLite.Database;
  readonly #hooks: TransactionHooks;
  readonly #maxMembers: number;
  readonly #maxAgeMs: number;
  readonly #isDeferred: boolean;
  readonly #connection: GroupCommitConnection;
  /** Those waiting for the connection, first come first served. */
  readonly #waiting: Array<() => void> = [];
  #isHeld = false;
  #group: Group | undefined;
  /** The holder is inside its transaction's savepoint: nothing may commit until it ends. */
  #isInMember = false;
  /** The turn's COMMIT came while a transaction was inside its savepoint: it runs when that transaction ends. */
  #isCommitDue = false;
  /** The group the holder's transaction joined, whose COMMIT its `execute()` waits for. */
  #joined: Group | undefined;

  constructor(database: SqliteDatabase, sqlite: SQLite.Database, hooks: TransactionHooks, options: GroupCommitOptions) {
    this.#database = database;
    this.#sqlite = sqlite;
    this.#hooks = hooks;
    this.#maxMembers = options.maxMembers ?? 32;
    this.#maxAgeMs = options.maxAgeMs ?? 50;
    this.#isDeferred = options.isDeferred ?? false;
    this.#connection = new GroupCommitConnection(database, {
      joinGroup: () => (this.#isInMember ? undefined : this.#group),
      commitGroup: () => this.#commitGroup(),
      checkGroup: () => this.#checkGroup(),
    });
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    if (this.#isHeld) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    // Handed over by releaseConnection with #isHeld still true, so nobody takes it in between.
    this.#isHeld = true;
    return this.#connection;
  }

  async beginTransaction(): Promise<void> {
    const group = this.#group;
    if (group && (group.members >= this.#maxMembers || performance.now() - group.startedAt > this.#maxAgeMs)) {
      this.#commitGroup();
    }
    if (!this.#group) {
      this.#run('begin immediate');
      this.#group = openGroup();
      if (this.#isDeferred) setImmediate(() => this.#commitAtEndOfTurn());
    }
    // Without deferral a group is one transaction, which needs no savepoint of its own.
    if (this.#isDeferred) this.#run(`savepoint ${memberSavepoint}`);
    this.#group.members += 1;
    this.#isInMember = true;
  }

  async commitTransaction(): Promise<void> {
    if (this.#isDeferred) this.#run(`release ${memberSavepoint}`);
    this.#isInMember = false;
    this.#joined = this.#group;
    if (this.#isCommitDue || !this.#isDeferred) this.#commitGroup();
  }

  async rollbackTransaction(): Promise<void> {
    this.#isInMember = false;
    if (!this.#sqlite.inTransaction) this.#checkGroup();
    else if (!this.#isDeferred) this.#rollBackGroup();
    else {
      this.#run(`rollback to ${memberSavepoint}`);
      this.#run(`release ${memberSavepoint}`);
      if (this.#isCommitDue) this.#commitGroup();
    }
  }

  async releaseConnection(): Promise<void> {
    const joined = this.#joined;
    this.#joined = undefined;
    const next = this.#waiting.shift();
    if (next) next();
    else this.#isHeld = false;
    // Lets `execute()` return only once the transaction's work is committed (or throw if it was not).
    if (joined) await joined.committed;
  }

  async destroy(): Promise<void> {
    this.#commitGroup();
    this.#database.close();
  }

  #run(text: string): void {
    try {
      this.#connection.runOwnStatement(text);
    } catch (error) {
      this.#checkGroup();
      throw error;
    }
  }

  #commitAtEndOfTurn(): void {
    if (this.#isInMember) this.#isCommitDue = true;
    else this.#commitGroup();
  }

  #commitGroup(): void {
    this.#isCommitDue = false;
    const group = this.#group;
    if (!group) return;
    this.#group = undefined;
    try {
      this.#connection.runOwnStatement('commit');
    } catch (error) {
      if (this.#sqlite.inTransaction) this.#connection.runOwnStatement('rollback');
      this.#hooks.rolledBack(this.#connection);
      group.settle(error);
      return;
    }
    this.#hooks.committed(this.#connection);
    group.settle();
  }

  /** Rolls back a group of one transaction, the one that failed (without deferral). */
  #rollBackGroup(): void {
    const group = this.#group;
    this.#group = undefined;
    this.#connection.runOwnStatement('rollback');
    this.#hooks.rolledBack(this.#connection);
    group?.settle(new Error('The transaction was rolled back.'));
  }

  /**
   * After a failed statement: when SQLite rolled the whole database transaction back (a full disk, an I/O error), the
   * group's transactions lost their work, and those waiting for its COMMIT hear so.
   */
  #checkGroup(): void {
    const group = this.#group;
    if (!group || this.#sqlite.inTransaction) return;
    this.#group = undefined;
    this.#isInMember = false;
    this.#isCommitDue = false;
    this.#hooks.rolledBack(this.#connection);
    group.settle(new Error('SQLite rolled back a transaction shared by several saves; none of them was kept.'));
  }
}

type GroupAccess = {
  /** The open group a query outside a transaction belongs to, if any. */
  joinGroup(): Group | undefined;
  commitGroup(): void;
  checkGroup(): void;
};

/** The one connection: runs each statement to completion synchronously, as Kysely's own SQLite connection does. */
class GroupCommitConnection implements DatabaseConnection {
  readonly #database: SqliteDatabase;
  readonly #groups: GroupAccess;
  #isOwnStatement = false;
  #ownStatementError: unknown;

  constructor(database: SqliteDatabase, groups: GroupAccess) {
    this.#database = database;
    this.#groups = groups;
  }

  /**
   * Runs one of the driver's own statements (begin, savepoint, commit ...) at once, throwing its error, through
   * `executeQuery` as Kysely may have wrapped it: so the handle's query log shows them, as it shows Kysely's own.
   */
  runOwnStatement(text: string): void {
    this.#isOwnStatement = true;
    this.#ownStatementError = undefined;
    try {
      // Runs the statement before it returns; its outcome is read from #ownStatementError, not from the promise.
      this.executeQuery(CompiledQuery.raw(text)).catch(() => undefined);
    } finally {
      this.#isOwnStatement = false;
    }
    if (this.#ownStatementError !== undefined) throw this.#ownStatementError;
  }

  executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    if (this.#isOwnStatement) {
      try {
        return Promise.resolve(this.#execute(this.#database.prepare(compiledQuery.sql), compiledQuery.parameters));
      } catch (error) {
        this.#ownStatementError = error;
        return Promise.reject(error);
      }
    }
    // A query outside a transaction while a group is open runs in it, and answers once the group has committed.
    const group = this.#groups.joinGroup();
    let result: QueryResult<R>;
    try {
      result = this.#execute(this.#database.prepare(compiledQuery.sql), compiledQuery.parameters);
    } catch (error) {
      this.#groups.checkGroup();
      return Promise.reject(error);
    }
    return group ? group.committed.then(() => result) : Promise.resolve(result);
  }

  async *streamQuery<R>(compiledQuery: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    // A stream spans turns of the event loop: it reads committed data only, after the open group's COMMIT.
    if (this.#groups.joinGroup()) this.#groups.commitGroup();
    const statement = this.#database.prepare(compiledQuery.sql);
    for (const row of statement.iterate(compiledQuery.parameters)) yield { rows: [row as R] };
  }

  #execute<R>(statement: SqliteStatement, parameters: readonly unknown[]): QueryResult<R> {
    if (statement.reader) return { rows: statement.all(parameters) as R[] };
    const { changes, lastInsertRowid } = statement.run(parameters);
    return { rows: [], numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid) };
  }
}
