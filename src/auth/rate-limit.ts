/**
 * Login rate limiting: a fixed window per key (one for the client IP, one for the username), by
 * default 5 failed attempts per 15 minutes. An attempt is counted *before* the password is checked
 * (so parallel guesses cannot slip past the limit) and given back if it succeeds. In Redis when
 * present (INCR and PEXPIRE in one Lua script, so every instance shares the count), else in memory.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { AnyRedisClient } from '../storage/redis';

export const DEFAULT_LOGIN_MAX_FAILURES = 5;
export const DEFAULT_LOGIN_WINDOW_MS = 15 * 60 * 1000;

export interface RateLimitVerdict {
  limited: boolean;
  /** When limited: how long until the window of the fullest key ends. */
  retryAfterMs: number;
}

export interface AttemptLimiter {
  readonly maxAttempts: number;
  readonly windowMs: number;
  /**
   * Counts one attempt against each key in order and stops at the first one over maxAttempts
   * (limited): a client already refused by its IP cannot create counters for new usernames.
   */
  attempt(keys: readonly string[]): Promise<RateLimitVerdict>;
  /** Gives an attempt back (it succeeded) for these keys. */
  release(keys: readonly string[]): Promise<void>;
  /** Forgets these keys' counts (e.g. a user's after a successful login). */
  reset(keys: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

export interface LimiterOptions {
  maxAttempts?: number;
  windowMs?: number;
  now?: () => number;
}

/** Keys hash what they contain (usernames and addresses are personal data). */
export function limiterKey(kind: string, value: string): string {
  return `${kind}:${createHash('sha256').update(value).digest('base64url').slice(0, 22)}`;
}

export function createMemoryLimiter(opts: LimiterOptions & { maxKeys?: number } = {}): AttemptLimiter {
  const maxAttempts = opts.maxAttempts ?? DEFAULT_LOGIN_MAX_FAILURES;
  const windowMs = opts.windowMs ?? DEFAULT_LOGIN_WINDOW_MS;
  const maxKeys = opts.maxKeys ?? 100_000;
  const now = opts.now ?? Date.now;
  const windows = new Map<string, { count: number; resetAt: number }>();

  /**
   * Room for a new key when the map is full: expired windows go first, then the oldest windows
   * that are not over the limit. A locked key is never dropped before its window ends; if every
   * key is locked, there is no room (and the new key is refused).
   */
  const makeRoom = (t: number): boolean => {
    if (windows.size < maxKeys) return true;
    for (const [k, w] of windows) if (w.resetAt <= t) windows.delete(k);
    for (const [k, w] of windows) {
      if (windows.size < maxKeys) break;
      if (w.count <= maxAttempts) windows.delete(k);
    }
    return windows.size < maxKeys;
  };
  const current = (key: string, t: number) => {
    const w = windows.get(key);
    if (w && w.resetAt > t) return w;
    if (w) windows.delete(key);
    return undefined;
  };

  return {
    maxAttempts,
    windowMs,
    async attempt(keys) {
      const t = now();
      for (const key of keys) {
        let w = current(key, t);
        if (!w) {
          // Memory is bounded: a flood of fresh keys fills it, and then is refused, not counted.
          if (!makeRoom(t)) return { limited: true, retryAfterMs: windowMs };
          w = { count: 0, resetAt: t + windowMs };
          windows.set(key, w);
        }
        w.count += 1;
        if (w.count > maxAttempts) return { limited: true, retryAfterMs: Math.max(1, w.resetAt - t) };
      }
      return { limited: false, retryAfterMs: 0 };
    },
    async release(keys) {
      const t = now();
      for (const key of keys) {
        const w = current(key, t);
        if (w && w.count > 0) w.count -= 1;
      }
    },
    async reset(keys) {
      for (const key of keys) windows.delete(key);
    },
    async close() {
      windows.clear();
    },
  };
}

/** KEYS[1] counter; ARGV[1] window ms. Returns {count, pttl}. */
const ATTEMPT_SCRIPT = `
local n = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if n == 1 or ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {n, ttl}`;

/** KEYS[1] counter. Decrements an existing positive counter, keeping its expiry. */
const RELEASE_SCRIPT = `
local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n > 0 then return redis.call('DECR', KEYS[1]) end
return 0`;

const AttemptReply = z.tuple([z.number().int(), z.number().int()]);

export function createRedisLimiter(opts: LimiterOptions & { client: AnyRedisClient; prefix?: string }): AttemptLimiter {
  const maxAttempts = opts.maxAttempts ?? DEFAULT_LOGIN_MAX_FAILURES;
  const windowMs = opts.windowMs ?? DEFAULT_LOGIN_WINDOW_MS;
  const { client } = opts;
  const prefix = `${opts.prefix ?? 'qihu:'}ratelimit:`;

  return {
    maxAttempts,
    windowMs,
    async attempt(keys) {
      // In order, stopping at the first key over the limit, as the memory limiter does.
      for (const key of keys) {
        const [count, ttlMs] = AttemptReply.parse(await client.eval(ATTEMPT_SCRIPT, { keys: [prefix + key], arguments: [String(windowMs)] }));
        if (count > maxAttempts) return { limited: true, retryAfterMs: Math.max(1, ttlMs) };
      }
      return { limited: false, retryAfterMs: 0 };
    },
    async release(keys) {
      await Promise.all(keys.map((key) => client.eval(RELEASE_SCRIPT, { keys: [prefix + key], arguments: [] })));
    },
    async reset(keys) {
      if (keys.length > 0) await Promise.all(keys.map((key) => client.del(prefix + key)));
    },
    async close() {},
  };
}
