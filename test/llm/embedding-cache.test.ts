/** Embedding caches, one contract over memory, a file per model and Redis; and what the file survives. */
import { appendFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileEmbeddingCache, createMemoryEmbeddingCache, embeddingKey, type EmbeddingCache } from '../../src/llm/embedding-cache';
import { createRedisEmbeddingCache } from '../../src/storage/redis/embedding-cache';
import { useRedis } from '../support/redis-server';

const shared = useRedis();
let dir: string;
let n = 0;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qihu-embeddings-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const v = (...xs: number[]) => Float32Array.from(xs);

describe.each<[string, (model: string) => EmbeddingCache]>([
  ['memory', () => createMemoryEmbeddingCache()],
  ['file', (model) => createFileEmbeddingCache(join(dir, `c${++n}`), model)],
  ['redis', (model) => createRedisEmbeddingCache(shared.client, model, `test-${++n}:`)],
])('embedding cache (%s)', (_name, make) => {
  it('gives back the vectors put, bit for bit, and nothing for unknown keys', async () => {
    const cache = make('bge-m3');
    const a = embeddingKey('bge-m3', '开药店要什么材料');
    const b = embeddingKey('bge-m3', '营业执照');
    expect(await cache.get([a, b])).toEqual([undefined, undefined]);
    await cache.put([
      { key: a, vector: v(0.1, -0.2, 0.3) },
      { key: b, vector: v(1 / 3, 0, 0) },
    ]);
    const [va, vb, none] = await cache.get([a, b, embeddingKey('bge-m3', '别的')]);
    expect(Array.from(va!)).toEqual(Array.from(v(0.1, -0.2, 0.3)));
    expect(Array.from(vb!)).toEqual(Array.from(v(1 / 3, 0, 0)));
    expect(none).toBeUndefined();
    expect(await cache.get([])).toEqual([]);
  });
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
