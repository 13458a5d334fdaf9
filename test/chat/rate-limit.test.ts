/**
 * Chat rate limits: the sliding-window counters (memory and Redis, one contract), the per-session and
 * per-IP policy, and 429 over HTTP without slowing other sessions.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import {
  addressBlock,
  clientIpOf,
  createChatRateLimit,
  createMemoryRateLimiter,
} from '../../src/http-kit';
import type { SharedRateLimiter } from '../../src/util/shared-rate-limiter';
import { createLogger } from '../../src/log';
import { createRedisRateLimiter } from '../../src/storage/redis/rate-limit';
import { createRedisClient, type AnyRedisClient } from '../../src/storage/redis/ticket-store';
import { startRedisServer, type RedisServerHandle } from '../support/redis-server';
import { chat, post, sessionId, sleep, startChatQihu, type ChatQihu } from './support';

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

/** A clock the test moves: starts `offsetMs` into an epoch-aligned window. */
function manualClock(windowMs: number, offsetMs: number) {
  let t = (Math.floor(Date.now() / windowMs) + 1) * windowMs + offsetMs;
  return { now: () => t, advance: (ms: number) => (t += ms), set: (ms: number) => (t = ms), get t() { return t; } };
}

type MakeLimiter = (windowMs: number, now?: () => number) => SharedRateLimiter;

describe.each<[string, MakeLimiter]>([
  ['memory', (windowMs, now) => createMemoryRateLimiter({ windowMs, ...(now ? { now } : {}) })],
  ['redis', (windowMs, now) => createRedisRateLimiter({ client, windowMs, prefix: `rl-${randomUUID().slice(0, 8)}:`, syncMs: 5, ...(now ? { now } : {}) })],
])('sliding-window counters (%s)', (_name, make) => {
  it('allows `limit` hits a window, then refuses until the allowance slides back', async () => {
    const clock = manualClock(60_000, 1_000);
    const l = make(60_000, clock.now);
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
    await l.close();
  });

  it('a burst across a window boundary does not pass twice the limit', async () => {
    const clock = manualClock(60_000, 59_000);
    const l = make(60_000, clock.now);
    const counter = [{ key: 'burst', limit: 10 }];
    let allowed = 0;
    for (let i = 0; i < 10; i++) if (!(await l.hit(counter)).limited) allowed++;
    await l.sync();
    clock.advance(2_000); // 1 s into the next window
    for (let i = 0; i < 10; i++) if (!(await l.hit(counter)).limited) allowed++;
    // Fixed windows would have let all 20 through within two seconds.
    expect(allowed).toBe(10);
    await l.close();
  });

  it('a client that keeps trying gets the limit per window over time, however it paces itself', async () => {
    const windowMs = 60_000;
    const clock = manualClock(windowMs, 0);
    const l = make(windowMs, clock.now);
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
    await l.close();
  });

  it('charges nothing when any counter is over its limit', async () => {
    const l = make(60_000);
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
    await l.close();
  });

  it('counts concurrent hits exactly', async () => {
    const l = make(60_000);
    const verdicts = await Promise.all(Array.from({ length: 50 }, () => l.hit([{ key: 'c', limit: 20 }])));
    expect(verdicts.filter((v) => !v.limited)).toHaveLength(20);
    await l.close();
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
});

describe('the chat policy', () => {
  it('names the scope; 0 means no limit', async () => {
    const rl = createChatRateLimit({ limiter: createMemoryRateLimiter(), limits: { perSession: 1, perIp: 0 } });
    expect((await rl.check({ ip: '1.2.3.4', sessionId: 'sess-0001' })).limited).toBe(false);
    expect(await rl.check({ ip: '1.2.3.4', sessionId: 'sess-0001' })).toMatchObject({ limited: true, scope: 'session' });
    for (let i = 0; i < 50; i++) expect((await rl.check({ ip: '1.2.3.4' })).limited).toBe(false);

    const ipOnly = createChatRateLimit({ limiter: createMemoryRateLimiter(), limits: { perSession: 0, perIp: 2 } });
    await ipOnly.check({ ip: '1.2.3.4', sessionId: 'a-session-1' });
    await ipOnly.check({ ip: '1.2.3.4', sessionId: 'a-session-2' });
    expect(await ipOnly.check({ ip: '1.2.3.4', sessionId: 'a-session-3' })).toMatchObject({ limited: true, scope: 'ip' });
  });

  it('goes on limiting with its own counts while Redis is down, says so once, and shares them again after', async () => {
    const down = await startRedisServer();
    const c = createRedisClient(down.url, () => {});
    await c.connect();
    await down.kill9();
    const logs: string[] = [];
    const limiter = createRedisRateLimiter({ client: c, log: createLogger('debug', (l) => logs.push(l)), syncMs: 5 });
    const rl = createChatRateLimit({ limiter, limits: { perSession: 2, perIp: 0 } });
    try {
      expect((await rl.check({ sessionId: 'sess-0001' })).limited).toBe(false);
      expect((await rl.check({ sessionId: 'sess-0001' })).limited).toBe(false);
      expect(await rl.check({ sessionId: 'sess-0001' })).toMatchObject({ limited: true, scope: 'session' });
      await limiter.sync();
      await limiter.sync();
      expect(logs.filter((l) => l.includes('counting on this instance only'))).toHaveLength(1);

      await down.restart();
      await sleep(300); // the client reconnects
      await limiter.sync();
      // The hits counted while Redis was down reached it.
      const check = createRedisClient(down.url, () => {});
      await check.connect();
      const keys = await check.keys('qihu:chat-rate:*');
      expect(keys).toHaveLength(1);
      // Two allowed; the refused third is not counted.
      expect(await check.get(keys[0]!)).toBe('2');
      await check.close();
      expect(logs.some((l) => l.includes('chat rate limits shared again'))).toBe(true);
    } finally {
      await limiter.close();
      c.destroy();
      await down.stop();
    }
  });

  it('two instances share one budget through Redis, each exact for its own hits', async () => {
    const prefix = `rl-${randomUUID().slice(0, 8)}:`;
    const a = createRedisRateLimiter({ client, prefix, syncMs: 5 });
    const b = createRedisRateLimiter({ client, prefix, syncMs: 5 });
    const counter = [{ key: 'shared-session', limit: 10 }];
    try {
      for (let i = 0; i < 6; i++) expect((await a.hit(counter)).limited).toBe(false);
      await a.sync();
      // b learns a's six with its first sync: four more are allowed in all.
      expect((await b.hit(counter)).limited).toBe(false);
      await b.sync();
      const verdicts = [];
      for (let i = 0; i < 5; i++) verdicts.push((await b.hit(counter)).limited);
      expect(verdicts).toEqual([false, false, false, true, true]);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('counts an IPv6 client by its /64, so rotating addresses within it does not escape the limit', async () => {
    expect(addressBlock('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressBlock('2001:0db8:0001:0002:ffff:1:2:3')).toBe('2001:db8:1:2::/64');
    expect(addressBlock('2001:db8::7')).toBe('2001:db8:0:0::/64');
    expect(addressBlock('::ffff:198.51.100.7')).toBe('198.51.100.7');
    expect(addressBlock('198.51.100.7')).toBe('198.51.100.7');
    const rl = createChatRateLimit({ limiter: createMemoryRateLimiter(), limits: { perSession: 0, perIp: 3 } });
    for (let i = 0; i < 3; i++) expect((await rl.check({ ip: `2001:db8:1:2::${i + 1}` })).limited).toBe(false);
    expect(await rl.check({ ip: '2001:db8:1:2:ffff::9' })).toMatchObject({ limited: true, scope: 'ip' });
    expect((await rl.check({ ip: '2001:db8:1:3::1' })).limited).toBe(false);
  });

  it('a flood of fresh session ids from one address stops at the address limit and leaves no counters', async () => {
    const limiter = createMemoryRateLimiter();
    const rl = createChatRateLimit({ limiter, limits: { perSession: 30, perIp: 120 } });
    let allowed = 0;
    for (let i = 0; i < 5_000; i++) if (!(await rl.check({ ip: '203.0.113.50', sessionId: `rotating-${i}` })).limited) allowed++;
    expect(allowed).toBe(120);
    // The address's counter and one per session that was let through: none for the refused ones.
    expect(limiter.size).toBe(121);
  });

  it('reads the client IP behind a loopback proxy only', () => {
    const req = (remote: string, xff?: string) => {
      const socket = new Socket();
      Object.defineProperty(socket, 'remoteAddress', { value: remote });
      return { socket, headers: xff ? { 'x-forwarded-for': xff } : {} } as unknown as IncomingMessage;
    };
    expect(clientIpOf(req('203.0.113.9', '1.1.1.1'))).toBe('203.0.113.9');
    expect(clientIpOf(req('127.0.0.1', '198.51.100.7'))).toBe('198.51.100.7');
    expect(clientIpOf(req('::ffff:127.0.0.1', '1.1.1.1, 198.51.100.7, 127.0.0.1'))).toBe('198.51.100.7');
    expect(clientIpOf(req('::1'))).toBe('::1');
    expect(clientIpOf(req('127.0.0.1', 'garbage'))).toBe('127.0.0.1');
  });
});

describe('429 over HTTP', () => {
  let qihu: ChatQihu;
  beforeAll(async () => {
    qihu = await startChatQihu({ redisUrl: redis.url, env: { RATE_LIMIT_PER_SESSION: '5', RATE_LIMIT_PER_IP: '1000' } });
  });
  afterAll(() => qihu.stop());

  it('refuses a flooding session with Retry-After, and other sessions are served as fast as before', async () => {
    const calm = sessionId('calm');
    const t0 = performance.now();
    await chat(qihu.url, calm, '开药店要什么材料');
    const before = performance.now() - t0;

    const flooder = sessionId('flood');
    const flood = Promise.all(
      Array.from({ length: 60 }, () => post(qihu.url, '/api/v1/chat', { sessionId: flooder, text: '开药店要什么材料' })),
    );
    const t1 = performance.now();
    const [answer] = await chat(qihu.url, calm, '那要多久？');
    const during = performance.now() - t1;
    expect(answer!.field).toBe('time_limit');

    const responses = await flood;
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(55);
    const limited = responses.find((r) => r.status === 429)!;
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    // A sliding window: at most the rest of this window and a share of the next.
    expect(retryAfter).toBeLessThanOrEqual(120);
    expect(await limited.json()).toMatchObject({ error: 'QH_ERR_RATE_LIMITED', message: '请求太频繁，请稍后再试' });
    await Promise.all(responses.map((r) => r.text().catch(() => '')));
    // Generous: the calm turn waited behind at most a few of the flood's requests.
    expect(during).toBeLessThan(Math.max(250, before * 10));
  });

  it('the webhook shares the session budget', async () => {
    const user = sessionId('hook');
    for (let i = 0; i < 5; i++) await chat(qihu.url, user, '你好');
    const res = await post(qihu.url, '/api/messages', { type: 'message', user, text: '你好' });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('refuses an IP over its limit, whatever the session', async () => {
    const strict = await startChatQihu({ env: { RATE_LIMIT_PER_SESSION: '0', RATE_LIMIT_PER_IP: '4' } });
    try {
      for (let i = 0; i < 4; i++) await chat(strict.url, sessionId('ip'), '你好');
      const res = await post(strict.url, '/api/v1/chat', { sessionId: sessionId('ip'), text: '你好' });
      expect(res.status).toBe(429);
    } finally {
      await strict.stop();
    }
  });
});
