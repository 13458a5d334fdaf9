/**
 * The chat's sliding-window counters, one contract in memory and in a real Redis (from two clients,
 * as two instances would): limits per window that slide, nothing charged for a refused hit, exact
 * counts under concurrent hits, one budget shared by the instances, nothing shared with counters on
 * another prefix; and the Redis keys: under their prefix, each expiring.
 */
import { randomUUID } from 'node:crypto';
import { createMemoryRateLimiter } from '../../src/http-kit';
import type { SharedRateLimiter } from '../../src/util/shared-rate-limiter';
import type { AnyRedisClient } from '../../src/storage/redis/client';
import { createRedisRateLimiter } from '../../src/storage/redis/rate-limit';
import { useRedis } from '../support/redis-server';

const redis = useRedis({}, { secondClient: true });

/** A clock the test moves: starts `offsetMs` into an epoch-aligned window. */
function manualClock(windowMs: number, offsetMs: number) {
  let t = (Math.floor(Date.now() / windowMs) + 1) * windowMs + offsetMs;
  return { now: () => t, advance: (ms: number) => (t += ms), set: (ms: number) => (t = ms), get t() { return t; } };
}

/**
 * Two instances counting together (in memory: the one process, one limiter), and counters on other
 * storage (another prefix), which must share nothing with them.
 */
interface Limiters {
  a: SharedRateLimiter;
  b: SharedRateLimiter;
  elsewhere: SharedRateLimiter;
}
type MakeLimiters = (windowMs: number, now?: () => number) => Limiters;

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const l of open.splice(0)) await l.close();
});
const held = (l: SharedRateLimiter): SharedRateLimiter => (open.push(l), l);

describe.each<[string, MakeLimiters]>([
  [
    'memory',
    (windowMs, now) => {
      const one = held(createMemoryRateLimiter({ windowMs, ...(now ? { now } : {}) }));
      return { a: one, b: one, elsewhere: held(createMemoryRateLimiter({ windowMs, ...(now ? { now } : {}) })) };
    },
  ],
  [
    'redis',
    (windowMs, now) => {
      const on = (client: AnyRedisClient, prefix: string) => held(createRedisRateLimiter({ client, windowMs, prefix, syncMs: 5, ...(now ? { now } : {}) }));
      const prefix = `rl-${randomUUID().slice(0, 8)}:`;
      return { a: on(redis.client, prefix), b: on(redis.second, prefix), elsewhere: on(redis.client, `rl-${randomUUID().slice(0, 8)}:`) };
    },
  ],
])('sliding-window counters (%s)', (_name, make) => {
  it('allows `limit` hits a window, then refuses until the allowance slides back', async () => {
    const clock = manualClock(60_000, 1_000);
    const l = make(60_000, clock.now).a;
    for (let i = 0; i < 3; i++) expect((await l.hit([{ key: 'k', limit: 3 }])).limited).toBe(false);
    const v = await l.hit([{ key: 'k', limit: 3 }]);
    expect(v).toMatchObject({ limited: true, counter: 0 });
    // Three hits 1 s into the window: the next is allowed once a third of them has slid out, 20 s
    // into the next window (the previous window's count is weighted by the share still inside).
    expect(v.retryAfterMs).toBe(59_000 + 20_000);
    expect((await l.hit([{ key: 'other', limit: 3 }])).limited).toBe(false);
    await l.sync();
    clock.advance(v.retryAfterMs - 10);
    expect((await l.hit([{ key: 'k', limit: 3 }])).limited).toBe(true);
    clock.advance(10);
    expect((await l.hit([{ key: 'k', limit: 3 }])).limited).toBe(false);
  });

  it('a burst across a window boundary does not pass twice the limit', async () => {
    const clock = manualClock(60_000, 59_000);
    const l = make(60_000, clock.now).a;
    const counter = [{ key: 'burst', limit: 10 }];
    let allowed = 0;
    for (let i = 0; i < 10; i++) if (!(await l.hit(counter)).limited) allowed++;
    await l.sync();
    clock.advance(2_000); // 1 s into the next window
    for (let i = 0; i < 10; i++) if (!(await l.hit(counter)).limited) allowed++;
    // Fixed windows would have let all 20 through within two seconds.
    expect(allowed).toBe(10);
  });

  it('a client that keeps trying gets the limit per window over time, however it paces itself', async () => {
    const windowMs = 60_000;
    const clock = manualClock(windowMs, 0);
    const l = make(windowMs, clock.now).a;
    const start = clock.t;
    const passed: number[] = [];
    // One attempt every 250 ms for five windows, syncing now and then as the timer would.
    for (let i = 0; i < (5 * windowMs) / 250; i++) {
      if (!(await l.hit([{ key: 'steady', limit: 20 }])).limited) passed.push(clock.t - start);
      if (i % 40 === 0) await l.sync();
      clock.advance(250);
    }
    // The estimate errs on the strict side for a steady client: a little under the limit, never over.
    expect(passed.length).toBeGreaterThanOrEqual(5 * 20 * 0.95);
    expect(passed.length).toBeLessThanOrEqual(5 * 20);
    // No minute, wherever it starts, holds much more than the limit.
    let worst = 0;
    for (const from of passed) worst = Math.max(worst, passed.filter((p) => p >= from && p < from + windowMs).length);
    expect(worst).toBeLessThanOrEqual(20);
  });

  it('charges nothing when any counter is over its limit', async () => {
    const l = make(60_000).a;
    const session = { key: 'session', limit: 2 };
    const ip = { key: 'ip', limit: 3 };
    for (let i = 0; i < 10; i++) await l.hit([session, ip]);
    // The flooding session used 2 of the IP's 3: another session on that IP still gets one.
    expect((await l.hit([{ key: 'session-2', limit: 2 }, ip])).limited).toBe(false);
    const v = await l.hit([{ key: 'session-3', limit: 2 }, ip]);
    expect(v).toMatchObject({ limited: true, counter: 1 });
    // session-3 was refused by the IP: it holds nothing, so it is not in memory either.
    const before = l.size;
    for (let i = 0; i < 100; i++) await l.hit([{ key: `fresh-${i}`, limit: 2 }, ip]);
    expect(l.size).toBe(before);
  });

  it('counts concurrent hits exactly', async () => {
    const l = make(60_000).a;
    const verdicts = await Promise.all(Array.from({ length: 50 }, () => l.hit([{ key: 'c', limit: 20 }])));
    expect(verdicts.filter((v) => !v.limited)).toHaveLength(20);
  });

  it('two instances share one budget, each exact for its own hits', async () => {
    const { a, b } = make(60_000);
    const counter = [{ key: 'shared-session', limit: 10 }];
    for (let i = 0; i < 6; i++) expect((await a.hit(counter)).limited).toBe(false);
    await a.sync();
    // b learns a's six with its first sync: four more are allowed in all.
    expect((await b.hit(counter)).limited).toBe(false);
    await b.sync();
    const verdicts = [];
    for (let i = 0; i < 5; i++) verdicts.push((await b.hit(counter)).limited);
    expect(verdicts).toEqual([false, false, false, true, true]);
  });

  it('hits racing on two instances: each counts its own exactly, and the one that syncs last knows them all', async () => {
    const { a, b } = make(60_000);
    const counter = [{ key: 'race', limit: 30 }];
    const verdicts = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).hit(counter).then((v) => [i % 2, v.limited] as const)));
    for (const side of [0, 1]) expect(verdicts.filter(([s, limited]) => s === side && !limited).length).toBeLessThanOrEqual(30);
    expect(verdicts.filter(([, limited]) => !limited).length).toBeGreaterThanOrEqual(30);
    await a.sync();
    await b.sync();
    // b's 20 alone leave it room: only a's hits, shared, fill the budget.
    expect((await b.hit(counter)).limited).toBe(true);
  });

  it('gives a counter its whole limit back after two quiet windows', async () => {
    const clock = manualClock(10_000, 500);
    const { a } = make(10_000, clock.now);
    const counter = [{ key: 'quiet', limit: 4 }];
    for (let i = 0; i < 4; i++) await a.hit(counter);
    await a.sync();
    expect((await a.hit(counter)).limited).toBe(true);
    clock.advance(10_000);
    expect((await a.hit(counter)).limited).toBe(true);
    clock.advance(10_000);
    const verdicts = [];
    for (let i = 0; i < 5; i++) {
      verdicts.push((await a.hit(counter)).limited);
      await a.sync();
    }
    expect(verdicts).toEqual([false, false, false, false, true]);
  });

  it('shares nothing with counters on other storage', async () => {
    const { a, elsewhere } = make(60_000);
    const counter = [{ key: 'apart', limit: 2 }];
    await a.hit(counter);
    await a.hit(counter);
    await a.sync();
    expect((await a.hit(counter)).limited).toBe(true);
    expect((await elsewhere.hit(counter)).limited).toBe(false);
    await elsewhere.sync();
    expect((await elsewhere.hit(counter)).limited).toBe(false);
    expect((await elsewhere.hit(counter)).limited).toBe(true);
  });
});

it('a flood of fresh keys does not free a counter at its limit', async () => {
  const l = createMemoryRateLimiter({ maxKeys: 50 });
  const locked = [{ key: 'ip:locked', limit: 2 }];
  await l.hit(locked);
  await l.hit(locked);
  for (let i = 0; i < 1_000; i++) await l.hit([{ key: `session-${i}`, limit: 5 }]);
  expect(l.size).toBeLessThanOrEqual(50);
  expect((await l.hit(locked)).limited).toBe(true);
});

it('the Redis counters: one key per counter and window, under the prefix, each expiring after two windows', async () => {
  const prefix = `ns-${randomUUID().slice(0, 8)}:`;
  const windowMs = 10_000;
  const l = held(createRedisRateLimiter({ client: redis.client, windowMs, prefix, syncMs: 5 }));
  const t = Date.now();
  await l.hit([{ key: 's:one', limit: 5 }, { key: 'ip:two', limit: 5 }]);
  await l.sync();
  const keys = await redis.client.keys(`${prefix}*`);
  const window = Math.floor(t / windowMs);
  expect(keys.sort()).toEqual([`${prefix}ip:two:${window}`, `${prefix}s:one:${window}`].sort());
  for (const key of keys) {
    const ttl = await redis.client.pTTL(key);
    expect(ttl).toBeGreaterThan(2 * windowMs);
    expect(ttl).toBeLessThanOrEqual(2 * windowMs + 1000);
  }
});

it('a Redis counter that lost its expiry gets it back with the next hits', async () => {
  const prefix = `ttl-${randomUUID().slice(0, 8)}:`;
  const l = held(createRedisRateLimiter({ client: redis.client, windowMs: 60_000, prefix, syncMs: 5 }));
  await l.hit([{ key: 'k', limit: 5 }]);
  await l.sync();
  const [key] = await redis.client.keys(`${prefix}*`);
  await redis.client.persist(key!);
  expect(await redis.client.pTTL(key!)).toBe(-1);
  await l.hit([{ key: 'k', limit: 5 }]);
  await l.sync();
  expect(await redis.client.get(key!)).toBe('2');
  expect(await redis.client.pTTL(key!)).toBeGreaterThan(0);
});
