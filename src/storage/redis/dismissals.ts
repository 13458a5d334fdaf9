/**
 * Inbox dismissals in Redis, seen by every instance (the file store is per instance): a sorted set
 * of normalised questions scored by the dismissal time, and a hash of who dismissed each. One
 * script adds and trims both, so the oldest go first past the cap, as in the file store.
 */
import { z } from 'zod';
import { MAX_DISMISSALS, type DismissalStore } from '../../inbox';
import { evalScript, inlineScript } from './scripts';
import type { AnyRedisClient } from './client';

export const DEFAULT_DISMISSALS_PREFIX = 'qihu:inbox:dismissed:';

/** KEYS: the sorted set, the hash. ARGV: time (ms), who, the cap, then the normalised questions. */
const DISMISS_SCRIPT = inlineScript(`
for i = 4, #ARGV do
  redis.call('ZADD', KEYS[1], ARGV[1], ARGV[i])
  redis.call('HSET', KEYS[2], ARGV[i], ARGV[2])
end
local over = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[3])
while over > 0 do
  local batch = math.min(over, 1000)
  local old = redis.call('ZRANGE', KEYS[1], 0, batch - 1)
  redis.call('ZREMRANGEBYRANK', KEYS[1], 0, batch - 1)
  redis.call('HDEL', KEYS[2], unpack(old))
  over = over - batch
end
return #ARGV - 3`);

const DismissReply = z.number().int().min(0);

export function createRedisDismissalStore(opts: { client: AnyRedisClient; prefix?: string; max?: number }): DismissalStore {
  const prefix = opts.prefix ?? DEFAULT_DISMISSALS_PREFIX;
  const byTime = `${prefix}at`;
  const byWho = `${prefix}by`;
  const max = opts.max ?? MAX_DISMISSALS;
  return {
    async list() {
      const rows = await opts.client.zRangeWithScores(byTime, 0, -1);
      return rows.map(({ value, score }) => ({ norm: String(value), at: new Date(score).toISOString() }));
    },
    async dismiss(norms, at, by) {
      if (norms.length === 0) return 0;
      return DismissReply.parse(await evalScript(opts.client, DISMISS_SCRIPT, [byTime, byWho], [at.getTime(), by, max, ...norms]));
    },
  };
}
