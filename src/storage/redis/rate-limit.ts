/**
 * The chat's sliding-window counters in Redis (see src/http-kit/rate-limit.ts and
 * src/util/shared-rate-limiter.ts): one key per counter and epoch-aligned window
 * (`prefix + key + ':' + window`); each instance adds its hits in one Lua script call every few ms,
 * INCRBY and PEXPIRE together, and reads the window before's total in the same call, so every qihu
 * instance shares the counts and a window never loses its expiry.
 */
import { z } from 'zod';
import { createSharedRateLimiter, type AddCounts, type SharedRateLimiter } from '../../util';
import type { Logger } from '../../log';
import { evalScript, inlineScript } from './scripts';
import type { AnyRedisClient } from './ticket-store';

export const DEFAULT_RATE_LIMIT_PREFIX = 'qihu:chat-rate:';

/**
 * KEYS: per increment, its window's counter then the window before's. ARGV[1]: how long a window's
 * counter lives (two windows: the next window still weighs it); ARGV[i + 1]: the hits to add to
 * increment i. Adds them (a counter that lost its expiry gets it back: without a TTL it would count
 * for ever) and returns each increment's window total and the window before's: {count1, previous1, …}.
 */
const ADD_SCRIPT = inlineScript(`
local ttl = tonumber(ARGV[1])
local out = {}
for i = 1, #KEYS / 2 do
  local key = KEYS[2 * i - 1]
  local n = redis.call('INCRBY', key, ARGV[i + 1])
  if redis.call('PTTL', key) < 0 then
    redis.call('PEXPIRE', key, ttl)
  end
  out[2 * i - 1] = n
  out[2 * i] = tonumber(redis.call('GET', KEYS[2 * i]) or '0')
end
return out`);

const AddReply = z.array(z.number().int());

export interface RedisRateLimiterOptions {
  client: AnyRedisClient;
  prefix?: string;
  windowMs?: number;
  /** How often each instance adds its hits to Redis (see src/util/shared-rate-limiter.ts). Default 20 ms. */
  syncMs?: number;
  /** The clock (tests). */
  now?: () => number;
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
      increments.flatMap((c) => [`${prefix}${c.key}:${c.window}`, `${prefix}${c.key}:${c.window - 1}`]),
      [2 * windowMs + 1000, ...increments.map((c) => c.by)],
    );
    const flat = AddReply.parse(reply);
    return increments.map((_, i) => ({ count: flat[2 * i] ?? 0, previous: flat[2 * i + 1] ?? 0 }));
  };
  return createSharedRateLimiter({
    add,
    ...(opts.windowMs === undefined ? {} : { windowMs: opts.windowMs }),
    ...(opts.syncMs === undefined ? {} : { syncMs: opts.syncMs }),
    ...(opts.now ? { now: opts.now } : {}),
    ...(opts.log ? { log: opts.log } : {}),
  });
}
