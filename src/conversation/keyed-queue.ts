/**
 * Runs tasks one at a time per key, in arrival order: two turns of one session that arrive together
 * (a double click, a retried request) must not read the same state and overwrite each other.
 * In-process only; across instances the state's last write wins (see state.ts).
 */
export interface KeyedQueue {
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
  /** Keys with a task running or waiting (for tests: the map must not grow without bound). */
  readonly size: number;
}

export function createKeyedQueue(): KeyedQueue {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run(key, task) {
      const previous = tails.get(key) ?? Promise.resolve();
      // Tails never reject (see below), so the task runs once the previous one has settled.
      const result = previous.then(task);
      const tail = result.catch(() => undefined);
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
    get size() {
      return tails.size;
    },
  };
}
