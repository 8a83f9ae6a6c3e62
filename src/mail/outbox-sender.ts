import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { type PeriodicTask, startPeriodicTask } from '../periodic-task.ts';
import { type SenderOptions, type SendTally, sendDueMail } from './outbox.service.ts';

/**
 * Runs the outbox's sender in this process: every `intervalMs` it sends whatever mail is due. Every instance runs
 * one; the leases in the database make each mail go out once. `stop` lets the batch in hand finish (and record its
 * attempts) but takes no new one, so a shutdown does not wait for a long queue; the rest stays for the next sender.
 */
export function startMailSender(
  options: SenderOptions & {
    db: Kysely<Database>;
    clock: Clock;
    intervalMs: number;
    onError: (error: unknown) => void;
    onRun?: (tally: SendTally) => void;
  },
): PeriodicTask {
  const stopping = new AbortController();
  const task = startPeriodicTask(async () => {
    const tally = await sendDueMail(options.db, options.clock, { ...options, signal: stopping.signal });
    options.onRun?.(tally);
  }, options);
  return {
    stop() {
      stopping.abort();
      return task.stop();
    },
  };
}
