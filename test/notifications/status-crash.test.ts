/**
 * A status change's notification survives a crash right after the status is saved. Each "life" opens
 * the ticket store and the ticket updates as the server does (openTicketStore, openTicketUpdates;
 * the embedded journal under DATA_DIR, and a real redis-server) and ends without closing anything
 * the way a clean stop would run: the first saves a status through the store (the step a routing
 * backend's callback makes first) and stops there, as a process killed before the notification's
 * step would. The next life, and the one after, must send that notification to a real gateway
 * exactly once. A second crash point: after the outbox took the notification but before the store
 * heard that it did.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config';
import { silentLogger } from '../../src/log';
import { createMetrics } from '../../src/metrics';
import { openTicketStore } from '../../src/open-stores';
import { openTicketUpdates } from '../../src/ticket-updates';
import { makeState, makeTicket } from '../support/tickets';
import { startRedisServer, type RedisServerHandle } from '../support/redis-server';
import { waitFor } from '../support/qihu';

const SECRET = 'notify-secret-for-crash-tests';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let redis: RedisServerHandle;
let gateway: Server;
let gatewayUrl = '';
const received: { ticketId: string; status: string }[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
  gateway = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as { ticketId: string; status: string });
      res.end();
    });
  });
  await new Promise<void>((r) => gateway.listen(0, '127.0.0.1', () => r()));
  gatewayUrl = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/notify`;
});
afterAll(async () => {
  await redis?.stop();
  await new Promise((r) => gateway.close(() => r(undefined)));
});

describe.each(['embedded', 'redis'] as const)('a status notification across a crash (%s)', (kind) => {
  let dir: string;
  let n = 0;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'qihu-status-crash-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const config = () =>
    loadConfig({
      DATA_DIR: dir,
      LOG_LEVEL: 'silent',
      NOTIFY_URL: gatewayUrl,
      NOTIFY_SECRET: SECRET,
      ...(kind === 'redis' ? { REDIS_URL: redis.url } : {}),
    });
  const sentFor = (id: string) => received.filter((r) => r.ticketId === id);

  /** A life that saves the ticket and one status through the store, then dies. Returns the ticket id. */
  async function saveStatusThenCrash(afterOutbox: boolean): Promise<string> {
    // A ticket number of its own per test (the Redis data and DATA_DIR are shared by the lives).
    const t = makeTicket(kind === 'redis' ? 500 + ++n : 100 + ++n);
    const store = await openTicketStore(config(), silentLogger, createMetrics());
    const updates = await openTicketUpdates(config(), silentLogger, store);
    await store.createTicket(t, makeState(t));
    const saved = await store.applyStatus(t.id, { status: 'received', at: '2026-11-25T10:00:00+08:00' });
    expect(saved).toMatchObject({ ok: true, changed: true });
    // The second crash point: the notification's own step ran, what would follow it did not.
    if (afterOutbox) await updates.enqueueNotification({ kind: 'ticket_status', ticketId: t.id, status: 'received', at: '2026-11-25T10:00:00+08:00' });
    // Dead: no onStatusChange, no dispatcher; the connections and files are let go.
    await updates.close();
    await store.close();
    return t.id;
  }

  /** A life that starts as the server does and runs for `ms`. */
  async function live(ms: number, until?: () => boolean): Promise<void> {
    const store = await openTicketStore(config(), silentLogger, createMetrics());
    const updates = await openTicketUpdates(config(), silentLogger, store);
    updates.start();
    if (until) await waitFor(until, 10_000, 'the notification at the gateway');
    await sleep(ms);
    await updates.close();
    await store.close();
  }

  it.each([
    ['after the status is saved', false],
    ['after the outbox took the notification, before the store heard of it', true],
  ])('crashed %s: the next start sends it, once', async (_what, afterOutbox) => {
    const id = await saveStatusThenCrash(afterOutbox);
    await live(500, () => sentFor(id).length > 0);
    expect(sentFor(id)).toEqual([expect.objectContaining({ ticketId: id, status: 'received' })]);
    // Another restart: nothing is sent again.
    await live(800);
    expect(sentFor(id)).toHaveLength(1);
  }, 40_000);
});
