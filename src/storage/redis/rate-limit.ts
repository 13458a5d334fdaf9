/**
 * The chat's fixed-window counters in Redis (see src/http/rate-limit.ts and
 * src/http/shared-rate-limiter.ts): each instance adds its hits in one Lua script call every few ms,
 * INCRBY and PEXPIRE together, so every qihu instance shares the counts and a window never loses its
 * expiry (a key without a TTL would limit a session for ever).
 */
import { z } from 'zod';
import { createSharedRateLimiter, type AddCounts, type SharedRateLimiter } from '../../http/shared-rate-limiter';
import type { Logger } from '../../log';
import { evalScript, inlineScript } from './scripts';
import type { AnyRedisClient } from './ticket-store';

export const DEFAULT_RATE_LIMIT_PREFIX = 'qihu:chat-rate:';

/**
 * KEYS: the counters. ARGV[1]: the window in ms; ARGV[i + 1]: the hits to add to KEYS[i].
 * Adds them (a new counter expires after the window; one that lost its expiry gets it back) and
 * returns each counter's total and ms left: {count1, ttl1, count2, ttl2, …}.
 */
const ADD_SCRIPT = inlineScript(`
local window = tonumber(ARGV[1])
local out = {}
for i = 1, #KEYS do
  local n = redis.call('INCRBY', KEYS[i], ARGV[i + 1])
  local ttl = redis.call('PTTL', KEYS[i])
  if ttl < 0 then
    redis.call('PEXPIRE', KEYS[i], window)
    ttl = window
  end
  out[2 * i - 1] = n
  out[2 * i] = ttl
end
return out`);

const AddReply = z.array(z.number().int());

export interface RedisRateLimiterOptions {
  client: AnyRedisClient;
  prefix?: string;
  windowMs?: number;
  /** How often each instance adds its hits to Redis (see src/http/shared-rate-limiter.ts). Default 20 ms. */
  syncMs?: number;
  log?: Logger;
}

/** The chat's counters shared through Redis: counted locally, added to Redis every few ms. */
export function createRedisRateLimiter(opts: RedisRateLimiterOptions): SharedRateLimiter {
  const { client } = opts;
  const prefix = opts.prefix ?? DEFAULT_RATE_LIMIT_PREFIX;
  const add: AddCounts = async (increments, windowMs) => {
    const reply = await evalScript(
      client,
      ADD_SCRIPT,
      increments.map((c) => prefix + c.key),
      [windowMs, ...increments.map((c) => c.by)],
    );
    const flat = AddReply.parse(reply);
    return increments.map((_, i) => ({ count: flat[2 * i] ?? 0, ttlMs: flat[2 * i + 1] ?? windowMs }));
  };
  return createSharedRateLimiter({
    add,
    ...(opts.windowMs === undefined ? {} : { windowMs: opts.windowMs }),
    ...(opts.syncMs === undefined ? {} : { syncMs: opts.syncMs }),
    ...(opts.log ? { log: opts.log } : {}),
  });
}
