import type { FastifyInstance } from 'fastify';

/**
 * Keeps a saturated server taking new connections.
 *
 * Node accepts at most one new connection per turn of its event loop (measured on Node 20: one `accept4` between two
 * `epoll_wait`s, whatever the listen queue holds), and a turn lasts as long as the work of every request whose bytes
 * arrived in it. With SQLite that work is synchronous, so at 200 busy connections a turn took 100–200 ms: the
 * connections already served kept the server busy while about 90 new ones waited in the kernel's listen queue,
 * accepted one per turn, and their first request took up to 15 s (autocannon's 10 s timeouts in `npm run bench`).
 *
 * So a request starts at once only while the current turn has spent less than `sliceMs`; after that it joins one
 * first-in-first-out queue, and the queue starts one request per later turn (in the turn's check phase, after the
 * poll phase that accepts and reads). A turn is then about `sliceMs` long at most plus one request, new
 * connections are accepted at the pace of the turns, and a waiting request is started before any that came after
 * it. An idle or lightly loaded server never queues: each turn's first request starts at once. Requests that wait
 * on I/O (PostgreSQL) yield by themselves; only their starts are paced.
 */
export function createAdmission(
  sliceMs: number,
  now: () => number = () => performance.now(),
): () => Promise<void> | undefined {
  const waiting: Array<() => void> = [];
  /** When the current turn started its first request directly; undefined once that turn's check phase came. */
  let turnStartedAt: number | undefined;
  let isPumping = false;

  const endTurn = () => {
    turnStartedAt = undefined;
  };
  const pump = () => {
    waiting.shift()?.();
    if (waiting.length > 0) setImmediate(pump);
    else isPumping = false;
  };

  return () => {
    if (waiting.length === 0) {
      const time = now();
      if (turnStartedAt === undefined) {
        turnStartedAt = time;
        setImmediate(endTurn);
        return undefined;
      }
      if (time - turnStartedAt < sliceMs) return undefined;
    }
    return new Promise<void>((resolve) => {
      waiting.push(resolve);
      if (!isPumping) {
        isPumping = true;
        setImmediate(pump);
      }
    });
  };
}

/** Paces the start of every request through one admission (see `createAdmission`); registered before all else. */
export function registerAdmission(app: FastifyInstance, sliceMs = 10): void {
  const admit = createAdmission(sliceMs);
  app.addHook('onRequest', (_request, _reply, done) => {
    const admitted = admit();
    if (admitted === undefined) done();
    else void admitted.then(() => done());
  });
}
