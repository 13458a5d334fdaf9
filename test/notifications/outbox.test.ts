/**
 * The notification outbox, the same contract for the embedded journal and Redis (real redis-server),
 * and the dispatcher against a real local HTTP receiver that checks every signature.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createEnqueueNotification,
  createNotificationDispatcher,
  dedupKeyOf,
  type Notification,
  type NotificationOutbox,
} from '../../src/notifications';
import { createFileNotificationOutbox } from '../../src/storage/file/notification-outbox';
import { createRedisNotificationOutbox } from '../../src/storage/redis/notification-outbox';
import { EVENT_HEADER, IDEMPOTENCY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature } from '../../src/tickets/signing';
import { startRedisServer, type RedisServerHandle } from '../support/redis-server';

const T0 = Date.parse('2026-12-01T02:00:00Z');
const status = (ticketId: string, s: 'received' | 'assigned' | 'resolved' = 'assigned'): Notification => ({
  kind: 'ticket_status',
  ticketId,
  status: s,
  at: '2026-12-01T10:00:00+08:00',
});
const policy: Notification = { kind: 'policy_notice', policyId: 'policy-rent-subsidy', enterpriseId: '91350100M000100Y43' };

let redis: RedisServerHandle;
let dir: string;
beforeAll(async () => {
  redis = await startRedisServer();
  dir = mkdtempSync(join(tmpdir(), 'qihu-notify-'));
});
afterAll(async () => {
  await redis.stop();
  rmSync(dir, { recursive: true, force: true });
});

interface Kind {
  name: string;
  open(): Promise<NotificationOutbox>;
  /** Close and open again on the same data (a restart). */
  reopen(o: NotificationOutbox): Promise<NotificationOutbox>;
}

const kinds: Kind[] = [
  (() => {
    let d = '';
    return {
      name: 'file journal',
      async open() {
        d = join(dir, randomUUID());
        return createFileNotificationOutbox({ dir: d });
      },
      async reopen(o: NotificationOutbox) {
        await o.close();
        return createFileNotificationOutbox({ dir: d });
      },
    };
  })(),
  (() => {
    let prefix = '';
    return {
      name: 'redis',
      async open() {
        prefix = `n-${randomUUID().slice(0, 8)}:`;
        return createRedisNotificationOutbox({ url: redis.url, prefix });
      },
      async reopen(o: NotificationOutbox) {
        await o.close();
        return createRedisNotificationOutbox({ url: redis.url, prefix });
      },
    };
  })(),
];

describe.each(kinds)('notification outbox: $name', (kind) => {
  let outbox: NotificationOutbox;
  beforeEach(async () => {
    outbox = await kind.open();
  });
  afterEach(async () => {
    await outbox.close();
  });

  test('dedup: the same status of a ticket, or the same policy for an enterprise, is queued once', async () => {
    const a = await outbox.enqueue(status('QH-20261201-000001'), dedupKeyOf(status('QH-20261201-000001')), T0);
    const again = await outbox.enqueue(status('QH-20261201-000001'), dedupKeyOf(status('QH-20261201-000001')), T0 + 5);
    const other = await outbox.enqueue(status('QH-20261201-000001', 'resolved'), dedupKeyOf(status('QH-20261201-000001', 'resolved')), T0);
    const p1 = await outbox.enqueue(policy, dedupKeyOf(policy), T0);
    const p2 = await outbox.enqueue(policy, dedupKeyOf(policy), T0 + 1);
    expect(a.queued).toBe(true);
    expect(again).toEqual({ queued: false, reason: 'duplicate', id: a.id });
    expect(other.queued).toBe(true);
    expect(p1.queued).toBe(true);
    expect(p2.queued).toBe(false);
    expect(await outbox.size()).toBe(3);
  });

  test('claims are leased: a second claim gets nothing until the lease ends; a stale claim cannot settle', async () => {
    await outbox.enqueue(policy, dedupKeyOf(policy), T0);
    const [first] = await outbox.claimDue(10, 1000, T0);
    expect(first?.notification).toEqual(policy);
    expect(await outbox.claimDue(10, 1000, T0 + 500)).toEqual([]);
    const [taken] = await outbox.claimDue(10, 1000, T0 + 1001);
    expect(taken?.id).toBe(first!.id);
    expect(await outbox.ack(first!)).toBe(false); // the lease ran out and another consumer holds it
    expect(await outbox.ack(taken!)).toBe(true);
    expect(await outbox.size()).toBe(0);
  });

  test('retries come back when due with attempts counted; dead letters replay; all survive a restart', async () => {
    await outbox.enqueue(status('QH-20261201-000002'), 'k-2', T0);
    await outbox.enqueue(status('QH-20261201-000003'), 'k-3', T0);
    const claimed = await outbox.claimDue(10, 60_000, T0);
    expect(claimed).toHaveLength(2);
    // Entries due at the same time come in no particular order.
    const a = claimed.find((e) => e.dedupKey === 'k-2')!;
    const b = claimed.find((e) => e.dedupKey === 'k-3')!;
    expect(await outbox.retryLater(a, T0 + 5000, 'HTTP 503')).toBe(true);
    expect(await outbox.deadLetter(b, 'refused: HTTP 400', T0 + 10)).toBe(true);
    outbox = await kind.reopen(outbox);
    expect(await outbox.claimDue(10, 60_000, T0 + 4999)).toEqual([]);
    const [retry] = await outbox.claimDue(10, 60_000, T0 + 5000);
    expect(retry).toMatchObject({ id: a.id, attempts: 1, lastError: 'HTTP 503' });
    const dead = await outbox.listDeadLetters();
    expect(dead).toEqual([expect.objectContaining({ id: b.id, error: 'refused: HTTP 400', attempts: 1, dedupKey: 'k-3' })]);
    expect(await outbox.deadLetterCount()).toBe(1);
    expect(await outbox.replayDeadLetter(b.id, T0 + 6000)).toBe(true);
    expect(await outbox.replayDeadLetter(b.id, T0 + 6000)).toBe(false);
    const [back] = await outbox.claimDue(10, 60_000, T0 + 6000);
    expect(back).toMatchObject({ id: b.id, attempts: 0 });
    // The dedup key outlives the restart too.
    expect((await outbox.enqueue(status('QH-20261201-000002'), 'k-2', T0 + 7000)).queued).toBe(false);
  });
});

// ---------------------------------------------------------------- the dispatcher and a real receiver

const SECRET = 'notify-secret-for-tests';

interface Received {
  body: Record<string, unknown>;
  headers: IncomingMessage['headers'];
  verified: boolean;
}

async function startReceiver(answer: (n: number) => number): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  let n = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const v = verifySignature({
        secret: SECRET,
        method: req.method ?? '',
        path: new URL(req.url ?? '/', 'http://x').pathname,
        eventId: req.headers[EVENT_HEADER.toLowerCase()] as string | undefined,
        body: raw,
        timestamp: req.headers[TIMESTAMP_HEADER.toLowerCase()] as string | undefined,
        signature: req.headers[SIGNATURE_HEADER.toLowerCase()] as string | undefined,
        nowMs: Date.now(),
        windowMs: 5 * 60_000,
      });
      received.push({ body: JSON.parse(raw.toString('utf8')) as Record<string, unknown>, headers: req.headers, verified: v.ok });
      res.statusCode = v.ok ? answer(n++) : 401;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/gateway/notify`, received, close: () => new Promise((r) => server.close(() => r())) };
}

describe.each(kinds)('notification dispatcher over $name', (kind) => {
  test('signed delivery, retries with back-off after 503s, dedup key as Idempotency-Key, rendered payload', async () => {
    const receiver = await startReceiver((n) => (n < 2 ? 503 : 200));
    const outbox = await kind.open();
    const logs: string[] = [];
    const dispatcher = createNotificationDispatcher({
      outbox,
      url: receiver.url,
      secret: SECRET,
      retry: { baseMs: 10, capMs: 20 },
      render: async (n) => (n.kind === 'ticket_status' ? { kind: n.kind, ticketId: n.ticketId, status: n.status, recipient: { phone: '13800138000' } } : { ...n }),
      logger: { info: (m, f) => logs.push(m + JSON.stringify(f)), warn: (m, f) => logs.push(m + JSON.stringify(f)), error: (m, f) => logs.push(m + JSON.stringify(f)) },
    });
    const enqueue = createEnqueueNotification({ outbox, dispatcher });
    try {
      expect(await enqueue({ kind: 'ticket_status', ticketId: 'QH-20261201-000009', status: 'resolved', at: '2026-12-01T10:00:00+08:00' })).toMatchObject({ ok: true, queued: true });
      expect(await enqueue({ kind: 'ticket_status', ticketId: 'QH-20261201-000009', status: 'resolved', at: '2026-12-01T10:05:00+08:00' })).toMatchObject({ ok: true, queued: false, reason: 'duplicate' });
      expect(await enqueue({ kind: 'ticket_status', ticketId: 'not-an-id', status: 'resolved', at: 'x' })).toMatchObject({ ok: false });
      for (let i = 0; i < 50 && (await outbox.size()) > 0; i++) {
        await dispatcher.runOnce();
        await new Promise((r) => setTimeout(r, 25));
      }
      expect(await outbox.size()).toBe(0);
      expect(receiver.received).toHaveLength(3);
      expect(receiver.received.every((r) => r.verified)).toBe(true);
      const last = receiver.received[2]!;
      expect(last.headers[IDEMPOTENCY_HEADER.toLowerCase()]).toBe('ticket_status:QH-20261201-000009:resolved');
      expect(last.body).toMatchObject({ schema: 'qihu.notification/v1', kind: 'ticket_status', ticketId: 'QH-20261201-000009', recipient: { phone: '13800138000' } });
      // Every try is the same event: same event id, so the gateway can drop repeats.
      expect(new Set(receiver.received.map((r) => r.headers[EVENT_HEADER.toLowerCase()])).size).toBe(1);
      // No phone number in any log line.
      expect(logs.join('\n')).not.toContain('13800138000');
      expect(logs.some((l) => l.startsWith('notification failed; will retry'))).toBe(true);
    } finally {
      await dispatcher.stop();
      await outbox.close();
      await receiver.close();
    }
  });

  test('a 4xx is a dead letter at once; a wrong secret is refused by the receiver and dead-lettered too', async () => {
    const receiver = await startReceiver(() => 422);
    const outbox = await kind.open();
    const dispatcher = createNotificationDispatcher({ outbox, url: receiver.url, secret: SECRET, retry: { baseMs: 10, capMs: 20 } });
    const wrong = createNotificationDispatcher({ outbox, url: receiver.url, secret: 'not-the-secret', retry: { baseMs: 10, capMs: 20 } });
    try {
      await outbox.enqueue(policy, dedupKeyOf(policy), Date.now());
      await dispatcher.runOnce();
      expect(await outbox.listDeadLetters()).toEqual([expect.objectContaining({ error: 'refused: HTTP 422', dedupKey: 'policy_notice:policy-rent-subsidy:91350100M000100Y43' })]);
      expect(receiver.received[0]).toMatchObject({ verified: true, body: expect.objectContaining({ kind: 'policy_notice', policyId: 'policy-rent-subsidy' }) });
      await outbox.enqueue(status('QH-20261201-000010'), 'x-10', Date.now());
      await wrong.runOnce();
      expect(receiver.received[1]?.verified).toBe(false);
      expect((await outbox.listDeadLetters()).map((d) => d.error)).toContain('refused: HTTP 401');
    } finally {
      await outbox.close();
      await receiver.close();
    }
  });
});
