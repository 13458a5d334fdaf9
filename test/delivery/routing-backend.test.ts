import express from 'express';
import { createRoutingBackend, type RoutingBackend } from '../../src/routing-backend/app';
import { randomUUID } from 'node:crypto';
import { requestPath, signRequest, verifySignature } from '../../src/tickets/signing';
import { makeTicket } from '../support/tickets';
import { TEST_SECRET, closeServer, listen, signDelivery, waitFor } from '../support/qihu';

let backend: RoutingBackend;
let url: string;
let received: { id: string; body: Record<string, unknown>; verified: boolean }[];
let qihu: Awaited<ReturnType<typeof listen>>;

beforeEach(async () => {
  received = [];
  const app = express();
  app.post('/api/v1/tickets/:id/status', express.raw({ type: () => true }), (req, res) => {
    const body = req.body as Buffer;
    const v = verifySignature({
      secret: TEST_SECRET,
      method: req.method,
      path: requestPath(req.originalUrl),
      eventId: req.get('X-Qihu-Event-Id'),
      body,
      timestamp: req.get('X-Qihu-Timestamp'),
      signature: req.get('X-Qihu-Signature'),
    });
    received.push({ id: String(req.params.id), body: JSON.parse(body.toString()) as Record<string, unknown>, verified: v.ok });
    res.json({ ok: true });
  });
  qihu = await listen(app);
  backend = createRoutingBackend({ secret: TEST_SECRET, qihuUrl: qihu.url, assignDelayMs: 30 });
  url = await backend.listen();
});
afterEach(async () => {
  await backend.close();
  await closeServer(qihu.server);
});

/** A request to the backend signed with the shared secret (an empty body for reads). */
function signedFetch(method: string, path: string, body = '', secret = TEST_SECRET) {
  const headers = { 'content-type': 'application/json', ...signRequest(secret, { method, path, eventId: `t-${randomUUID()}`, body }) };
  return fetch(url + path, method === 'GET' ? { headers } : { method, headers, body });
}

function send(body: string, headers: Record<string, string>, path = '/api/v1/tickets') {
  return fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
}

test('accepts signed tickets once, suppresses repeats, calls back received then assigned', async () => {
  const t = makeTicket(2);
  const body = JSON.stringify(t);
  const first = await send(body, { ...signDelivery(TEST_SECRET, '/api/v1/tickets', body), 'Idempotency-Key': t.idempotencyKey });
  expect(first.status).toBe(201);
  const again = await send(body, { ...signDelivery(TEST_SECRET, '/api/v1/tickets', body), 'Idempotency-Key': t.idempotencyKey });
  expect(again.status).toBe(200);
  expect(await again.json()).toMatchObject({ id: t.id, duplicate: true });
  await waitFor(() => received.length === 2);
  expect(received.map((r) => r.body.status)).toEqual(['received', 'assigned']);
  expect(received[1]?.body.department).toBe(t.triage.department);
  expect(received.every((r) => r.verified && r.id === t.id)).toBe(true);
  const list = (await (await signedFetch('GET', '/api/v1/tickets')).json()) as Record<string, unknown>;
  expect(list).toMatchObject({ count: 1, duplicatesSuppressed: 1 });

  const resolved = await signedFetch('POST', `/api/v1/tickets/${t.id}/resolve`, JSON.stringify({ answer: '已办结' }));
  expect(resolved.status).toBe(200);
  await waitFor(() => received.length === 3);
  expect(received[2]?.body).toMatchObject({ status: 'resolved', answer: '已办结' });
  expect(backend.tickets()[0]?.status).toBe('resolved');
});

test('refuses bad signatures (401), missing keys (400) and non-tickets (422)', async () => {
  const t = makeTicket(1);
  const body = JSON.stringify(t);
  expect((await send(body, { 'Idempotency-Key': t.idempotencyKey })).status).toBe(401);
  expect((await send(body, { ...signDelivery('some-other-secret-000000', '/api/v1/tickets', body), 'Idempotency-Key': t.idempotencyKey })).status).toBe(401);
  expect((await send(body, signDelivery(TEST_SECRET, '/api/v1/tickets', body, { nowMs: Date.now() - 10 * 60_000 }))).status).toBe(401);
  expect((await send(body, signDelivery(TEST_SECRET, '/api/v1/tickets', body))).status).toBe(400);
  const junk = JSON.stringify({ hello: 'world' });
  expect((await send(junk, { ...signDelivery(TEST_SECRET, '/api/v1/tickets', junk), 'Idempotency-Key': 'junk-key-0001' })).status).toBe(422);
  expect(backend.stats()).toMatchObject({ badSignatures: 3, received: 0 });
});

test('failure injection over HTTP: N failures, then normal', async () => {
  const f = await signedFetch('POST', '/api/v1/admin/faults', JSON.stringify({ failNext: 2, failStatus: 503 }));
  expect(f.status).toBe(200);
  const t = makeTicket(1);
  const body = JSON.stringify(t);
  const h = () => ({ ...signDelivery(TEST_SECRET, '/api/v1/tickets', body), 'Idempotency-Key': t.idempotencyKey });
  expect((await send(body, h())).status).toBe(503);
  expect((await send(body, h())).status).toBe(503);
  expect((await send(body, h())).status).toBe(201);
  expect(backend.stats().injectedFailures).toBe(2);
});

test('retries a refused callback with back-off, signed afresh, as the same event', async () => {
  const seen: { status: number; eventId: string | undefined; timestamp: string | undefined }[] = [];
  const app = express();
  app.post('/api/v1/tickets/:id/status', express.raw({ type: () => true }), (req, res) => {
    // The first try is refused as if the clocks were apart; the retry goes through.
    const status = seen.length === 0 ? 401 : 200;
    seen.push({ status, eventId: req.get('X-Qihu-Event-Id'), timestamp: req.get('X-Qihu-Timestamp') });
    res.status(status).json({});
  });
  const receiver = await listen(app);
  const other = createRoutingBackend({ secret: TEST_SECRET, qihuUrl: receiver.url, assignDelayMs: 60_000 });
  const otherUrl = await other.listen();
  try {
    const t = makeTicket(7);
    const body = JSON.stringify(t);
    const res = await fetch(`${otherUrl}/api/v1/tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signDelivery(TEST_SECRET, '/api/v1/tickets', body), 'Idempotency-Key': t.idempotencyKey },
      body,
    });
    expect(res.status).toBe(201);
    await waitFor(() => seen.length >= 2, 10_000);
    expect(seen.map((s) => s.status)).toEqual([401, 200]);
    expect(seen[1]!.eventId).toBe(seen[0]!.eventId);
    await waitFor(() => other.stats().callbacksSent === 1, 5_000);
  } finally {
    await other.close();
    await closeServer(receiver.server);
  }
});

test('every route needs the shared secret: the list, a ticket, resolve and faults', async () => {
  const t = makeTicket(3);
  const body = JSON.stringify(t);
  expect((await send(body, { ...signDelivery(TEST_SECRET, '/api/v1/tickets', body), 'Idempotency-Key': t.idempotencyKey })).status).toBe(201);
  expect((await fetch(`${url}/api/v1/tickets`)).status).toBe(401);
  expect((await fetch(`${url}/api/v1/tickets/${t.id}`)).status).toBe(401);
  const resolveBody = JSON.stringify({ answer: '已办结' });
  expect((await fetch(`${url}/api/v1/tickets/${t.id}/resolve`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: resolveBody })).status).toBe(401);
  expect((await signedFetch('POST', `/api/v1/tickets/${t.id}/resolve`, resolveBody, 'some-other-secret-000000')).status).toBe(401);
  expect((await fetch(`${url}/api/v1/admin/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"failNext":1}' })).status).toBe(401);
  expect(backend.tickets()[0]?.status).not.toBe('resolved');
  expect((await signedFetch('GET', `/api/v1/tickets/${t.id}`)).status).toBe(200);
});

test('listens on loopback only', async () => {
  const b = createRoutingBackend({ secret: TEST_SECRET });
  await expect(b.listen(0, '0.0.0.0')).rejects.toThrow(/loopback only/);
  await b.close();
});
