export type PeriodicTask = { stop(): Promise<void> };

/**
 * Runs `run` every `intervalMs` after the previous run ended (never two at once), reporting failures to `onError`;
 * the timer does not keep the process alive. `stop` waits for a run in flight, so it can finish what it started
 * before the database closes.
 */
export function startPeriodicTask(
  run: () => Promise<void>,
  options: { intervalMs: number; onError: (error: unknown) => void },
): PeriodicTask {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let isStopped = false;
  const schedule = () => {
    timer = setTimeout(tick, options.intervalMs);
    timer.unref();
  };
  const tick = () => {
    running = run()
      .catch(options.onError)
      .finally(() => {
        if (!isStopped) schedule();
      });
  };
  schedule();
  return {
    async stop() {
      isStopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
