/**
 * Collects items and writes them in batches: one write for many appends, at most `maxDelayMs` after
 * the first item of a batch or as soon as `maxItems` are waiting. Batches are written one at a time,
 * in order. Each append's promise settles with its batch, so a caller can still wait for durability;
 * flush() waits for everything appended so far (reads call it to see their own writes) and never
 * rejects: a failed batch is reported to its appenders only.
 */
export interface Batcher<T> {
  append(item: T): Promise<void>;
  flush(): Promise<void>;
  /** Items waiting for the next batch. */
  readonly waiting: number;
}

export function createBatcher<T>(write: (items: T[]) => Promise<void>, opts: { maxItems?: number; maxDelayMs?: number } = {}): Batcher<T> {
  const maxItems = opts.maxItems ?? 200;
  const maxDelayMs = opts.maxDelayMs ?? 20;
  let items: T[] = [];
  let settle: { resolve: () => void; reject: (err: unknown) => void }[] = [];
  let timer: NodeJS.Timeout | undefined;
  /** The last batch written or being written: batches never overlap. */
  let tail: Promise<void> = Promise.resolve();

  function cut(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (items.length === 0) return tail;
    const batch = items;
    const waiters = settle;
    items = [];
    settle = [];
    const done = tail.then(() => write(batch));
    done.then(
      () => waiters.forEach((w) => w.resolve()),
      (err: unknown) => waiters.forEach((w) => w.reject(err)),
    );
    tail = done.catch(() => undefined);
    return tail;
  }

  return {
    append(item) {
      return new Promise<void>((resolve, reject) => {
        items.push(item);
        settle.push({ resolve, reject });
        if (items.length >= maxItems) void cut();
        // Unref'd: a pending batch does not keep the process alive; close() flushes it.
        else if (!timer) (timer = setTimeout(() => void cut(), maxDelayMs)).unref();
      });
    },
    flush: () => cut(),
    get waiting() {
      return items.length;
    },
  };
}
