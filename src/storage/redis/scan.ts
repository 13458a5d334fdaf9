/**
 * SCAN over qihu's keys, whichever client: one server or a Sentinel-watched master scan as they
 * are; on a Cluster every key of qihu shares one hash tag (CLUSTER_KEY_PREFIX), so the master of
 * that slot holds them all and is the one scanned.
 */
import type { AnyRedisClient } from './connect';

interface Scanner {
  scanIterator(options: { MATCH: string; COUNT: number }): AsyncIterable<string[]>;
}

interface ClusterLike {
  getNodeClientForKey(key: string): Promise<Scanner>;
}

/** Batches of the keys matching `pattern`; `sampleKey` is any key of the same hash slot. */
export async function* scanKeys(client: AnyRedisClient, pattern: string, sampleKey: string): AsyncGenerator<string[]> {
  const cluster = client as unknown as Partial<ClusterLike>;
  const node: Scanner = typeof cluster.getNodeClientForKey === 'function' ? await cluster.getNodeClientForKey(sampleKey) : (client as unknown as Scanner);
  for await (const batch of node.scanIterator({ MATCH: pattern, COUNT: 1000 })) yield batch.map(String);
}
