import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { type PeriodicTask, startPeriodicTask } from '../periodic-task.ts';
import { type SenderOptions, type SendTally, sendDueMail } from './outbox.service.ts';

/**
 * Runs the outbox's sender in this process: every `intervalMs` it sends whatever mail is due. Every instance runs
 * one; the leases in the database make each mail go out once, and a run in flight finishes (and records its
 * attempts) before `stop` resolves.
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
  return startPeriodicTask(async () => {
    const tally = await sendDueMail(options.db, options.clock, options);
    options.onRun?.(tally);
  }, options);
}
