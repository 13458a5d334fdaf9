/**
 * Embedding caches, one contract over memory, a file per model and Redis (on Redis from two clients,
 * as two instances would); what the file survives; and where the Redis cache keeps its hashes.
 */
import { appendFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileEmbeddingCache, createMemoryEmbeddingCache, embeddingKey, type EmbeddingCache } from '../../src/llm/embedding-cache';
import { createRedisClient, type AnyRedisClient } from '../../src/storage/redis/client';
import { createRedisEmbeddingCache } from '../../src/storage/redis/embedding-cache';
import { useRedis } from '../support/redis-server';

const shared = useRedis();
/** A second connection, as a second instance would have. */
let second: AnyRedisClient;
let dir: string;
let n = 0;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'qihu-embeddings-'));
  second = createRedisClient(shared.redis.url);
  // The client fails fast while disconnected: wait for it, as an instance does before serving.
  await second.connect();
});
afterAll(async () => {
  await second.close();
  rmSync(dir, { recursive: true, force: true });
});

const v = (...xs: number[]) => Float32Array.from(xs);
const values = (x: Float32Array | undefined) => (x ? Array.from(x) : x);

/**
 * One storage: `open(model)` is a cache on it as one instance sees it (a second call: another
 * instance, on Redis over the second client); `elsewhere(model)` a cache on other storage (another
 * directory, another prefix), which must share nothing with it.
 */
interface Storage {
  open(model: string): EmbeddingCache;
  elsewhere(model: string): EmbeddingCache;
}

describe.each<[string, () => Storage]>([
  [
    'memory',
    () => {
      // One process: every part of it asking for a model's cache gets the same one.
      const caches = new Map<string, EmbeddingCache>();
      return {
        open: (model) => caches.get(model) ?? caches.set(model, createMemoryEmbeddingCache()).get(model)!,
        elsewhere: () => createMemoryEmbeddingCache(),
      };
    },
  ],
  [
    'file',
    () => {
      const at = join(dir, `c${++n}`);
      const other = join(dir, `c${++n}`);
      return { open: (model) => createFileEmbeddingCache(at, model), elsewhere: (model) => createFileEmbeddingCache(other, model) };
    },
  ],
  [
    'redis',
    () => {
      const prefix = `test-${++n}:`;
      let opened = 0;
      return {
        open: (model) => createRedisEmbeddingCache(opened++ % 2 ? second : shared.client, model, prefix),
        elsewhere: (model) => createRedisEmbeddingCache(shared.client, model, `test-${++n}:`),
      };
    },
  ],
])('embedding cache (%s)', (_name, make) => {
  const a = embeddingKey('bge-m3', '开药店要什么材料');
  const b = embeddingKey('bge-m3', '营业执照');

  it('gives back the vectors put, bit for bit, and nothing for unknown keys', async () => {
    const cache = make().open('bge-m3');
    expect(await cache.get([a, b])).toEqual([undefined, undefined]);
    await cache.put([
      { key: a, vector: v(0.1, -0.2, 0.3) },
      { key: b, vector: v(1 / 3, 0, 0) },
    ]);
    const [va, vb, none] = await cache.get([a, b, embeddingKey('bge-m3', '别的')]);
    expect(values(va)).toEqual(values(v(0.1, -0.2, 0.3)));
    expect(values(vb)).toEqual(values(v(1 / 3, 0, 0)));
    expect(none).toBeUndefined();
    expect(await cache.get([])).toEqual([]);
    await cache.put([]);
  });

  it('keeps the last vector put for a key, and another instance opened on the same storage reads it', async () => {
    const storage = make();
    const one = storage.open('bge-m3');
    await one.put([{ key: a, vector: v(1, 2) }]);
    await one.put([{ key: a, vector: v(3, 4, 5) }]);
    expect(values((await one.get([a]))[0])).toEqual([3, 4, 5]);
    expect(values((await storage.open('bge-m3').get([a]))[0])).toEqual([3, 4, 5]);
  });

  it('keeps what two instances put at once', async () => {
    const storage = make();
    const [one, two] = [storage.open('bge-m3'), storage.open('bge-m3')];
    const keys = Array.from({ length: 20 }, (_, i) => embeddingKey('bge-m3', `事项${i}`));
    await Promise.all(keys.map((key, i) => (i % 2 ? one : two).put([{ key, vector: v(i, -i) }])));
    const got = await storage.open('bge-m3').get(keys);
    expect(got.map(values)).toEqual(keys.map((_, i) => [i, -i]));
  });

  it('keeps models and storages apart', async () => {
    const storage = make();
    await storage.open('bge-m3').put([{ key: a, vector: v(1) }]);
    await storage.open('text-embedding-3-small').put([{ key: a, vector: v(2) }]);
    expect(values((await storage.open('bge-m3').get([a]))[0])).toEqual([1]);
    expect(values((await storage.open('text-embedding-3-small').get([a]))[0])).toEqual([2]);
    expect(await storage.elsewhere('bge-m3').get([a])).toEqual([undefined]);
  });

  it('holds what was put: the caller changing its vector, or one it was given, changes nothing', async () => {
    const cache = make().open('bge-m3');
    // A view into a larger buffer, at an offset, as an embedder's batch reply may hand out.
    const batch = v(9, 9, 0.5, 0.25, 9);
    const view = batch.subarray(2, 4);
    await cache.put([{ key: a, vector: view }]);
    view.fill(7);
    const [got] = await cache.get([a]);
    expect(values(got)).toEqual([0.5, 0.25]);
    got!.fill(8);
    expect(values((await cache.get([a]))[0])).toEqual([0.5, 0.25]);
  });

  it('keeps no empty vector: it is asked for again', async () => {
    const storage = make();
    const cache = storage.open('bge-m3');
    await cache.put([
      { key: a, vector: v() },
      { key: b, vector: v(1) },
    ]);
    expect((await cache.get([a, b])).map(values)).toEqual([undefined, [1]]);
    expect((await storage.open('bge-m3').get([a, b])).map(values)).toEqual([undefined, [1]]);
  });
});

it('the Redis cache keeps one hash per model under its prefix, and nothing else', async () => {
  const prefix = `ns-${++n}:`;
  await createRedisEmbeddingCache(shared.client, 'bge-m3', prefix).put([{ key: 'k1', vector: v(1) }]);
  await createRedisEmbeddingCache(second, 'm/2', prefix).put([{ key: 'k2', vector: v(2) }]);
  const keys = (await shared.client.keys(`${prefix}*`)).sort();
  expect(keys).toEqual([`${prefix}bge-m3`, `${prefix}m/2`]);
  expect(await shared.client.hKeys(`${prefix}bge-m3`)).toEqual(['k1']);
});

it('keys differ by model and by text', () => {
  expect(embeddingKey('a', '营业执照')).not.toBe(embeddingKey('b', '营业执照'));
  expect(embeddingKey('a', '营业执照')).not.toBe(embeddingKey('a', '营业执照 '));
});

it('the file cache is read back by a new instance, skipping a line cut short by a crash', async () => {
  const at = join(dir, 'reopen');
  const first = createFileEmbeddingCache(at, 'text-embedding-3-small');
  await first.put([{ key: 'k1', vector: v(1, 2, 3) }]);
  const [file] = readdirSync(at);
  expect(file).toBe('text-embedding-3-small.jsonl');
  appendFileSync(join(at, file!), '{"k":"k2","v":"AAAA');
  const second = createFileEmbeddingCache(at, 'text-embedding-3-small');
  const [k1, k2] = await second.get(['k1', 'k2']);
  expect(Array.from(k1!)).toEqual([1, 2, 3]);
  expect(k2).toBeUndefined();
  // What is appended after the torn line is whole.
  await second.put([{ key: 'k3', vector: v(4, 5) }]);
  const [k3] = await createFileEmbeddingCache(at, 'text-embedding-3-small').get(['k3']);
  expect(Array.from(k3!)).toEqual([4, 5]);
});
