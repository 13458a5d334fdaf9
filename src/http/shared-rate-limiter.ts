/**
 * Fixed-window counters shared by every instance through a store (Redis), without a round trip per
 * message: each instance counts its hits locally and adds them to the store in one call every
 * `syncMs` (default 20 ms), learning the windows' totals from every instance in return.
 *
 * A verdict is taken at once from the last total the store gave plus this instance's hits since.
 * What it trades: a session spread over several instances can exceed its limit by what the other
 * instances let through within one sync interval. Within one instance the count is exact. While the
 * store is unreachable or stalled, each instance goes on limiting with its own counts (and says so
 * once); hits not yet added are added when it answers again.
 */
import type { Logger } from '../log';
import { createDeadlines } from '../util/deadline';

export const DEFAULT_RATE_WINDOW_MS = 60_000;

/** One counter to add a hit to: its key and how many hits a window allows. */
export interface RateCounter {
  key: string;
  limit: number;
}

export interface RateVerdict {
  limited: boolean;
  /** When limited: the index of the counter over its limit, and when its window ends. */
  counter?: number;
  retryAfterMs: number;
}

/** Fixed-window counters. */
export interface RateLimiter {
  readonly windowMs: number;
  /**
   * Adds a hit to each counter in order and stops at the first one over its limit (later ones are
   * not counted). Atomic per call.
   */
  hit(counters: readonly RateCounter[]): Promise<RateVerdict>;
  close(): Promise<void>;
}

export const ALLOWED: RateVerdict = Object.freeze({ limited: false, retryAfterMs: 0 });

/** One counter's hits to add to the store. */
export interface CounterIncrement {
  key: string;
  by: number;
}

/** The store's side: add the increments (a new window lasts windowMs), return each window's total and time left. */
export type AddCounts = (increments: readonly CounterIncrement[], windowMs: number) => Promise<{ count: number; ttlMs: number }[]>;

interface Window {
  resetAt: number;
  /** The window's total in the store when last heard, this instance's added hits included. */
  shared: number;
  /** Hits on their way to the store. */
  sending: number;
  /** Hits not sent yet. */
  pending: number;
}

export interface SharedRateLimiterOptions {
  /** The store; without one the counts stay in this process (the embedded default). */
  add?: AddCounts;
  windowMs?: number;
  syncMs?: number;
  /** How long a sync may take before the store counts as unavailable. Default 1 s. */
  syncTimeoutMs?: number;
  now?: () => number;
  /** Windows kept at most (an attack on fresh keys must not grow memory without bound). */
  maxKeys?: number;
  log?: Logger;
}

export interface SharedRateLimiter extends RateLimiter {
  /** Sends what is pending now (tests, shutdown). */
  sync(): Promise<void>;
}

export function createSharedRateLimiter(opts: SharedRateLimiterOptions): SharedRateLimiter {
  const windowMs = opts.windowMs ?? DEFAULT_RATE_WINDOW_MS;
  const syncMs = opts.syncMs ?? 20;
  const syncTimeoutMs = opts.syncTimeoutMs ?? 1000;
  const now = opts.now ?? Date.now;
  const maxKeys = opts.maxKeys ?? 200_000;
  const windows = new Map<string, Window>();
  const dirty = new Set<string>();
  const deadlines = createDeadlines();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let failing = false;
  let closed = false;

  function prune(t: number): void {
    if (windows.size < maxKeys) return;
    for (const [k, w] of windows) if (w.resetAt <= t && w.pending === 0 && w.sending === 0) windows.delete(k);
    for (const k of windows.keys()) {
      if (windows.size < maxKeys) break;
      windows.delete(k);
      dirty.delete(k);
    }
  }

  async function send(): Promise<void> {
    const add = opts.add;
    if (!add) return;
    const keys = [...dirty];
    dirty.clear();
    const batch: { key: string; w: Window; by: number }[] = [];
    for (const key of keys) {
      const w = windows.get(key);
      if (!w || w.pending === 0) continue;
      batch.push({ key, w, by: w.pending });
      w.sending += w.pending;
      w.pending = 0;
    }
    if (batch.length === 0) return;
    try {
      const totals = await deadlines.within(add(batch.map(({ key, by }) => ({ key, by })), windowMs), syncTimeoutMs, 'rate limit sync');
      const t = now();
      batch.forEach(({ w, by }, i) => {
        const total = totals[i];
        w.sending -= by;
        if (!total) return;
        w.shared = total.count;
        w.resetAt = t + Math.max(1, total.ttlMs);
      });
      if (failing) opts.log?.info('chat rate limits shared again');
      failing = false;
    } catch (err) {
      // Counted locally meanwhile; the hits go with the next sync. (A stalled call that completes
      // later adds them twice: a window may then refuse a little early, never late.)
      for (const { key, w, by } of batch) {
        w.sending -= by;
        w.pending += by;
        dirty.add(key);
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
    async hit(counters) {
      const t = now();
      prune(t);
      for (let i = 0; i < counters.length; i++) {
        const { key, limit } = counters[i]!;
        let w = windows.get(key);
        if (!w || w.resetAt <= t) {
          // Hits still on their way belong to the old window: its object takes their totals.
          w = { resetAt: t + windowMs, shared: 0, sending: 0, pending: 0 };
          windows.set(key, w);
        }
        w.pending += 1;
        if (opts.add) {
          dirty.add(key);
          schedule();
        }
        if (w.shared + w.sending + w.pending > limit) return { limited: true, counter: i, retryAfterMs: Math.max(1, w.resetAt - t) };
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
      windows.clear();
    },
  };
}
