import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import type { Mailer } from '../mail/mailer.ts';
import { runReminderPass } from './reminders.service.ts';

export type ReminderRunner = { stop(): Promise<void> };

/**
 * Runs the reminder pass in the server every `intervalMs` (one pass at a time; the timer does not keep the process
 * alive). Several instances may run it at once: the claims in the database make each reminder go out once.
 */
export function startReminderRunner(options: {
  db: Kysely<Database>;
  clock: Clock;
  mailer: Mailer;
  baseUrl: string;
  intervalMs: number;
  onError: (error: unknown) => void;
  onPass?: (result: Awaited<ReturnType<typeof runReminderPass>>) => void;
}): ReminderRunner {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let isStopped = false;
  const tick = () => {
    running = runReminderPass(options.db, options.clock, options.mailer, { baseUrl: options.baseUrl })
      .then((result) => options.onPass?.(result), options.onError)
      .finally(() => {
        if (!isStopped) schedule();
      });
  };
  const schedule = () => {
    timer = setTimeout(tick, options.intervalMs);
    timer.unref();
  };
  schedule();
  return {
    async stop() {
      isStopped = true;
      clearTimeout(timer);
      // A pass in flight finishes (its claims are already taken) before the database closes.
      await running;
    },
  };
}
