import { randomUUID } from 'node:crypto';
import { createRedisTicketStore, type RedisTicketStore } from '../../src/storage/redis/ticket-store';
import { createRedisReplayGuard } from '../../src/storage/redis/replay-guard';
import { startRedisServer, type RedisServerHandle } from '../support/redis-server';
import { signCallback, TEST_SECRET, startQihu, ticketInput, waitFor, type QihuHarness } from '../support/qihu';

let redis: RedisServerHandle;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis.stop();
});

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('ticket HTTP on redis', () => {
  const harnesses: QihuHarness[] = [];
  const stores: RedisTicketStore[] = [];
  afterEach(async () => {
    for (const h of harnesses.splice(0)) await h.close();
    for (const s of stores.splice(0)) await s.close();
  });

  async function instance(prefix: string, dispatchers = 1) {
    const store = await createRedisTicketStore({ url: redis.url, prefix });
    stores.push(store);
    const q = await startQihu({ store, dispatchers, replayGuard: createRedisReplayGuard(store.client, prefix) });
    harnesses.push(q);
    return q;
  }

  test('redis down: 503 and nothing half-written; after restart the same key files once', async () => {
    const q = await instance(`h-${randomUUID().slice(0, 8)}:`, 0);
    await redis.kill9();
    const down = await post(`${q.url}/api/v1/tickets`, ticketInput(1));
    expect(down.status).toBe(503);
    expect(((await down.json()) as { error: string }).error).toBe('QH_ERR_UNAVAILABLE');
    await redis.restart();
    await waitFor(async () => (await q.store.outboxSize()) === 0, 10_000, 'reconnect');
    expect(await q.store.findByIdempotencyKey('input-key-1-abcdef')).toBeUndefined();
    const up = await post(`${q.url}/api/v1/tickets`, ticketInput(1));
    expect(up.status).toBe(201);
    expect(await q.store.outboxSize()).toBe(1);
  });

  test('a callback replayed to another instance is not applied again (shared event ids)', async () => {
    const prefix = `r-${randomUUID().slice(0, 8)}:`;
    const a = await instance(prefix, 0);
    const b = await instance(prefix, 0);
    a.backend.setQihuUrl(undefined);
    const res = await post(`${a.url}/api/v1/tickets`, ticketInput(1));
    const id = String(((await res.json()) as { id: string }).id);
    const body = JSON.stringify({ status: 'received', at: new Date().toISOString() });
    const headers = signCallback(TEST_SECRET, id, body);
    expect((await post(`${a.url}/api/v1/tickets/${id}/status`, body, headers)).status).toBe(200);
    const replayed = await post(`${b.url}/api/v1/tickets/${id}/status`, body, headers);
    expect(replayed.status).toBe(200);
    expect(await replayed.json()).toMatchObject({ id, duplicate: true });
    expect((await b.service.status(id))?.state.status).toBe('received');
  });
});
