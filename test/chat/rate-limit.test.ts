/**
 * Chat rate limits: the per-session and per-IP policy, what the Redis counters do while Redis is
 * down, and 429 over HTTP without slowing other sessions. (The counters' contract, memory and
 * Redis: test/chat/rate-counters.test.ts.)
 */
import type { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import {
  addressBlock,
  clientIpOf,
  createChatRateLimit,
  createMemoryRateLimiter,
} from '../../src/http-kit';
import { createLogger } from '../../src/log';
import { createRedisRateLimiter } from '../../src/storage/redis/rate-limit';
import { createRedisClient } from '../../src/storage/redis/ticket-store';
import { startRedisServer, type RedisServerHandle } from '../support/redis-server';
import { chat, post, sessionId, sleep, startChatQihu, type ChatQihu } from './support';

let redis: RedisServerHandle;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis.stop();
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
