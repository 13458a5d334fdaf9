import { randomUUID } from 'node:crypto';
import { createRedisSessionStore, type SessionStore } from '../../src/auth/sessions';
import { createRedisClient, type AnyRedisClient } from '../../src/storage/redis/ticket-store';
import { startRedisServer, type RedisServerHandle } from '../support/redis-server';
import { runSessionStoreContract } from './session-store.contract';

let redis: RedisServerHandle;
let client: AnyRedisClient;
let prefix = '';

beforeAll(async () => {
  redis = await startRedisServer();
  client = createRedisClient(redis.url);
  await client.connect();
});
afterAll(async () => {
  await client.close();
  await redis.stop();
});

runSessionStoreContract('redis', {
  async open(opts) {
    prefix = `s-${randomUUID().slice(0, 8)}:`;
    return createRedisSessionStore({ client, prefix, ...opts });
  },
  async teardown() {},
});

describe('redis session store', () => {
  let store: SessionStore;
  beforeEach(() => {
    prefix = `s-${randomUUID().slice(0, 8)}:`;
    store = createRedisSessionStore({ client, prefix, idleTtlMs: 60_000, absoluteTtlMs: 120_000 });
  });

  it('shares sessions between instances (two stores on one Redis)', async () => {
    const other = createRedisSessionStore({ client, prefix, idleTtlMs: 60_000, absoluteTtlMs: 120_000 });
    const s = await store.create({ username: 'li.si', role: 'editor', credential: 'fp' });
    expect((await other.get(s.id))?.username).toBe('li.si');
    await other.destroy(s.id);
    expect(await store.get(s.id)).toBeUndefined();
  });

  it('stores records under a hash of the id, with the idle TTL as the key expiry', async () => {
    const s = await store.create({ username: 'li.si', role: 'editor', credential: 'fp' });
    const keys = await client.keys(`${prefix}*`);
    expect(keys).toHaveLength(1);
    expect(keys[0]).not.toContain(s.id);
    const raw = String(await client.get(keys[0]!));
    expect(raw).not.toContain(s.id);
    const ttl = Number(await client.pTTL(keys[0]!));
    expect(ttl).toBeGreaterThan(59_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it('lets Redis drop the record itself once the idle TTL passes, and moves that expiry on touch', async () => {
    let t = Date.now();
    const short = createRedisSessionStore({ client, prefix, idleTtlMs: 200, absoluteTtlMs: 60_000, now: () => t });
    const s = await short.create({ username: 'li.si', role: 'editor', credential: 'fp' });
    const [key] = await client.keys(`${prefix}*`);
    expect(Number(await client.pTTL(key!))).toBeLessThanOrEqual(200);
    // A touch 150 ms later (by the store's clock) sets the key's expiry to the new idle expiry.
    t += 150;
    await client.pExpire(key!, 60_000);
    expect(await short.touch(s.id)).toBeDefined();
    expect(Number(await client.pTTL(key!))).toBeLessThanOrEqual(200);
    // Redis removes the key on its own; a stalled machine only makes this take longer.
    const deadline = Date.now() + 10_000;
    while ((await client.exists(key!)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(await client.exists(key!)).toBe(0);
  });

  it('ignores a record that is not a session (corrupt or foreign value)', async () => {
    const s = await store.create({ username: 'li.si', role: 'editor', credential: 'fp' });
    const [key] = await client.keys(`${prefix}*`);
    await client.set(key!, '{"username":"x","role":"root"}');
    expect(await store.get(s.id)).toBeUndefined();
    await client.set(key!, 'not json');
    expect(await store.get(s.id)).toBeUndefined();
  });
});
