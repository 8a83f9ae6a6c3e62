import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Checkpoints a SQLite database's write-ahead log from a thread of its own, with a connection of its own, so that the
 * server's thread never waits for a checkpoint. Left to SQLite, the commit that takes the log past 1,000 pages copies
 * them into the database file and waits for two fsyncs on the server's only thread: under a load of autosaves that
 * cost about a sixth of the requests a second on this machine (BENCHMARKS.md, issue 19).
 *
 * A PASSIVE checkpoint never waits for a lock and never blocks the writer. While the writer commits without a pause,
 * the log cannot start over from its beginning (that needs every page of it copied before the next write), so the
 * server's connection keeps SQLite's own checkpoint at a higher mark (`serverAutocheckpointPages`): by then this
 * thread has copied nearly everything, and the commit that reaches the mark finishes the checkpoint and lets the log
 * start over.
 */
export type WalCheckpointer = {
  /** Stops the thread after its current checkpoint and closes its connection. */
  stop(): Promise<void>;
};

/** The log's size, in pages, at which the server's own connection checkpoints (SQLite's default is 1,000). */
export const serverAutocheckpointPages = 10_000;

const require = createRequire(import.meta.url);

// The thread's code, evaluated as CommonJS: a file of its own would need a place in the build beside `dist/`, and
// this is all it does. `busy` is 1 when another checkpoint held the lock; the next turn tries again.
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driverPath);
const database = new Database(workerData.file, { fileMustExist: true });
const checkpoint = () => {
  try {
    database.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message ? error.message : error) });
  }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  database.close();
  parentPort.close();
});
`;

/**
 * Starts checkpointing the log of the SQLite database in `file` every `intervalMs` from a worker thread.
 * `onError` hears of a checkpoint that failed (the thread goes on; SQLite's own checkpoint remains the safety net).
 */
export function startWalCheckpointer(
  file: string,
  options: { intervalMs?: number; onError?: (message: string) => void } = {},
): WalCheckpointer {
  const worker = new Worker(workerSource, {
    eval: true,
    workerData: { file, driverPath: require.resolve('better-sqlite3'), intervalMs: options.intervalMs ?? 200 },
  });
  worker.on('message', (message: { error?: string }) => {
    if (message.error !== undefined) options.onError?.(message.error);
  });
  worker.on('error', (error) => options.onError?.(error.message));
  // The thread alone never keeps the process alive: a server stops when its listener closes.
  worker.unref();
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    async stop() {
      // Waiting for the thread's exit must hold the process open until it comes.
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}
