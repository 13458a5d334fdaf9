/**
 * One contract for both attempt limiters (memory and Redis).
 */
import { randomUUID } from 'node:crypto';
import { createMemoryLimiter, createRedisLimiter, limiterKey, type AttemptLimiter, type LimiterOptions } from '../../src/auth/rate-limit';
import { createRedisClient, type AnyRedisClient } from '../../src/storage/redis/ticket-store';
import { startRedisServer, type RedisServerHandle } from '../support/redis-server';
import { sleep } from './support';

let redis: RedisServerHandle;
let client: AnyRedisClient;

beforeAll(async () => {
  redis = await startRedisServer();
  client = createRedisClient(redis.url);
  await client.connect();
});
afterAll(async () => {
  await client.close();
  await redis.stop();
});

const factories: [string, (o: LimiterOptions) => AttemptLimiter][] = [
  ['memory', (o) => createMemoryLimiter(o)],
  ['redis', (o) => createRedisLimiter({ client, prefix: `rl-${randomUUID().slice(0, 8)}:`, ...o })],
];

describe.each(factories)('AttemptLimiter contract: %s', (_name, make) => {
  const ip = limiterKey('login-ip', '203.0.113.7');
  const user = limiterKey('login-user', 'zhang.san');

  it('allows maxAttempts attempts in a window and refuses the next with a retry delay', async () => {
    const limiter = make({ maxAttempts: 5, windowMs: 60_000 });
    for (let i = 0; i < 5; i++) expect((await limiter.attempt([ip, user])).limited).toBe(false);
    const v = await limiter.attempt([ip, user]);
    expect(v.limited).toBe(true);
    expect(v.retryAfterMs).toBeGreaterThan(55_000);
    expect(v.retryAfterMs).toBeLessThanOrEqual(60_000);
  });

  it('is limited when any one key is over (per IP and per username)', async () => {
    const limiter = make({ maxAttempts: 2, windowMs: 60_000 });
    await limiter.attempt([ip, user]);
    await limiter.attempt([ip, user]);
    expect((await limiter.attempt([ip, limiterKey('login-user', 'someone.else')])).limited).toBe(true);
    expect((await limiter.attempt([limiterKey('login-ip', '198.51.100.1'), user])).limited).toBe(true);
    expect((await limiter.attempt([limiterKey('login-ip', '198.51.100.1'), limiterKey('login-user', 'other')])).limited).toBe(false);
  });

  it('gives attempts back on release and forgets keys on reset', async () => {
    const limiter = make({ maxAttempts: 2, windowMs: 60_000 });
    await limiter.attempt([ip]);
    await limiter.attempt([ip]);
    await limiter.release([ip]);
    expect((await limiter.attempt([ip])).limited).toBe(false);
    expect((await limiter.attempt([ip])).limited).toBe(true);
    await limiter.reset([ip]);
    expect((await limiter.attempt([ip])).limited).toBe(false);
    await limiter.release([limiterKey('x', 'never-seen')]);
  });

  it('starts over when the window ends', async () => {
    const limiter = make({ maxAttempts: 1, windowMs: 250 });
    await limiter.attempt([user]);
    expect((await limiter.attempt([user])).limited).toBe(true);
    await sleep(300);
    expect((await limiter.attempt([user])).limited).toBe(false);
  });

  it('counts parallel attempts exactly (no guess slips past the limit)', async () => {
    const limiter = make({ maxAttempts: 5, windowMs: 60_000 });
    const verdicts = await Promise.all(Array.from({ length: 30 }, () => limiter.attempt([user])));
    expect(verdicts.filter((v) => !v.limited)).toHaveLength(5);
  });
});

describe('limiter keys', () => {
  it('hash what they contain', () => {
    const key = limiterKey('login-user', 'zhang.san');
    expect(key).toMatch(/^login-user:[A-Za-z0-9_-]{22}$/);
    expect(key).not.toContain('zhang');
  });

  it('memory limiter stays bounded', async () => {
    const limiter = createMemoryLimiter({ maxAttempts: 1, windowMs: 60_000, maxKeys: 10 });
    for (let i = 0; i < 100; i++) await limiter.attempt([`k${i}`]);
    // The oldest keys were dropped: k0 starts over, k99 is still counted.
    expect((await limiter.attempt(['k0'])).limited).toBe(false);
    expect((await limiter.attempt(['k99'])).limited).toBe(true);
  });
});
