import { mkdtempSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileTicketStore } from '../../src/storage/file/ticket-store';
import { createRedisTicketStore } from '../../src/storage/redis/ticket-store';
import { createDispatcher, ticketsEndpoint, type DispatchEvent, type DispatcherOptions } from '../../src/tickets/dispatcher';
import type { TicketStore } from '../../src/tickets/store';
import { createRoutingBackend, type RoutingBackend } from '../../src/routing-backend/app';
import { freePort, startRedisServer, type RedisServerHandle } from '../support/redis-server';
import { makeState, makeTicket } from '../support/tickets';
import { TEST_SECRET, waitFor } from '../support/qihu';

const fast = { pollIntervalMs: 10, requestTimeoutMs: 300, leaseMs: 2000, retry: { baseMs: 10, capMs: 50 } };

async function file(store: TicketStore, n: number, from = 1): Promise<void> {
  for (let i = from; i < from + n; i++) {
    const t = makeTicket(i);
    await store.createTicket(t, makeState(t));
  }
}

describe('dispatcher (file store, reference backend)', () => {
  let dir: string;
  let store: TicketStore;
  let backend: RoutingBackend;
  let backendUrl: string;
  let events: DispatchEvent[];
  const stops: (() => Promise<void>)[] = [];

  function start(over: Partial<DispatcherOptions> = {}) {
    const d = createDispatcher({ store, backendUrl, secret: TEST_SECRET, ...fast, onEvent: (e) => events.push(e), ...over });
    d.start();
    stops.push(() => d.stop());
    return d;
  }
  const count = (type: DispatchEvent['type']) => events.filter((e) => e.type === type).length;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'qihu-dispatch-'));
    store = await createFileTicketStore({ dir });
    backend = createRoutingBackend({ secret: TEST_SECRET });
    backendUrl = await backend.listen();
    events = [];
  });
  afterEach(async () => {
    for (const s of stops.splice(0)) await s();
    await backend.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the endpoint accepts a base URL or the tickets URL', () => {
    expect(ticketsEndpoint('http://h:4000')).toBe('http://h:4000/api/v1/tickets');
    expect(ticketsEndpoint('http://h:4000/')).toBe('http://h:4000/api/v1/tickets');
    expect(ticketsEndpoint('http://h:4000/api/v1/tickets')).toBe('http://h:4000/api/v1/tickets');
    expect(ticketsEndpoint('http://h/routing')).toBe('http://h/routing/api/v1/tickets');
  });

  test('delivers signed tickets with their idempotency key; state becomes delivered', async () => {
    await file(store, 5);
    // One attempt each: a stall of a loaded CI machine must not pass for a timeout (30 s) or a lost lease
    // (both retried by design, and tested below).
    start({ requestTimeoutMs: 30_000, leaseMs: 90_000 });
    await waitFor(() => backend.tickets().length === 5);
    await waitFor(async () => (await store.outboxSize()) === 0);
    expect(backend.stats().badSignatures).toBe(0);
    const s = await store.getState(makeTicket(1).id);
    expect(s?.status).toBe('delivered');
    expect(s?.delivery.attempts).toBe(1);
  });

  test('a timeout is retried; the late copy is suppressed at the backend', async () => {
    backend.setFaults({ hangNext: 1, hangMs: 600 });
    await file(store, 1);
    start();
    await waitFor(() => count('delivered') === 1);
    expect(events.find((e) => e.type === 'retry')).toMatchObject({ error: 'timeout after 300 ms' });
    await waitFor(() => backend.stats().duplicatesSuppressed === 1);
    expect(backend.tickets()).toHaveLength(1);
  });

  test('500, 408 and 429 are retried; the attempt count and last error are recorded', async () => {
    backend.setFaults({ failNext: 2, failStatus: 500 });
    await file(store, 1);
    start();
    await waitFor(() => count('delivered') === 1);
    expect(count('retry')).toBe(2);
    backend.setFaults({ failNext: 1, failStatus: 429 });
    await file(store, 1, 2);
    await waitFor(() => count('delivered') === 2);
    backend.setFaults({ failNext: 1, failStatus: 408 });
    await file(store, 1, 3);
    await waitFor(() => count('delivered') === 3);
    expect(count('retry')).toBe(4);
    expect(count('dead')).toBe(0);
    const s = await store.getState(makeTicket(1).id);
    expect(s?.delivery).toMatchObject({ attempts: 3, lastError: 'HTTP 500' });
  });

  test('connection errors are retried', async () => {
    const port = await freePort();
    await file(store, 1);
    start({ backendUrl: `http://127.0.0.1:${port}` });
    await waitFor(() => count('retry') >= 2);
    expect(events[0]).toMatchObject({ type: 'retry', error: 'connection error ECONNREFUSED' });
    expect((await store.getState(makeTicket(1).id))?.delivery.lastError).toBe('connection error ECONNREFUSED');
  });

  test('a 4xx is permanent: dead letter at once', async () => {
    backend.setFaults({ failNext: 1, failStatus: 400 });
    await file(store, 1);
    start();
    await waitFor(() => count('dead') === 1);
    expect(count('retry')).toBe(0);
    expect((await store.listDeadLetters())[0]).toMatchObject({ error: 'HTTP 400', attempts: 1 });
  });

  test('a wrong secret is refused by the backend (401) and dead-lettered', async () => {
    await file(store, 1);
    start({ secret: 'not-the-shared-secret-0000' });
    await waitFor(() => count('dead') === 1);
    expect(backend.stats().badSignatures).toBe(1);
  });

  test('retries stop after the window: dead letter', async () => {
    backend.setFaults({ failForMs: 60_000, failStatus: 503 });
    await file(store, 1);
    start({ retry: { baseMs: 10, capMs: 20, maxElapsedMs: 150 } });
    await waitFor(() => count('dead') === 1);
    expect(count('retry')).toBeGreaterThan(1);
    expect((await store.listDeadLetters())[0]?.error).toBe('retries exhausted: HTTP 503');
  });

  test('a ticket the backend already reported on is acked without sending', async () => {
    await file(store, 1);
    await store.applyStatus(makeTicket(1).id, { status: 'received', at: new Date().toISOString() });
    start();
    await waitFor(() => count('skipped') === 1);
    expect(backend.tickets()).toHaveLength(0);
    expect(await store.outboxSize()).toBe(0);
  });

  test('stop() waits for deliveries in flight and leaves no timers', async () => {
    backend.setFaults({ hangNext: 1, hangMs: 200 });
    await file(store, 1);
    const d = start({ requestTimeoutMs: 1000 });
    await waitFor(() => backend.stats().injectedHangs === 1);
    await d.stop();
    expect(count('delivered')).toBe(1);
    expect(d.running).toBe(false);
  });
});

describe('dispatchers on redis', () => {
  let redis: RedisServerHandle;
  let backend: RoutingBackend;
  let backendUrl: string;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis.stop();
  });
  beforeEach(async () => {
    backend = createRoutingBackend({ secret: TEST_SECRET });
    backendUrl = await backend.listen();
  });
  afterEach(async () => {
    await backend.close();
  });

  test('two instances share the outbox: every ticket once, no duplicates', async () => {
    const prefix = `d-${randomUUID().slice(0, 8)}:`;
    const s1 = await createRedisTicketStore({ url: redis.url, prefix });
    const s2 = await createRedisTicketStore({ url: redis.url, prefix });
    await file(s1, 60);
    const delivered = [0, 0];
    const mk = (store: TicketStore, i: number) =>
      createDispatcher({
        store,
        backendUrl,
        secret: TEST_SECRET,
        consumer: `inst-${i}`,
        ...fast,
        // Both instances stay alive here: a lease that ran out during a stall of a loaded machine would
        // hand a batch to the other instance (the reclaim other tests check), which is not what this one asks.
        leaseMs: 30_000,
        batchSize: 4,
        onEvent: (e) => {
          if (e.type === 'delivered') delivered[i] = (delivered[i] ?? 0) + 1;
        },
      });
    const d1 = mk(s1, 0);
    const d2 = mk(s2, 1);
    d1.start();
    d2.start();
    await waitFor(() => backend.tickets().length === 60);
    await waitFor(async () => (await s1.outboxSize()) === 0);
    await Promise.all([d1.stop(), d2.stop()]);
    expect(backend.stats().duplicatesSuppressed).toBe(0);
    expect((delivered[0] ?? 0) + (delivered[1] ?? 0)).toBe(60);
    expect(delivered[0]).toBeGreaterThan(0);
    expect(delivered[1]).toBeGreaterThan(0);
    await s1.close();
    await s2.close();
  });

  test('entries of a crashed instance are reclaimed after the lease', async () => {
    const prefix = `c-${randomUUID().slice(0, 8)}:`;
    const store = await createRedisTicketStore({ url: redis.url, prefix });
    await file(store, 3);
    // The crashed instance claimed everything and never settled.
    expect(await store.claimDue('crashed', 10, 400)).toHaveLength(3);
    const events: DispatchEvent[] = [];
    const d = createDispatcher({ store, backendUrl, secret: TEST_SECRET, consumer: 'survivor', ...fast, leaseMs: 400, onEvent: (e) => events.push(e) });
    const t0 = Date.now();
    d.start();
    await waitFor(() => backend.tickets().length === 3);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
    await d.stop();
    expect(events.filter((e) => e.type === 'delivered')).toHaveLength(3);
    await store.close();
  });

  test('the dispatcher rides out a redis kill -9 and restart', async () => {
    const prefix = `k-${randomUUID().slice(0, 8)}:`;
    const store = await createRedisTicketStore({ url: redis.url, prefix });
    await file(store, 5);
    backend.setFaults({ failForMs: 60_000 });
    const d = createDispatcher({ store, backendUrl, secret: TEST_SECRET, ...fast });
    d.start();
    await waitFor(() => backend.stats().injectedFailures >= 5);
    await redis.kill9();
    await new Promise((r) => setTimeout(r, 300));
    await redis.restart();
    backend.setFaults({ clear: true });
    await waitFor(() => backend.tickets().length === 5, 20_000);
    await d.stop();
    await store.close();
  });
});
