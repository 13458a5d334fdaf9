/**
 * The replay guard, one contract in memory and in a real Redis (from two clients, as two instances
 * would): an event id is accepted once until its time to live runs out, however many tries race for
 * it; a refused retry does not prolong it; guards on other prefixes share nothing.
 */
import { createMemoryReplayGuard, type ReplayGuard } from '../../src/tickets/signing';
import { createRedisReplayGuard } from '../../src/storage/redis/replay-guard';
import { useRedis } from '../support/redis-server';

const redis = useRedis({}, { secondClient: true });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let n = 0;
const eventId = () => `d-${(++n).toString(16).padStart(32, '0')}`;

/** Two instances sharing a guard (in memory: the one process), and one on other storage. */
interface Guards {
  a: ReplayGuard;
  b: ReplayGuard;
  elsewhere: ReplayGuard;
}

describe.each<[string, () => Guards]>([
  [
    'memory',
    () => {
      const guard = createMemoryReplayGuard();
      return { a: guard, b: guard, elsewhere: createMemoryReplayGuard() };
    },
  ],
  [
    'redis',
    () => {
      const prefix = `t${++n}:`;
      return {
        a: createRedisReplayGuard(redis.client, prefix),
        b: createRedisReplayGuard(redis.second, prefix),
        elsewhere: createRedisReplayGuard(redis.client, `t${++n}:`),
      };
    },
  ],
])('the replay guard (%s)', (_name, make) => {
  it('accepts an event id once, whichever instance sees it again', async () => {
    const { a, b } = make();
    const [x, y] = [eventId(), eventId()];
    expect(await a.firstSeen(x, 60_000)).toBe(true);
    expect(await b.firstSeen(x, 60_000)).toBe(false);
    expect(await a.firstSeen(x, 60_000)).toBe(false);
    expect(await b.firstSeen(y, 60_000)).toBe(true);
    expect(await a.firstSeen(y, 60_000)).toBe(false);
  });

  it('lets exactly one of many simultaneous tries through, across instances', async () => {
    const { a, b } = make();
    const ids = Array.from({ length: 20 }, eventId);
    const tries = await Promise.all(ids.flatMap((id) => Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).firstSeen(id, 60_000).then((ok) => [id, ok] as const))));
    for (const id of ids) expect(tries.filter(([i, ok]) => i === id && ok)).toHaveLength(1);
  });

  it('accepts an event id again once its time to live has run out, and then once only', async () => {
    const { a, b } = make();
    const x = eventId();
    expect(await a.firstSeen(x, 300)).toBe(true);
    expect(await b.firstSeen(x, 300)).toBe(false);
    await sleep(450);
    expect(await b.firstSeen(x, 300)).toBe(true);
    expect(await a.firstSeen(x, 300)).toBe(false);
  });

  it('does not prolong an id for a refused retry', async () => {
    const { a, b } = make();
    const x = eventId();
    expect(await a.firstSeen(x, 300)).toBe(true);
    expect(await b.firstSeen(x, 60_000)).toBe(false);
    await sleep(450);
    expect(await a.firstSeen(x, 300)).toBe(true);
  });

  it('shares nothing with a guard on other storage', async () => {
    const { a, elsewhere } = make();
    const x = eventId();
    expect(await a.firstSeen(x, 60_000)).toBe(true);
    expect(await elsewhere.firstSeen(x, 60_000)).toBe(true);
    expect(await elsewhere.firstSeen(x, 60_000)).toBe(false);
  });
});

it('the Redis guard keeps one key per event id under its prefix, expiring with its time to live', async () => {
  const prefix = `ns${++n}:`;
  const x = eventId();
  await createRedisReplayGuard(redis.client, prefix).firstSeen(x, 30_000);
  expect(await redis.client.keys(`${prefix}*`)).toEqual([`${prefix}replay:${x}`]);
  const ttl = await redis.client.pTTL(`${prefix}replay:${x}`);
  expect(ttl).toBeGreaterThan(25_000);
  expect(ttl).toBeLessThanOrEqual(30_000);
});
