/**
 * The Redis Storage against botbuilder's MemoryStorage: one contract suite, run on both, so the Redis
 * one behaves as botbuilder (and Botkit) expect. Plus what only Redis has: prefix, TTL, sharing.
 */
import { MemoryStorage, type Storage } from 'botbuilder';
import { createClient } from 'redis';
import { createRedisStorage, DEFAULT_STORAGE_PREFIX, ETagConflictError, type RedisStorage } from '../../src/storage/redis/botbuilder-storage';
import { ExpiringMemoryStorage } from '../../src/storage/memory/expiring-storage';
import { startRedisServer, type RedisServerHandle } from '../support/redis-server';

let redis: RedisServerHandle;
const opened: RedisStorage[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await Promise.all(opened.map((s) => s.close()));
  await redis.stop();
});

let n = 0;
async function redisStorage(over: { ttlMs?: number; prefix?: string } = {}): Promise<RedisStorage> {
  const s = await createRedisStorage({ url: redis.url, prefix: over.prefix ?? `test${++n}:`, ttlMs: over.ttlMs });
  opened.push(s);
  return s;
}

type Factory = () => Promise<Storage>;

describe.each<[string, Factory]>([
  ['MemoryStorage (the reference)', async () => new MemoryStorage()],
  ['RedisStorage', () => redisStorage()],
  ['ExpiringMemoryStorage (the embedded default)', async () => new ExpiringMemoryStorage(60_000)],
])('Storage contract: %s', (_name, make) => {
  let s: Storage;
  beforeEach(async () => {
    s = await make();
  });

  it('reads nothing for keys never written, and an empty key list', async () => {
    expect(await s.read(['nope', 'neither'])).toEqual({});
    expect(await s.read([])).toEqual({});
  });

  it('round-trips JSON items and gives each an eTag', async () => {
    await s.write({ a: { n: 1, nested: { list: [1, '二', null], ok: true } }, b: { text: '你好 <b>' } });
    const items = await s.read(['a', 'b', 'c']);
    expect(Object.keys(items).sort()).toEqual(['a', 'b']);
    expect(items.a).toMatchObject({ n: 1, nested: { list: [1, '二', null], ok: true } });
    expect(items.b).toMatchObject({ text: '你好 <b>' });
    expect(typeof items.a.eTag).toBe('string');
    expect(items.a.eTag).not.toBe(items.b.eTag);
  });

  it('every write changes the eTag', async () => {
    await s.write({ k: { v: 1 } });
    const first = (await s.read(['k'])).k.eTag as string;
    await s.write({ k: { v: 2, eTag: '*' } });
    const second = (await s.read(['k'])).k;
    expect(second).toMatchObject({ v: 2 });
    expect(second.eTag).not.toBe(first);
  });

  it('"*" and a missing eTag mean last write wins', async () => {
    await s.write({ k: { v: 1 } });
    await s.write({ k: { v: 2, eTag: '*' } });
    await s.write({ k: { v: 3 } });
    expect((await s.read(['k'])).k).toMatchObject({ v: 3 });
  });

  it('the current eTag writes; a stale one is refused and changes nothing', async () => {
    await s.write({ k: { v: 1 } });
    const read1 = (await s.read(['k'])).k;
    await s.write({ k: { ...read1, v: 2 } });
    const read2 = (await s.read(['k'])).k;
    expect(read2).toMatchObject({ v: 2 });

    // read1's eTag is stale now: someone else wrote in between.
    await expect(s.write({ k: { ...read1, v: 99 } })).rejects.toThrow(/eTag conflict/);
    expect((await s.read(['k'])).k).toEqual(read2);
  });

  it('an eTag for an item that does not exist (any more) writes', async () => {
    await s.write({ fresh: { v: 1, eTag: 'from-elsewhere' } });
    expect((await s.read(['fresh'])).fresh).toMatchObject({ v: 1 });
  });

  it('deletes items; deleting missing keys is harmless', async () => {
    await s.write({ a: { v: 1 }, b: { v: 2 } });
    await s.delete(['a', 'never']);
    expect(Object.keys(await s.read(['a', 'b']))).toEqual(['b']);
    await s.write({ a: { v: 3, eTag: 'stale-from-before-delete' } });
    expect((await s.read(['a'])).a).toMatchObject({ v: 3 });
  });

  it('does not keep a reference to the written object', async () => {
    const item = { v: 1, list: [1] };
    await s.write({ k: item });
    item.v = 2;
    item.list.push(2);
    expect((await s.read(['k'])).k).toMatchObject({ v: 1, list: [1] });
  });
});

describe('RedisStorage only', () => {
  it('keeps items under the prefix with a TTL, refreshed on write', async () => {
    const s = await redisStorage({ prefix: 'ttl:', ttlMs: 60_000 });
    await s.write({ 'qihu/conversation/abc': { v: 1 } });
    const client = createClient({ url: redis.url });
    await client.connect();
    try {
      const ttl1 = await client.pTTL('ttl:qihu/conversation/abc');
      expect(ttl1).toBeGreaterThan(50_000);
      expect(ttl1).toBeLessThanOrEqual(60_000);
      await client.pExpire('ttl:qihu/conversation/abc', 5_000);
      await s.write({ 'qihu/conversation/abc': { v: 2 } });
      expect(await client.pTTL('ttl:qihu/conversation/abc')).toBeGreaterThan(50_000);
      expect(JSON.parse((await client.get('ttl:qihu/conversation/abc'))!)).toMatchObject({ v: 2 });

      // A value that is not JSON is skipped, not thrown.
      await client.set('ttl:garbage', '{not json');
      expect(await s.read(['garbage', 'qihu/conversation/abc'])).toEqual({
        'qihu/conversation/abc': expect.objectContaining({ v: 2 }),
      });
    } finally {
      await client.close();
    }
  });

  it('items expire after the TTL', async () => {
    const s = await redisStorage({ ttlMs: 50 });
    await s.write({ k: { v: 1 } });
    await new Promise((r) => setTimeout(r, 120));
    expect(await s.read(['k'])).toEqual({});
  });

  it('two instances on one Redis see each other, and conflict as one would', async () => {
    const a = await redisStorage({ prefix: 'shared:' });
    const b = await redisStorage({ prefix: 'shared:' });
    await a.write({ k: { v: 1 } });
    const seenByB = (await b.read(['k'])).k;
    expect(seenByB).toMatchObject({ v: 1 });
    await a.write({ k: { ...(await a.read(['k'])).k, v: 2 } });
    const err = await b.write({ k: { ...seenByB, v: 3 } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ETagConflictError);
    expect((err as ETagConflictError).key).toBe('k');
  });

  it('a multi-item write with one conflict writes none of them', async () => {
    const s = await redisStorage();
    await s.write({ a: { v: 1 }, b: { v: 1 } });
    const a = (await s.read(['a'])).a;
    await s.write({ a: { v: 2 } });
    await expect(s.write({ b: { v: 9 }, a: { ...a, v: 9 } })).rejects.toThrow(ETagConflictError);
    const items = await s.read(['a', 'b']);
    expect(items.a).toMatchObject({ v: 2 });
    expect(items.b).toMatchObject({ v: 1 });
  });

  it('uses qihu:state: by default', () => {
    expect(DEFAULT_STORAGE_PREFIX).toBe('qihu:state:');
  });
});

describe('ExpiringMemoryStorage', () => {
  it('forgets an item not written for the ttl, as Redis does, and keeps what was written since', async () => {
    let t = 0;
    const s = new ExpiringMemoryStorage(1000, () => t);
    await s.write({ old: { v: 1, eTag: '*' }, kept: { v: 2, eTag: '*' } });
    t = 600;
    await s.write({ kept: { v: 3, eTag: '*' } });
    t = 1200;
    expect(Object.keys(await s.read(['old', 'kept']))).toEqual(['kept']);
    expect(s.size).toBe(1);
    t = 1700;
    expect(await s.read(['kept'])).toEqual({});
    expect(s.size).toBe(0);
  });

  it('stays bounded under 40,000 sessions that each come once', async () => {
    let t = 0;
    const s = new ExpiringMemoryStorage(1000, () => t);
    for (let i = 0; i < 40_000; i++) {
      t += 1;
      await s.write({ [`session-${i}`]: { turns: [], eTag: '*' } });
    }
    expect(s.size).toBeLessThanOrEqual(1001);
  });
});
