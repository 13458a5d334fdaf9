/** ReplayGuard shared by every qihu instance: SET NX PX on the signature. */
import type { ReplayGuard } from '../../tickets';
import { redisKeys } from './keys';
import type { AnyRedisClient } from './ticket-store';

export function createRedisReplayGuard(client: AnyRedisClient, prefix?: string): ReplayGuard {
  const keys = redisKeys(prefix);
  return {
    async firstSeen(signature, ttlMs) {
      const r = await client.set(keys.replay(signature), '1', { condition: 'NX', expiration: { type: 'PX', value: Math.max(1, Math.ceil(ttlMs)) } });
      return r === 'OK';
    },
  };
}
