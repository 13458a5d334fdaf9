/**
 * 我的工单 across two instances sharing a real Redis: a ticket filed at one instance, watched on the
 * other's websocket with its token, changed by a signed status callback at the first: the change is
 * pushed to the watching socket (Redis pub/sub), listed by POST /api/v1/my-tickets at either
 * instance, and sent once to a real NOTIFY_URL receiver that checks the signature, although both
 * instances run a notification dispatcher. A wrong token hears and lists nothing.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hashSecret } from '../../src/auth/secret-hash';
import { EVENT_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature } from '../../src/tickets/signing';
import { signCallback, ticketInput } from '../support/qihu';
import { startRedisServer, type RedisServerHandle } from '../support/redis-server';
import { openSocket, post, sessionId, sleep, startChatQihu, type ChatQihu } from './support';

const SECRET = 'my-tickets-routing-secret-0123456789';
const NOTIFY_SECRET = 'my-tickets-notify-secret-0123456789';
const ADMIN_TOKEN = 'admin-token-for-my-tickets-0123';

let redis: RedisServerHandle;
let a: ChatQihu;
let b: ChatQihu;
let receiver: Server;
const received: { verified: boolean; key: string; body: Record<string, unknown> }[] = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const v = verifySignature({
        secret: NOTIFY_SECRET,
        method: req.method ?? '',
        path: new URL(req.url ?? '/', 'http://x').pathname,
        eventId: req.headers[EVENT_HEADER.toLowerCase()] as string | undefined,
        body: raw,
        timestamp: req.headers[TIMESTAMP_HEADER.toLowerCase()] as string | undefined,
        signature: req.headers[SIGNATURE_HEADER.toLowerCase()] as string | undefined,
        nowMs: Date.now(),
        windowMs: 300_000,
      });
      received.push({ verified: v.ok, key: String(req.headers['idempotency-key']), body: JSON.parse(raw.toString('utf8')) as Record<string, unknown> });
      // The gateway refuses policy notices in this test: they become dead letters.
      res.statusCode = raw.includes('"policy_notice"') ? 422 : 200;
      res.end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
  redis = await startRedisServer();
  const env = {
    ROUTING_SECRET: SECRET,
    // Nothing listens there: the tickets stay queued, and the test reports their status itself.
    ROUTING_BACKEND_URL: 'http://127.0.0.1:9',
    NOTIFY_URL: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/wechat/notify`,
    NOTIFY_SECRET,
    AUTH_TOKENS: `ops:admin:${hashSecret(ADMIN_TOKEN)}`,
  };
  [a, b] = await Promise.all([startChatQihu({ redisUrl: redis.url, env }), startChatQihu({ redisUrl: redis.url, env })]);
}, 30_000);
afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await redis?.stop();
  await new Promise<void>((r) => (receiver ? receiver.close(() => r()) : r()));
});

async function report(ticketId: string, update: Record<string, unknown>): Promise<void> {
  const body = JSON.stringify(update);
  const res = await post(a.url, `/api/v1/tickets/${ticketId}/status`, body, signCallback(SECRET, ticketId, body));
  expect(res.status).toBe(200);
}

it('pushes a change made at one instance to the socket watching at the other, lists it at both, notifies once', async () => {
  const filed = await post(a.url, '/api/v1/tickets', ticketInput(7001, { idempotencyKey: `my-tickets-${Date.now()}` }));
  expect(filed.status).toBe(201);
  const { id, accessToken } = (await filed.json()) as { id: string; accessToken: string };

  const user = sessionId('mine');
  const watcher = await openSocket(b.url);
  const stranger = await openSocket(b.url);
  watcher.send({ type: 'watch_tickets', user, tickets: [{ id, token: accessToken }], script: 'traditional' });
  stranger.send({ type: 'watch_tickets', user: sessionId('other'), tickets: [{ id, token: 'x'.repeat(32) }] });
  await sleep(200); // the watch is registered before the change

  // Each push shows the ticket as it is when the push is made: the second change after the first push.
  await report(id, { status: 'received', at: new Date().toISOString() });
  const [first] = (await watcher.next(1)) as unknown as { type: string; ticket: Record<string, unknown> }[];
  expect(first).toMatchObject({ type: 'ticket_update', ticket: { id, status: 'received', statusName: '已受理' } });
  await report(id, { status: 'assigned', at: new Date(Date.now() + 1000).toISOString(), department: '东城区科学技术局' });
  const [second] = (await watcher.next(1)) as unknown as { type: string; ticket: Record<string, unknown> }[];
  // In the watch's script.
  expect(second).toMatchObject({ type: 'ticket_update', ticket: { id, status: 'assigned', statusName: '已分派', department: '東城區科學技術局', sla: 'on_time' } });
  expect(second!.ticket).not.toHaveProperty('contact');
  await sleep(200);
  expect(stranger.received).toEqual([]);

  for (const url of [a.url, b.url]) {
    const res = await post(url, '/api/v1/my-tickets', { tickets: [{ id, token: accessToken }] });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { tickets: { id: string; statusName: string; dueText: string; slaName: string }[]; refused: string[] };
    expect(body.refused).toEqual([]);
    expect(body.tickets).toEqual([expect.objectContaining({ id, statusName: '已分派', slaName: '正常', dueText: expect.stringMatching(/^\d{1,2}月\d{1,2}日 17:30$/) })]);
  }
  const wrong = await post(b.url, '/api/v1/my-tickets', { tickets: [{ id, token: 'y'.repeat(32) }] });
  expect(await wrong.json()).toEqual({ tickets: [], refused: [id] });
  expect((await post(b.url, '/api/v1/my-tickets', { tickets: [{ id: 'nope', token: 1 }] })).status).toBe(400);

  // Each status once at the gateway, signed, with whom to tell — though two dispatchers share the outbox.
  const deadline = Date.now() + 10_000;
  while (received.filter((r) => r.body.ticketId === id).length < 2 && Date.now() < deadline) await sleep(50);
  await sleep(1000);
  const mine = received.filter((r) => r.body.ticketId === id);
  expect(mine.map((r) => r.key).sort()).toEqual([`ticket_status:${id}:assigned`, `ticket_status:${id}:received`]);
  expect(mine.every((r) => r.verified)).toBe(true);
  expect(mine[0]!.body).toMatchObject({ schema: 'qihu.notification/v1', kind: 'ticket_status', recipient: { phone: '13800138000' } });
  // No phone number in either instance's log.
  expect([...a.logs, ...b.logs].join('\n')).not.toContain('13800138000');

  // enqueueNotification is there for other producers (policy notices), deduplicated.
  const notice = { kind: 'policy_notice', policyId: 'policy-rent-subsidy', enterpriseId: 'ent-0001' };
  expect(await a.updates.enqueueNotification(notice)).toMatchObject({ ok: true, queued: true });
  expect(await b.updates.enqueueNotification(notice)).toMatchObject({ ok: true, queued: false, reason: 'duplicate' });
  expect(await b.updates.enqueueNotification({ kind: 'policy_notice', policyId: 'p' })).toMatchObject({ ok: false });

  // Refused by the gateway: a dead letter an administrator sees (ids only) and can queue again.
  const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
  const list = async () =>
    (await (await fetch(b.url + '/api/v1/admin/notifications/dead-letters', { headers: admin })).json()) as {
      count: number;
      deadLetters: { id: string; error: string; notification: unknown }[];
    };
  const until = Date.now() + 10_000;
  while ((await list()).count === 0 && Date.now() < until) await sleep(100);
  const dead = await list();
  expect(dead.deadLetters).toEqual([expect.objectContaining({ error: 'refused: HTTP 422', notification: notice })]);
  expect((await fetch(b.url + '/api/v1/admin/notifications/dead-letters')).status).toBe(401);
  const replay = await fetch(`${a.url}/api/v1/admin/notifications/dead-letters/${dead.deadLetters[0]!.id}/replay`, { method: 'POST', headers: admin });
  expect(replay.status).toBe(202);
  expect((await fetch(`${a.url}/api/v1/admin/notifications/dead-letters/nope/replay`, { method: 'POST', headers: admin })).status).toBe(404);

  await watcher.close();
  await stranger.close();
});
