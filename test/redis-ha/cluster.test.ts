/**
 * qihu on Redis Cluster (REDIS_CLUSTER_NODES): three real masters. Every key carries the hash tag
 * {qihu}, so the scripts over several keys (conversation state, rate limits, tickets, the knowledge
 * base) run in one slot: the knowledge store seeded, a conversation, a ticket filed and delivered,
 * and the backend's status change written with its notification in one script.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TICKET_ID_RE } from '../../src/tickets/schema';
import { createRedisClient } from '../../src/storage/redis/client';
import { startRedisCluster, type RedisClusterHandle } from '../support/redis-cluster';
import { ticketInput } from '../support/qihu';
import { chat, post, sessionId, sleep, startChatQihu, type ChatQihu } from '../chat/support';

let cluster: RedisClusterHandle;
let qihu: ChatQihu;
// The notification gateway: a status change's notification is written by the status script itself.
let gateway: Server;
const notified: { ticketId: string; status: string }[] = [];

beforeAll(async () => {
  gateway = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      notified.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as { ticketId: string; status: string });
      res.end();
    });
  });
  await new Promise<void>((r) => gateway.listen(0, '127.0.0.1', () => r()));
  cluster = await startRedisCluster();
  qihu = await startChatQihu({
    env: {
      ...cluster.env,
      NOTIFY_URL: `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/notify`,
      NOTIFY_SECRET: 'cluster-notify-secret-0123456789',
    },
  });
}, 60_000);
afterAll(async () => {
  await qihu?.stop();
  await cluster?.stop();
  await new Promise((r) => gateway?.close(() => r(undefined)));
});

test('chat, tickets and the knowledge store on a cluster, every key in the {qihu} slot', async () => {
  expect(qihu.logs.some((l) => l.includes('cluster via'))).toBe(true);
  const sid = sessionId('cluster');
  const [clarify] = await chat(qihu.url, sid, '营业执照');
  expect(clarify!.type).toBe('clarify');
  const [picked] = await chat(qihu.url, sid, '第二个');
  expect(picked!.entryId).toBe((clarify!.choices![1]!.input as { entryId: string }).entryId);

  const res = await post(qihu.url, '/api/v1/tickets', ticketInput(1, { idempotencyKey: `cluster-${Date.now()}` }));
  expect(res.status).toBe(201);
  const { id } = (await res.json()) as { id: string };
  expect(id).toMatch(TICKET_ID_RE);
  const deadline = Date.now() + 10_000;
  while ((await qihu.tickets.status(id))?.state.status === 'queued' && Date.now() < deadline) await sleep(100);
  expect((await qihu.tickets.status(id))?.state.status).not.toBe('queued');

  // The routing backend's status callback (received): the status and its notification in one script.
  while (!notified.some((n) => n.ticketId === id) && Date.now() < deadline + 10_000) await sleep(100);
  const statuses = notified.filter((n) => n.ticketId === id).map((n) => n.status);
  expect(statuses).toContain('received');
  expect(new Set(statuses).size).toBe(statuses.length);

  const health = (await (await fetch(qihu.url + '/healthz')).json()) as { mode: string; checks: Record<string, boolean> };
  expect(health).toMatchObject({ mode: 'redis', checks: { redis: true } });

  // Every key qihu wrote is in the one slot of {qihu}: the seeded knowledge store, the ticket and
  // its outbox, the conversation state and records.
  const keys: string[] = [];
  for (const s of cluster.servers) {
    const node = createRedisClient(`redis://127.0.0.1:${s.port}`);
    await node.connect();
    keys.push(...(await node.keys('*')).map(String));
    await node.close();
  }
  for (const part of ['kb:', 'ticket:', 'outbox', 'state:', 'conversation:records', 'notify:dedup:']) expect(keys.some((k) => k.includes(part))).toBe(true);
  expect(keys.filter((k) => !k.startsWith('{qihu}'))).toEqual([]);
}, 60_000);
