import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import {
  type DialectAdapter,
  type Driver,
  Kysely,
  type LogConfig,
  PostgresDialect,
  type PostgresDialectConfig,
  PostgresDriver,
  type SqliteDatabase,
  type SqliteStatement,
  sql,
} from 'kysely';
import type PostgreSQL from 'pg';
import type { DatabaseConfig } from '../config.ts';
import { AuditKeyPlugin, type AuditSealing } from './audit-key-plugin.ts';
import type { Database } from './database.ts';
import { postgresMark } from './dialect.ts';
import { GroupCommitSqliteDialect, type TransactionHooks } from './sqlite-group-commit.ts';
import { serverAutocheckpointPages, startWalCheckpointer, type WalCheckpointer } from './wal-checkpointer.ts';

export type Dialect = DatabaseConfig['dialect'];

/** An open database with the dialect it speaks, so repositories can hide the few dialect differences. */
export type DatabaseHandle = {
  db: Kysely<Database>;
  dialect: Dialect;
  /** Closes every connection; call once on shutdown. */
  destroy(): Promise<void>;
};

const require = createRequire(import.meta.url);
let loadedPg: typeof PostgreSQL | undefined;

/** The PostgreSQL driver, loaded on first use, so that a server on SQLite never carries it. */
function loadPg(): typeof PostgreSQL {
  if (loadedPg !== undefined) return loadedPg;
  const pg: typeof PostgreSQL = require('pg');
  // pg returns bigint (count(*)) and numeric as strings; parse them as numbers, as SQLite does. Counts here stay
  // far below 2^53.
  pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));
  pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number.parseFloat(value));
  loadedPg = pg;
  return pg;
}

/**
 * Opens the database named by the configuration: a SQLite file (WAL, foreign keys on) or a PostgreSQL pool. With
 * `auditKey`, recording audit events through it signs the chain's head; `auditSealing` chooses how events enter the
 * chain (see AuditSealing: by default inline on SQLite, after the commit on PostgreSQL).
 */
export function openDatabase(
  config: DatabaseConfig,
  options: {
    poolSize?: number;
    onPoolError?: (error: Error) => void;
    log?: LogConfig;
    auditKey?: string;
    auditSealing?: AuditSealing;
    /**
     * SQLite: checkpoint the write-ahead log from a thread of its own (db/wal-checkpointer.ts) once the handle has
     * committed this many times (a COMMIT may carry several transactions), for a long-running server. The thread
     * costs about 10 MB, so an idle server does without it until it has a write load; unset (short commands), SQLite
     * checkpoints itself.
     */
    checkpointsInBackgroundAfter?: number;
    onCheckpointError?: (message: string) => void;
    /**
     * SQLite: commit the transactions that end in one turn of the event loop together (db/sqlite-group-commit.ts),
     * for a server under load. Only where this handle is the process's only one writing the file.
     */
    groupsCommits?: boolean;
  } = {},
): DatabaseHandle {
  // The audit key travels with the handle (see AuditKeyPlugin); a handle without one can read but not audit.
  const plugin =
    options.auditKey === undefined
      ? undefined
      : new AuditKeyPlugin(
          options.auditKey,
          options.auditSealing ?? (config.dialect === 'sqlite' ? 'inline' : 'after-commit'),
        );
  // Set on SQLite when the handle may start the checkpoint thread: called after each commit.
  let afterCommit: (() => void) | undefined;
  const hooks: TransactionHooks = {
    committed: (connection) => {
      plugin?.committed(connection);
      afterCommit?.();
    },
    rolledBack: (connection) => plugin?.rolledBack(connection),
  };
  const finish = (db: Kysely<Database>) => {
    const handle = plugin === undefined ? db : db.withPlugin(plugin);
    if (plugin) plugin.root = handle as Kysely<unknown>;
    return {
      db: handle,
      destroy: async () => {
        // Pending audit events are sealed before the connections close.
        await plugin?.closing();
        await handle.destroy();
      },
    };
  };
  if (config.dialect === 'sqlite') {
    mkdirSync(dirname(config.file), { recursive: true });
    const sqlite = new SQLite(config.file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    // Deleted and overwritten rows are zeroed in the file, so a purge leaves no readable copy behind (the WAL's
    // copies go at the checkpoint after a purge: db/erasure.ts).
    sqlite.pragma('secure_delete = ON');
    // Waits for a lock instead of failing at once when another process (a CLI command) writes.
    sqlite.pragma('busy_timeout = 5000');
    // With WAL, NORMAL keeps every committed transaction after a process crash; only an OS crash may lose the last.
    sqlite.pragma('synchronous = NORMAL');
    let checkpointer: WalCheckpointer | undefined;
    const startCheckpoints = () => {
      checkpointer = startWalCheckpointer(
        config.file,
        options.onCheckpointError ? { onError: options.onCheckpointError } : {},
      );
      sqlite.pragma(`wal_autocheckpoint = ${serverAutocheckpointPages}`);
    };
    const threshold = options.checkpointsInBackgroundAfter;
    if (threshold !== undefined && threshold <= 0) startCheckpoints();
    else if (threshold !== undefined) {
      let commits = 0;
      afterCommit = () => {
        commits += 1;
        if (checkpointer !== undefined || commits < threshold) return;
        afterCommit = undefined;
        startCheckpoints();
      };
    }
    const { db, destroy } = finish(
      new Kysely<Database>({
        dialect: new GroupCommitSqliteDialect(withStatementCache(sqlite), sqlite, hooks, {
          isDeferred: options.groupsCommits ?? false,
        }),
        ...(options.log ? { log: options.log } : {}),
      }),
    );
    return {
      db,
      dialect: 'sqlite',
      destroy: async () => {
        await checkpointer?.stop();
        await destroy();
      },
    };
  }
  const pool = new (loadPg().Pool)({ connectionString: config.url, max: options.poolSize ?? 10 });
  // An idle connection that the server drops (restart, failover, admin shutdown) emits 'error' on the pool; without
  // a listener that would crash the process. The pool replaces the connection; the next query reconnects.
  pool.on('error', (error) =>
    (options.onPoolError ?? ((problem) => console.error('PostgreSQL connection lost:', problem.message)))(error),
  );
  const { db, destroy } = finish(
    new Kysely<Database>({
      dialect: new MarkedPostgresDialect({ pool }, hooks),
      ...(options.log ? { log: options.log } : {}),
    }),
  );
  return { db, dialect: 'postgres', destroy };
}

/** Tells the hooks when a transaction of the driver ends; the driver's own begin, commit and rollback still run. */
function withTransactionHooks<D extends Driver>(driver: D, hooks: TransactionHooks): D {
  const commit = driver.commitTransaction.bind(driver);
  const rollback = driver.rollbackTransaction.bind(driver);
  driver.commitTransaction = async (connection) => {
    await commit(connection);
    hooks.committed(connection);
  };
  driver.rollbackTransaction = async (connection) => {
    hooks.rolledBack(connection);
    await rollback(connection);
  };
  return driver;
}

/**
 * PostgreSQL whose adapter carries `postgresMark`, so `isPostgres` knows it across copies of Kysely, and whose driver
 * tells the hooks when a transaction ends.
 */
class MarkedPostgresDialect extends PostgresDialect {
  readonly #config: PostgresDialectConfig;
  readonly #hooks: TransactionHooks;

  constructor(config: PostgresDialectConfig, hooks: TransactionHooks) {
    super(config);
    this.#config = config;
    this.#hooks = hooks;
  }

  override createDriver(): Driver {
    return withTransactionHooks(new PostgresDriver(this.#config), this.#hooks);
  }

  override createAdapter(): DialectAdapter {
    return Object.assign(super.createAdapter(), { [postgresMark]: true });
  }
}

/** Answers whether the database responds; used by /healthz. */
export async function isDatabaseReachable(db: Kysely<Database>): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    // The health check reports the failure as its answer; the caller logs nothing more here.
    return false;
  }
}

/**
 * Creates the PostgreSQL database named in the URL when it does not exist yet, so that the first start needs no
 * manual `createdb`. SQLite files are created on open anyway.
 */
export async function createDatabaseIfMissing(config: DatabaseConfig): Promise<void> {
  if (config.dialect !== 'postgres') return;
  const pg = loadPg();
  const probe = new pg.Client({ connectionString: config.url });
  try {
    await probe.connect();
    return;
  } catch (error) {
    // 3D000 is invalid_catalog_name: the server answers but the database is missing; anything else is real.
    if (!(error instanceof Error && 'code' in error && error.code === '3D000')) throw error;
  } finally {
    await probe.end().catch(() => undefined);
  }
  const url = new URL(config.url);
  const name = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    await admin.query(`create database "${name.replaceAll('"', '""')}"`);
  } catch (error) {
    // Another instance created it in the meantime: 42P04 duplicate_database when its CREATE had committed, 23505
    // (unique violation on pg_database's name index) when both CREATEs ran at once.
    if (!(error instanceof Error && 'code' in error && (error.code === '42P04' || error.code === '23505'))) throw error;
  } finally {
    await admin.end();
  }
}

/**
 * Kysely's SQLite driver prepares every statement anew, and compiling SQL was the largest single cost of an autosave
 * in the benchmark's profile. This keeps the most recently used prepared statements per connection (SQLite
 * re-prepares them itself after a schema change). Safe because the driver runs each statement to completion
 * synchronously (`all`/`run`); nothing here streams with `iterate`.
 */
function withStatementCache(database: SQLite.Database, capacity = 500): SqliteDatabase {
  const statements = new Map<string, SqliteStatement>();
  return {
    close: () => database.close(),
    prepare(text) {
      const cached = statements.get(text);
      if (cached) {
        // Refresh its place so the map's order is least recently used first.
        statements.delete(text);
        statements.set(text, cached);
        return cached;
      }
      const statement = database.prepare(text);
      statements.set(text, statement);
      if (statements.size > capacity) {
        const oldest = statements.keys().next();
        if (!oldest.done) statements.delete(oldest.value);
      }
      return statement;
    },
  };
}
