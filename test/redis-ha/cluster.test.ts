/**
 * qihu on Redis Cluster (REDIS_CLUSTER_NODES): three real masters. Every key carries the hash tag
 * {qihu}, so the scripts over several keys (conversation state, rate limits, tickets, the knowledge
 * base) run in one slot: the knowledge store seeded, a conversation, a ticket filed and delivered.
 */
import { TICKET_ID_RE } from '../../src/tickets/schema';
import { createRedisClient } from '../../src/storage/redis/client';
import { startRedisCluster, type RedisClusterHandle } from '../support/redis-cluster';
import { ticketInput } from '../support/qihu';
import { chat, post, sessionId, sleep, startChatQihu, type ChatQihu } from '../chat/support';

let cluster: RedisClusterHandle;
let qihu: ChatQihu;

beforeAll(async () => {
  cluster = await startRedisCluster();
  qihu = await startChatQihu({ env: cluster.env });
}, 60_000);
afterAll(async () => {
  await qihu?.stop();
  await cluster?.stop();
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
  for (const part of ['kb:', 'ticket:', 'outbox', 'state:', 'conversation:records']) expect(keys.some((k) => k.includes(part))).toBe(true);
  expect(keys.filter((k) => !k.startsWith('{qihu}'))).toEqual([]);
}, 60_000);
