/**
 * Observability on a whole qihu: GET /metrics (protected; its counters move with chat turns,
 * tickets and rate limits; route templates, never raw paths, as labels), the request id echoed and
 * bound to log lines, /readyz distinct from /healthz while Redis is down and after, and log lines
 * that keep stack traces without personal data.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashSecret } from '../../src/auth/secret-hash';
import { createLogger } from '../../src/log';
import { TICKET_ID_RE } from '../../src/tickets/schema';
import { chat, post, sessionId, startChatQihu, textOf, type ChatQihu } from '../chat/support';
import { waitFor } from '../support/qihu';
import { startRedisServer, type RedisServerHandle } from '../support/redis-server';

const METRICS_TOKEN = 'metrics-token-0123456789abcdef';
const ADMIN_TOKEN = 'admin-api-token-0123456789';
const OPERATOR_TOKEN = 'operator-api-token-0123456789';
const COST = { log2N: 12, r: 8, p: 1 } as const;

/** The value of the series `name` whose labels include `labels`, or 0 when there is none yet. */
function metric(text: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  let found = false;
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) {
      total += Number(m[3]);
      found = true;
    }
  }
  return found ? total : 0;
}

const scrape = async (qihu: { url: string }) => {
  const res = await fetch(`${qihu.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(res.status).toBe(200);
  return res.text();
};

const logLines = (qihu: ChatQihu) => qihu.logs.map((l) => JSON.parse(l) as Record<string, unknown>);

describe('metrics, request ids and health on the embedded default', () => {
  let qihu: ChatQihu;
  beforeAll(async () => {
    qihu = await startChatQihu({
      env: {
        METRICS_TOKEN,
        RATE_LIMIT_PER_SESSION: '8',
        AUTH_TOKENS: `ops:admin:${hashSecret(ADMIN_TOKEN, COST)},line:operator:${hashSecret(OPERATOR_TOKEN, COST)}`,
      },
    });
  }, 30_000);
  afterAll(() => qihu?.stop());

  it('serves /metrics to the metrics token and to administrators only', async () => {
    expect((await fetch(`${qihu.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${qihu.url}/metrics`, { headers: { authorization: 'Bearer not-the-metrics-token-0000' } })).status).toBe(401);
    expect((await fetch(`${qihu.url}/metrics`, { headers: { authorization: `Bearer ${OPERATOR_TOKEN}` } })).status).toBe(403);
    const admin = await fetch(`${qihu.url}/metrics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(admin.status).toBe(200);
    const res = await fetch(`${qihu.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    // The process's own, and every qihu metric, present from the start.
    for (const name of ['process_cpu_user_seconds_total', 'nodejs_eventloop_lag_p99_seconds', 'qihu_outbox_depth', 'qihu_dead_letters']) {
      expect(text).toContain(`\n${name} `);
    }
    for (const name of ['qihu_decisions_total', 'qihu_answer_seconds', 'qihu_http_requests_total', 'qihu_tickets_total', 'qihu_delivery_retries_total', 'qihu_rate_limited_total', 'qihu_redis_errors_total']) {
      expect(text).toContain(`# TYPE ${name} `);
    }
  });

  it('counts answers, hand-offs and their latency', async () => {
    const before = await scrape(qihu);
    const sid = sessionId('obs');
    const [answer] = await chat(qihu.url, sid, '开药店要什么材料');
    expect(answer!.type).toBe('answer');
    const handoff = await chat(qihu.url, sessionId('obs'), '我要投诉：厂门口道路破损半年没修好');
    expect(handoff[0]!.type).toBe('handoff');
    const after = await scrape(qihu);
    const delta = (name: string, labels: Record<string, string> = {}) => metric(after, name, labels) - metric(before, name, labels);
    expect(delta('qihu_decisions_total', { kind: 'answer', channel: 'api' })).toBe(1);
    expect(delta('qihu_decisions_total', { kind: 'handoff', channel: 'api' })).toBe(1);
    expect(delta('qihu_handoffs_total', { reason: 'complaint' })).toBe(1);
    expect(delta('qihu_answer_seconds_count', { channel: 'api' })).toBe(2);
    expect(delta('qihu_answer_seconds_sum', { channel: 'api' })).toBeGreaterThan(0);
    expect(delta('qihu_http_requests_total', { method: 'POST', route: '/api/v1/chat', status: '200' })).toBe(2);
  });

  it('counts a filed ticket, its delivery and the outbox; labels routes by template', async () => {
    const before = await scrape(qihu);
    const sid = sessionId('obs-ticket');
    await chat(qihu.url, sid, '我要投诉：厂门口道路破损半年没修好，货车进不来。联系电话13800138000');
    expect(textOf(await chat(qihu.url, sid, '厂区南门外'))).toContain('企业的名称');
    expect(textOf(await chat(qihu.url, sid, '示例五金制品有限公司'))).toContain('哪个区县');
    await chat(qihu.url, sid, '东城');
    const [summary] = await chat(qihu.url, sid, '张三');
    const [ticket] = await chat(qihu.url, sid, summary!.choices![0]!.input);
    const ticketId = ticket!.ticketId!;
    expect(ticketId).toMatch(TICKET_ID_RE);
    // The in-process routing backend receives it (delivered), then reports on it.
    await waitFor(async () => (await qihu.tickets.status(ticketId))?.state.status !== 'queued', 15_000, 'delivery');
    const view = await fetch(`${qihu.url}/api/v1/tickets/${ticketId}`);
    expect(view.status).toBeLessThan(500);
    const after = await scrape(qihu);
    const delta = (name: string, labels: Record<string, string> = {}) => metric(after, name, labels) - metric(before, name, labels);
    expect(delta('qihu_tickets_total', { status: 'queued' })).toBe(1);
    expect(delta('qihu_tickets_total', { status: 'delivered' })).toBe(1);
    expect(delta('qihu_deliveries_total', { outcome: 'delivered' })).toBeGreaterThanOrEqual(1);
    expect(metric(after, 'qihu_dead_letters')).toBe(0);
    expect(after).toMatch(/\nqihu_outbox_depth \d+\n/);
    // The ticket route is labelled by its template: no ticket id in any label.
    expect(after).toContain('route="/api/v1/tickets/:id"');
    expect(after).not.toContain(ticketId);
  }, 30_000);

  it('counts rate-limit refusals by scope', async () => {
    const before = await scrape(qihu);
    const sid = sessionId('obs-flood');
    for (let i = 0; i < 8; i++) await chat(qihu.url, sid, '你好');
    const refused = await post(qihu.url, '/api/v1/chat', { sessionId: sid, text: '你好' });
    expect(refused.status).toBe(429);
    const after = await scrape(qihu);
    expect(metric(after, 'qihu_rate_limited_total', { scope: 'session' }) - metric(before, 'qihu_rate_limited_total', { scope: 'session' })).toBe(1);
    expect(metric(after, 'qihu_http_requests_total', { route: '/api/v1/chat', status: '429' })).toBeGreaterThanOrEqual(1);
  });

  it('echoes a sane X-Request-Id, replaces one that is not, and makes one when there is none', async () => {
    for (const path of ['/healthz', '/api/v1/chat']) {
      const send = (headers: Record<string, string>) =>
        path === '/healthz' ? fetch(qihu.url + path, { headers }) : post(qihu.url, path, { sessionId: sessionId('rid'), text: '你好' }, headers);
      expect((await send({ 'x-request-id': 'lb-7f3a.22:abc' })).headers.get('x-request-id')).toBe('lb-7f3a.22:abc');
      // An id carrying a phone number (or anything odd) is never echoed nor logged.
      for (const bad of ['call-13812345678', 'a b', 'x'.repeat(129)]) {
        const id = (await send({ 'x-request-id': bad })).headers.get('x-request-id');
        expect(id).toMatch(/^[0-9a-f]{32}$/);
      }
      const made = (await send({})).headers.get('x-request-id');
      expect(made).toMatch(/^[0-9a-f]{32}$/);
    }
  });

  it('is ready, and stays alive, distinctly', async () => {
    const ready = await fetch(`${qihu.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: 'ready',
      checks: { tickets: true, dataDir: true, accepting: true, knowledgeBase: true },
    });
    const health = await fetch(`${qihu.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', mode: 'embedded' });
  });
});

describe('on Redis: readiness, Redis errors, request ids in the logs', () => {
  let redis: RedisServerHandle;
  let qihu: ChatQihu;
  beforeAll(async () => {
    redis = await startRedisServer();
    qihu = await startChatQihu({ redisUrl: redis.url, env: { METRICS_TOKEN, METRICS_PORT: '0', CHAT_TURN_TIMEOUT_MS: '500' } });
  }, 30_000);
  afterAll(async () => {
    await qihu?.stop();
    await redis?.stop();
  });

  it('serves the metrics without credentials on METRICS_PORT, bound to loopback', async () => {
    expect(qihu.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const res = await fetch(qihu.metricsUrl!);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('# TYPE qihu_decisions_total counter');
    expect((await fetch(qihu.metricsUrl!.replace('/metrics', '/healthz'))).status).toBe(404);
    // The main port still wants credentials.
    expect((await fetch(`${qihu.url}/metrics`)).status).toBe(401);
  });

  it('answers /readyz 503 while Redis is down and 200 once it is back; /healthz stays 200', async () => {
    expect((await fetch(`${qihu.url}/readyz`)).status).toBe(200);
    const errorsBefore = metric(await scrape(qihu), 'qihu_redis_errors_total', { client: 'chat' });
    await redis.kill9();
    try {
      const ready = await fetch(`${qihu.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ status: 'not_ready', checks: { redis: false, tickets: false, accepting: true, knowledgeBase: true } });
      const health = await fetch(`${qihu.url}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'degraded', checks: { redis: false } });

      // A turn while Redis is away: the apology, and the error logged with this request's id and its stack.
      const res = await post(qihu.url, '/api/v1/chat', { sessionId: sessionId('down'), text: '开药店要什么材料' }, { 'x-request-id': 'obs-down-1' });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-request-id')).toBe('obs-down-1');
      const line = await waitFor(() => logLines(qihu).find((l) => l.reqId === 'obs-down-1' && l.level === 'error'), 5000, 'the turn’s error line');
      expect(line).toMatchObject({ component: 'conversation', err: { type: expect.any(String), message: expect.any(String) } });
      expect((line.err as { stack: string }).stack).toMatch(/\n\s+at /);

      await waitFor(async () => metric(await scrape(qihu), 'qihu_redis_errors_total', { client: 'chat' }) > errorsBefore, 5000, 'a Redis error counted');
    } finally {
      await redis.restart();
    }
    await waitFor(async () => (await fetch(`${qihu.url}/readyz`)).status === 200, 15_000, 'ready again');
    const [answer] = await chat(qihu.url, sessionId('back'), '开药店要什么材料');
    expect(answer!.type).toBe('answer');
  }, 40_000);
});

describe('log lines', () => {
  it('keep the stack and cause of an error, masked, from any realm', () => {
    const lines: string[] = [];
    const log = createLogger('info', (l) => lines.push(l)).child({ component: 'test', reqId: 'r-1' });
    // A Node core error (made outside the test's realm) whose message holds a phone number.
    let core: unknown;
    try {
      readFileSync(join('/nonexistent', '13812345678', 'x.json'));
    } catch (err) {
      core = err;
    }
    const err = new Error('filing failed for 110101199003071234', { cause: core });
    log.error('ticket not filed, contact 13912345678', { err, contact: { phone: '13800138000' } });
    expect(lines).toHaveLength(1);
    for (const raw of ['13812345678', '110101199003071234', '13912345678', '13800138000']) expect(lines[0]).not.toContain(raw);
    const line = JSON.parse(lines[0]!) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(line).toMatchObject({
      level: 'error',
      component: 'test',
      reqId: 'r-1',
      msg: 'ticket not filed, contact 139****5678',
      contact: { phone: '138****8000' },
      err: { type: 'Error', message: 'filing failed for 110101********1234', cause: { type: 'Error', code: 'ENOENT' } },
    });
    expect(line.err.stack).toMatch(/^Error: filing failed for 110101\*{8}1234\n\s+at /);
    expect(line.err.cause.message).toContain('138****5678');
    expect(line.err.cause.stack).toContain('138****5678');
    expect(typeof line.time).toBe('string');
    expect(line.pid).toBe(process.pid);
  });

  it('write nothing below their level, and a child that never logs costs no line', () => {
    const lines: string[] = [];
    const log = createLogger('warn', (l) => lines.push(l));
    log.child({ reqId: 'quiet' });
    log.info('hidden');
    log.debug('hidden');
    log.warn('shown');
    expect(lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual(['shown']);
  });
});
