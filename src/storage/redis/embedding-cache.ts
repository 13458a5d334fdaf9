/**
 * The semantic layer's embedding cache (src/llm/embedding-cache.ts) in Redis, shared by every
 * instance: a hash per model.
 */
import { fromBase64, keepable, toBase64, type EmbeddingCache } from '../../llm';
import type { AnyRedisClient } from './client';

export const DEFAULT_EMBEDDINGS_PREFIX = 'qihu:embeddings:';

/** A hash per model: field = key, value = the vector's bytes in base64. */
export function createRedisEmbeddingCache(client: AnyRedisClient, model: string, prefix = DEFAULT_EMBEDDINGS_PREFIX): EmbeddingCache {
  const key = prefix + model;
  return {
    async get(keys) {
      if (keys.length === 0) return [];
      const values = await client.hmGet(key, [...keys]);
      return values.map((v) => (typeof v === 'string' ? fromBase64(v) : undefined));
    },
    async put(given) {
      const items = keepable(given);
      if (items.length === 0) return;
      await client.hSet(key, Object.fromEntries(items.map(({ key: k, vector }) => [k, toBase64(vector)])));
    },
  };
}
