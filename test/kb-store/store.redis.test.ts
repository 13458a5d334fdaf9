import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import { createRedisKbStore, kbRedisKeys } from '../../src/storage';
import { startRedisServer, type RedisServerHandle } from '../support/redis-server';
import { faq, runKbStoreContract } from './store.contract';

let redis: RedisServerHandle;
let prefix = '';

beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis.stop();
});

runKbStoreContract('redis', {
  multiInstance: true,
  async setup() {
    prefix = `t-${randomUUID().slice(0, 8)}:`;
  },
  open: () => createRedisKbStore({ url: redis.url, prefix }),
  async teardown() {},
});

describe('redis KbStore', () => {
  test('a change set and a publish are stored under the documented keys; the revision is announced', async () => {
    const p = `k-${randomUUID().slice(0, 8)}:`;
    const keys = kbRedisKeys(p);
    const store = await createRedisKbStore({ url: redis.url, prefix: p });
    const raw = createClient({ url: redis.url });
    await raw.connect();
    const sub = raw.duplicate();
    await sub.connect();
    const heard: string[] = [];
    await sub.subscribe(keys.channel, (m) => heard.push(m));
    try {
      await store.putEntry(faq('faq-a', '问题'), { author: 'alice' });
      await store.publish({ author: 'erin' });
      expect(await raw.get(keys.seq)).toBe('1');
      expect(await raw.hKeys(keys.draft)).toEqual(['faq-a']);
      expect(await raw.lLen(keys.versions('faq-a'))).toBe(1);
      expect(await raw.exists(keys.changeSet('cs1'))).toBe(1);
      expect(await raw.zRange(keys.changeSets, 0, -1)).toEqual(['cs1']);
      expect(await raw.xLen(keys.audit)).toBe(2);
      expect(await raw.hGet(keys.published, 'revision')).toBe('r1');
      for (let i = 0; i < 50 && !heard.length; i++) await new Promise((r) => setTimeout(r, 10));
      expect(heard).toEqual(['r1']);
    } finally {
      await sub.close();
      await raw.close();
      await store.close();
    }
  });

  test('a draft restored from a Redis restart (AOF) is intact', async () => {
    const p = `a-${randomUUID().slice(0, 8)}:`;
    const store = await createRedisKbStore({ url: redis.url, prefix: p });
    await store.putEntry(faq('faq-a', '问题'), { author: 'alice' });
    await store.publish({ author: 'erin' });
    await store.close();
    await redis.kill9();
    await redis.restart();
    const again = await createRedisKbStore({ url: redis.url, prefix: p });
    expect((await again.getDraft()).entries.map((e) => e.entry.id)).toEqual(['faq-a']);
    expect(await again.publishedRevision()).toBe('r1');
    await again.close();
  });
});
