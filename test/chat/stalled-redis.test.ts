/**
 * A stalled Redis (SIGSTOP: connections stay open, nothing answers). The chat's Redis client has no
 * per-command timeout, so the deadlines must hold: the turn apologises, /healthz says degraded (and /readyz 503), the
 * rate limits go on counting on the instance, and everything works again once Redis resumes.
 */
import { startRedisServer, type RedisServerHandle } from '../support/redis-server';
import { chat, sessionId, startChatQihu, type ChatQihu } from './support';

const APOLOGY = '抱歉，系统暂时繁忙，请稍后再试；急事可拨打12345热线。';

let redis: RedisServerHandle;
let qihu: ChatQihu;

beforeAll(async () => {
  redis = await startRedisServer();
  qihu = await startChatQihu({ redisUrl: redis.url, env: { CHAT_TURN_TIMEOUT_MS: '400' } });
});
afterAll(async () => {
  redis.resume();
  await qihu?.stop();
  await redis.stop();
});

it('apologises within its deadlines while Redis is stalled, and recovers when it resumes', async () => {
  const sid = sessionId('stall');
  const [before] = await chat(qihu.url, sid, '开药店要什么材料');
  expect(before).toMatchObject({ type: 'answer', entryId: 'item-drug-retail' });

  redis.pause();
  try {
    const started = Date.now();
    const during = await chat(qihu.url, sid, '那要多久？');
    const waited = Date.now() - started;
    expect(during).toEqual([{ type: 'text', text: APOLOGY }]);
    // The turn's 0.4 s (plus a sweep or two), far from node-redis's 5 s.
    expect(waited).toBeLessThan(1500);

    // Alive (liveness stays 200) but not ready: a load balancer sends the traffic elsewhere.
    const health = await fetch(qihu.url + '/healthz');
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'degraded', checks: { redis: false } });
    const ready = await fetch(qihu.url + '/readyz');
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'not_ready', checks: { redis: false } });
    // The rate limits' sync gave up after its own second: counting goes on on this instance.
    await new Promise((r) => setTimeout(r, 1200));
    expect(qihu.logs.join('\n')).toContain('counting on this instance only');
  } finally {
    redis.resume();
  }

  // The stalled commands complete once Redis resumes; the next turn is served normally.
  const after = await chat(qihu.url, sessionId('stall-after'), '开药店要什么材料');
  expect(after[0]).toMatchObject({ type: 'answer', entryId: 'item-drug-retail' });
  expect((await fetch(qihu.url + '/healthz')).status).toBe(200);
  expect((await fetch(qihu.url + '/readyz')).status).toBe(200);
  // The records of the turns before and after the stall all arrive.
  const records = await qihu.records.list({ kinds: ['answer'] });
  expect(records.length).toBeGreaterThanOrEqual(2);
}, 20_000);
