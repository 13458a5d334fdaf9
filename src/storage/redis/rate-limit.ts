/**
 * The chat's fixed-window counters in Redis (see src/http/rate-limit.ts): one Lua script per hit,
 * INCR and PEXPIRE together, so every qihu instance shares the counts and a window never loses its
 * expiry (a key without a TTL would limit a session for ever).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { DEFAULT_RATE_WINDOW_MS, type RateLimiter } from '../../http/rate-limit';
import { errorMessage } from './scripts';
import type { AnyRedisClient } from './ticket-store';

export const DEFAULT_RATE_LIMIT_PREFIX = 'qihu:chat-rate:';

/**
 * KEYS: the counters, in order. ARGV[1]: the window in ms; ARGV[i + 1]: the limit of KEYS[i].
 * Counts a hit on each counter in turn and stops at the first one over its limit.
 * Returns {0, 0} when every counter is within its limit, else {i, ms until KEYS[i]'s window ends}.
 */
const HIT_SCRIPT = `
local window = tonumber(ARGV[1])
for i = 1, #KEYS do
  local n = redis.call('INCR', KEYS[i])
  local ttl = window
  if n == 1 then
    redis.call('PEXPIRE', KEYS[i], window)
  else
    ttl = redis.call('PTTL', KEYS[i])
    if ttl < 0 then
      redis.call('PEXPIRE', KEYS[i], window)
      ttl = window
    end
  end
  if n > tonumber(ARGV[i + 1]) then return {i, ttl} end
end
return {0, 0}`;
const HIT_SHA = createHash('sha1').update(HIT_SCRIPT).digest('hex');

const HitReply = z.tuple([z.number().int().min(0), z.number().int()]);

export function createRedisRateLimiter(opts: { client: AnyRedisClient; prefix?: string; windowMs?: number }): RateLimiter {
  const { client } = opts;
  const prefix = opts.prefix ?? DEFAULT_RATE_LIMIT_PREFIX;
  const windowMs = opts.windowMs ?? DEFAULT_RATE_WINDOW_MS;

  return {
    windowMs,
    async hit(counters) {
      if (counters.length === 0) return { limited: false, retryAfterMs: 0 };
      const options = {
        keys: counters.map((c) => prefix + c.key),
        arguments: [String(windowMs), ...counters.map((c) => String(c.limit))],
      };
      let reply: unknown;
      try {
        reply = await client.evalSha(HIT_SHA, options);
      } catch (err) {
        if (!errorMessage(err).startsWith('NOSCRIPT')) throw err;
        reply = await client.eval(HIT_SCRIPT, options);
      }
      const [over, ttl] = HitReply.parse(reply);
      return over === 0 ? { limited: false, retryAfterMs: 0 } : { limited: true, counter: over - 1, retryAfterMs: Math.max(1, ttl) };
    },
    // The client belongs to the caller.
    async close() {},
  };
}
