/**
 * Deadlines for awaited I/O, swept by one shared timer. The chat's Redis client runs without
 * node-redis's per-command timeout (an AbortSignal.timeout, a timer and a listener for every
 * command: a measurable share of a chat turn); a turn or a rate-limit check is bounded here instead,
 * with one Set entry per awaited operation and one interval for the whole process.
 */
export class DeadlineError extends Error {
  constructor(
    readonly what: string,
    readonly ms: number,
  ) {
    super(`${what} did not finish within ${ms} ms`);
    this.name = 'DeadlineError';
  }
}

interface Pending {
  at: number;
  expire: () => void;
}

export interface Deadlines {
  /** The promise's outcome, or a DeadlineError once `ms` have passed (give or take one sweep). */
  within<T>(promise: Promise<T>, ms: number, what: string): Promise<T>;
  /** Operations being watched (for tests). */
  readonly size: number;
}

export function createDeadlines(opts: { sweepMs?: number; now?: () => number } = {}): Deadlines {
  const sweepMs = opts.sweepMs ?? 100;
  const now = opts.now ?? Date.now;
  const pending = new Set<Pending>();
  let timer: NodeJS.Timeout | undefined;

  function sweep(): void {
    const t = now();
    for (const p of pending) {
      if (p.at <= t) {
        pending.delete(p);
        p.expire();
      }
    }
    if (pending.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  }

  return {
    within(promise, ms, what) {
      return new Promise((resolve, reject) => {
        const entry: Pending = { at: now() + ms, expire: () => reject(new DeadlineError(what, ms)) };
        pending.add(entry);
        // Unref'd: a pending deadline never keeps the process alive by itself.
        if (!timer) (timer = setInterval(sweep, sweepMs)).unref();
        promise.then(
          (value) => {
            pending.delete(entry);
            resolve(value);
          },
          (err: unknown) => {
            pending.delete(entry);
            reject(err instanceof Error ? err : new Error(String(err)));
          },
        );
      });
    },
    get size() {
      return pending.size;
    },
  };
}
