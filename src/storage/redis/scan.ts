/**
 * SCAN over every key matching a pattern, in batches, on any of the three clients: a Cluster is
 * scanned master by master (a SCAN sent to the cluster would reach one node only).
 */
import type { RedisClientType, RedisSentinelType } from 'redis';
import { isCluster, type AnyRedisClient } from './connect';

export async function* scanKeys(client: AnyRedisClient, match: string, count = 500): AsyncGenerator<string[]> {
  if (isCluster(client)) {
    for (const master of client.masters) {
      const node = await client.nodeClient(master);
      for await (const keys of node.scanIterator({ MATCH: match, COUNT: count })) yield keys.map(String);
    }
    return;
  }
  // The union of the two client types has no callable scanIterator: each is asked as itself.
  /* eslint-disable @typescript-eslint/no-explicit-any */
  const scan =
    'getMasterNode' in client
      ? (client as RedisSentinelType<any, any, any, any, any>).scanIterator({ MATCH: match, COUNT: count })
      : (client as RedisClientType<any, any, any, any, any>).scanIterator({ MATCH: match, COUNT: count });
  /* eslint-enable @typescript-eslint/no-explicit-any */
  for await (const keys of scan) yield keys.map(String);
}
