/**
 * Sliding-window counters shared by every instance through a store (Redis), without a round trip
 * per message.
 *
 * The window slides: a hit is allowed when the previous fixed window's count, weighted by how much
 * of it still lies within the last `windowMs`, plus the current window's count stays within the
 * limit (the "sliding window counter" estimate). A burst straddling a window boundary therefore
 * cannot pass twice the limit, as it can with fixed windows. Windows are aligned to the epoch
 * (`floor(now / windowMs)`), so every instance names the same window the same way.
 *
 * Each instance counts its hits locally and adds them to the store in one call every `syncMs`
 * (default 20 ms), learning the windows' totals from every instance in return. A verdict is taken at
 * once from the last totals the store gave plus this instance's hits since. What it trades: a
 * session spread over several instances can exceed its limit by what the other instances let
 * through within one sync interval. Within one instance the count is exact. While the store is
 * unreachable or stalled, each instance goes on limiting with its own counts (and says so once);
 * hits not yet added are added when it answers again.
 */
import type { Logger } from '../log';
import { createDeadlines } from './deadline';

export const DEFAULT_RATE_WINDOW_MS = 60_000;

/** One counter to add a hit to: its key and how many hits a sliding window allows. */
export interface RateCounter {
  key: string;
  limit: number;
}

export interface RateVerdict {
  limited: boolean;
  /** When limited: the index of the first counter over its limit, and when a hit would be allowed again. */
  counter?: number;
  retryAfterMs: number;
}

/** Sliding-window counters. */
export interface RateLimiter {
  readonly windowMs: number;
  /**
   * Checks every counter; when all are within their limits, charges each one hit, else charges none
   * and names the first over its limit. Refused hits are not counted: a client that keeps trying
   * is let through again as soon as its allowance comes back. Atomic per call.
   */
  hit(counters: readonly RateCounter[]): Promise<RateVerdict>;
  close(): Promise<void>;
}

export const ALLOWED: RateVerdict = Object.freeze({ limited: false, retryAfterMs: 0 });

/** One counter's hits to add to the store, in the window numbered `window` (epoch-aligned). */
export interface CounterIncrement {
  key: string;
  window: number;
  by: number;
}

/**
 * The store's side: add the increments (a window's count lives at least two windows), return each
 * counter's total in its window and in the window before.
 */
export type AddCounts = (increments: readonly CounterIncrement[], windowMs: number) => Promise<{ count: number; previous: number }[]>;

/** One fixed window's count for one key. */
interface Window {
  readonly index: number;
  /** The window's total in the store when last heard, this instance's added hits included. */
  shared: number;
  /** Hits on their way to the store. */
  sending: number;
  /** Hits not sent yet. */
  pending: number;
}

interface Counter {
  current: Window;
  /** The window before `current` (index − 1), when known. */
  previous?: Window;
  /** The limit of the last hit: what eviction weighs. */
  limit: number;
}

export interface SharedRateLimiterOptions {
  /** The store; without one the counts stay in this process (the embedded default). */
  add?: AddCounts;
  windowMs?: number;
  syncMs?: number;
  /** How long a sync may take before the store counts as unavailable. Default 1 s. */
  syncTimeoutMs?: number;
  now?: () => number;
  /** Counters kept at most (an attack on fresh keys must not grow memory without bound). */
  maxKeys?: number;
  log?: Logger;
}

export interface SharedRateLimiter extends RateLimiter {
  /** Sends what is pending now (tests, shutdown). */
  sync(): Promise<void>;
  /** Counters held in memory (tests, metrics). */
  readonly size: number;
}

const total = (w: Window | undefined): number => (w ? w.shared + w.sending + w.pending : 0);

/** Whether one more hit passes: the estimate is fractional, so compare with a little slack for rounding. */
const over = (estimated: number, limit: number): boolean => estimated + 1 > limit + 1e-9;

export function createSharedRateLimiter(opts: SharedRateLimiterOptions): SharedRateLimiter {
  const windowMs = opts.windowMs ?? DEFAULT_RATE_WINDOW_MS;
  const syncMs = opts.syncMs ?? 20;
  const syncTimeoutMs = opts.syncTimeoutMs ?? 1000;
  const now = opts.now ?? Date.now;
  const maxKeys = opts.maxKeys ?? 200_000;
  const counters = new Map<string, Counter>();
  const dirty = new Set<Window>();
  const keyOf = new WeakMap<Window, string>();
  const deadlines = createDeadlines();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let failing = false;
  let closed = false;

  /** The counter for `key` at window `index`, rolled forward; undefined when it holds nothing that counts. */
  function counterAt(key: string, index: number): Counter | undefined {
    const c = counters.get(key);
    if (!c || c.current.index === index) return c;
    if (c.current.index === index - 1) {
      c.previous = c.current;
    } else {
      delete c.previous;
    }
    const fresh: Window = { index, shared: 0, sending: 0, pending: 0 };
    keyOf.set(fresh, key);
    c.current = fresh;
    return c;
  }

  /** The sliding estimate: the previous window's count weighted by its share of the last windowMs. */
  function estimate(c: Counter | undefined, elapsed: number): number {
    if (!c) return 0;
    const weight = 1 - elapsed / windowMs;
    return total(c.previous) * weight + total(c.current);
  }

  /** When a hit would be allowed again, counts unchanged meanwhile. */
  function retryAfter(c: Counter, limit: number, t: number, index: number): number {
    const start = index * windowMs;
    const room = limit - 1 - total(c.current);
    const previous = total(c.previous);
    if (room >= 0 && previous > 0) {
      // Within this window, once enough of the previous one has slid out.
      const at = start + windowMs * (1 - room / previous);
      if (at < start + windowMs) return Math.max(1, Math.ceil(at - t));
    }
    // In the next window, the current one weighted as the previous.
    const current = total(c.current);
    const share = current > 0 ? Math.max(0, 1 - (limit - 1) / current) : 0;
    return Math.max(1, Math.ceil(start + windowMs + windowMs * share - t));
  }

  /**
   * Bounded memory. Counters whose windows are both over go first; then, oldest first, counters
   * within their limits (forgetting one gives back an allowance it still had); a counter at its
   * limit is forgotten only when nothing else can be, so a flood of fresh keys does not free the
   * keys it is meant to stop.
   */
  function prune(index: number, elapsed: number): void {
    if (counters.size < maxKeys) return;
    // (Hits not yet sent to the store stay queued with their window: forgetting a counter loses none.)
    for (const [k, c] of counters) if (c.current.index < index - 1) counters.delete(k);
    for (const pass of ['within', 'any'] as const) {
      for (const k of counters.keys()) {
        if (counters.size < maxKeys) return;
        if (pass === 'within' && over(estimate(counterAt(k, index), elapsed), counters.get(k)!.limit)) continue;
        counters.delete(k);
      }
    }
  }

  async function send(): Promise<void> {
    const add = opts.add;
    if (!add) return;
    const batch: { w: Window; key: string; by: number }[] = [];
    for (const w of dirty) {
      const key = keyOf.get(w);
      if (key === undefined || w.pending === 0) continue;
      batch.push({ w, key, by: w.pending });
      w.sending += w.pending;
      w.pending = 0;
    }
    dirty.clear();
    if (batch.length === 0) return;
    try {
      const totals = await deadlines.within(
        add(batch.map(({ key, w, by }) => ({ key, window: w.index, by })), windowMs),
        syncTimeoutMs,
        'rate limit sync',
      );
      batch.forEach(({ w, key, by }, i) => {
        w.sending -= by;
        const reply = totals[i];
        if (!reply) return;
        w.shared = Math.max(w.shared, reply.count - w.sending);
        // Other instances' hits in the window before: what this one may not have seen.
        const c = counters.get(key);
        if (c && c.current === w && reply.previous > 0) {
          if (!c.previous) {
            c.previous = { index: w.index - 1, shared: 0, sending: 0, pending: 0 };
            keyOf.set(c.previous, key);
          }
          c.previous.shared = Math.max(c.previous.shared, reply.previous - c.previous.sending - c.previous.pending);
        }
      });
      if (failing) opts.log?.info('chat rate limits shared again');
      failing = false;
    } catch (err) {
      // Counted locally meanwhile; the hits go with the next sync. (A stalled call that completes
      // later adds them twice: a window may then refuse a little early, never late.)
      for (const { w, by } of batch) {
        w.sending -= by;
        w.pending += by;
        dirty.add(w);
      }
      if (!failing) opts.log?.warn('chat rate limits unavailable in Redis: counting on this instance only', { err });
      failing = true;
    }
  }

  function schedule(): void {
    if (timer || closed || !opts.add) return;
    timer = setTimeout(() => {
      timer = undefined;
      if (running) return schedule();
      running = send().finally(() => {
        running = undefined;
        if (dirty.size > 0) schedule();
      });
    }, syncMs);
    timer.unref();
  }

  return {
    windowMs,
    get size() {
      return counters.size;
    },
    async hit(list) {
      const t = now();
      const index = Math.floor(t / windowMs);
      const elapsed = t - index * windowMs;
      // Check every counter before charging any: a refused request creates no counter, so keys
      // that are refused anyway (a flood of fresh session ids behind an IP over its limit) cost nothing.
      for (let i = 0; i < list.length; i++) {
        const { key, limit } = list[i]!;
        const c = counterAt(key, index);
        if (c && over(estimate(c, elapsed), limit)) {
          return { limited: true, counter: i, retryAfterMs: retryAfter(c, limit, t, index) };
        }
      }
      prune(index, elapsed);
      for (const { key, limit } of list) {
        let c = counters.get(key);
        if (!c) {
          const current: Window = { index, shared: 0, sending: 0, pending: 0 };
          keyOf.set(current, key);
          c = { current, limit };
          counters.set(key, c);
        } else {
          // Most recently used last: eviction goes oldest first.
          counters.delete(key);
          counters.set(key, c);
          c.limit = limit;
        }
        c.current.pending += 1;
        if (opts.add) {
          dirty.add(c.current);
          schedule();
        }
      }
      return ALLOWED;
    },
    async sync() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      await running;
      await send();
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await running;
      counters.clear();
    },
  };
}
