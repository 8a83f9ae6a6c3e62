import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { type PeriodicTask, startPeriodicTask } from '../periodic-task.ts';
import { runReminderPass } from './reminders.service.ts';

/**
 * Queues the due reminders in the server every `intervalMs`. Several instances may run it at once: each reminder's
 * slot in the outbox is taken once, and the outbox's senders send it.
 */
export function startReminderRunner(options: {
  db: Kysely<Database>;
  clock: Clock;
  baseUrl: string;
  intervalMs: number;
  onError: (error: unknown) => void;
  onPass?: (result: Awaited<ReturnType<typeof runReminderPass>>) => void;
}): PeriodicTask {
  return startPeriodicTask(async () => {
    const result = await runReminderPass(options.db, options.clock, { baseUrl: options.baseUrl });
    options.onPass?.(result);
  }, options);
}
