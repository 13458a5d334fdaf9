/**
 * One run of a task at a time: a call while it runs returns the same promise and makes the task run
 * once more after it (however many calls came in between), so work that reads the latest state is
 * neither run concurrently nor skipped. `idle()` resolves when no run is in progress.
 */
export interface Coalesced {
  (): Promise<void>;
  idle(): Promise<void>;
}

export function coalesced(task: () => Promise<void>, stopped: () => boolean = () => false): Coalesced {
  let running: Promise<void> | undefined;
  let again = false;
  const run = (): Promise<void> => {
    if (stopped()) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await task();
      } while (again && !stopped());
    })().finally(() => {
      running = undefined;
    });
    return running;
  };
  return Object.assign(run, { idle: () => running?.catch(() => undefined) ?? Promise.resolve() });
}
