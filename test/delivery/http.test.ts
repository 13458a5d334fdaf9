import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileTicketStore } from '../../src/storage/file/ticket-store';
import type { TicketStore } from '../../src/tickets/store';
import { computeSignature } from '../../src/tickets/signing';
import { TEST_SECRET, signCallback, startQihu, ticketInput, waitFor, type QihuHarness } from '../support/qihu';

let dir: string;
let store: TicketStore;
let q: QihuHarness;

describe.each([
  ['behind a global express.json({verify: captureRawBody})', true],
  ['parsing its own bodies', false],
])('ticket router %s', (_name, globalJsonParser) => {
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'qihu-http-'));
    store = await createFileTicketStore({ dir });
    q = await startQihu({
      store,
      maxBodyBytes: 64 * 1024,
      globalJsonParser,
      requireRole: () => (req, res, next) => {
        if (req.get('x-test-role') === 'admin') next();
        else res.status(403).json({ error: 'forbidden' });
      },
    });
  });
  afterEach(async () => {
    await q.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(q.url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const get = (path: string, headers: Record<string, string> = {}) => fetch(q.url + path, { headers });

  type Json = Record<string, unknown>;

  test('a ticket is filed, delivered, assigned, resolved and rated', async () => {
    const res = await post('/api/v1/tickets', ticketInput(1));
    expect(res.status).toBe(201);
    const body = (await res.json()) as Json & { ticket: Json };
    expect(body.id).toMatch(/^QH-\d{8}-000001$/);
    expect(typeof body.dueAt).toBe('string');
    expect(body.ticket.schema).toBe('qihu.ticket/v1');
    const id = String(body.id);
    // The filer's access token: the details and the rating need it.
    const token = { 'X-Qihu-Ticket-Token': String(body.accessToken) };
    expect(body.accessToken).toMatch(/^[A-Za-z0-9_-]{32}$/);

    const assigned = await waitFor(async () => {
      const s = (await (await get(`/api/v1/tickets/${id}`, token)).json()) as Json;
      return s.status === 'assigned' ? s : undefined;
    }, 10_000, 'assigned');
    // 'delivered' is there when the dispatcher's ack came before the backend's first callback
    expect((assigned.history as Json[]).map((h) => h.status).filter((s) => s !== 'delivered')).toEqual([
      'queued',
      'received',
      'assigned',
    ]);
    expect(assigned.trafficLight).toBeDefined();
    expect(JSON.stringify(assigned)).not.toContain('13800138000');
    expect(JSON.stringify(assigned)).not.toContain('creditCode');
    expect(q.backend.tickets().map((t) => t.id)).toEqual([id]);

    expect(q.backend.resolve(id, { answer: '请准备营业执照、知识产权证明和研发费用明细。' })).toBe(true);
    await waitFor(async () => ((await (await get(`/api/v1/tickets/${id}`)).json()) as Json).status === 'resolved');

    // A stranger sees that it exists and its status, nothing more, and cannot rate it.
    const stranger = (await (await get(`/api/v1/tickets/${id}`)).json()) as Json;
    expect(stranger).toEqual({ id, status: 'resolved', statusName: expect.any(String) });
    const forged = await post(`/api/v1/tickets/${id}/rating`, { score: 1 }, { 'X-Qihu-Ticket-Token': 'A'.repeat(32) });
    expect(forged.status).toBe(403);
    expect((await post(`/api/v1/tickets/${id}/rating`, { score: 1 })).status).toBe(403);

    const rated = await post(`/api/v1/tickets/${id}/rating`, { score: 5, comment: '很满意' }, token);
    expect(rated.status).toBe(201);
    const again = await post(`/api/v1/tickets/${id}/rating`, { score: 5, comment: '很满意' }, token);
    expect(again.status).toBe(200);
    expect((await post(`/api/v1/tickets/${id}/rating?token=${String(body.accessToken)}`, { score: 2 })).status).toBe(409);
    expect((await post(`/api/v1/tickets/${id}/rating`, { score: 6 }, token)).status).toBe(400);
    await waitFor(() => q.backend.tickets()[0]?.rating?.score === 5, 10_000, 'rating at backend');
  });

  test('a repeated idempotency key returns the same ticket with 200 and delivers once', async () => {
    const first = await post('/api/v1/tickets', ticketInput(1));
    const second = await post('/api/v1/tickets', ticketInput(1));
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    const a = (await first.json()) as Json;
    const b = (await second.json()) as Json;
    expect(b.id).toBe(a.id);
    // header form of the key
    const h1 = await post('/api/v1/tickets', ticketInput(2, { idempotencyKey: undefined }), { 'Idempotency-Key': 'header-key-0001' });
    const h2 = await post('/api/v1/tickets', ticketInput(2, { idempotencyKey: undefined }), { 'Idempotency-Key': 'header-key-0001' });
    expect([h1.status, h2.status]).toEqual([201, 200]);
    await waitFor(() => q.backend.tickets().length === 2, 10_000, 'two tickets at backend');
    await new Promise((r) => setTimeout(r, 200));
    expect(q.backend.tickets()).toHaveLength(2);
  });

  test('invalid input: 400 with issues naming their fields; nothing stored', async () => {
    const bad = ticketInput(1, {
      enterprise: { name: '', creditCode: '91350100M000100Y40', district: '东城区' },
      contact: { name: '张三', phone: '12345' },
    });
    const res = await post('/api/v1/tickets', bad);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { issues: { path: string; code: string; message: string }[] };
    const paths = body.issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['enterprise.name', 'enterprise.creditCode', 'contact.phone']));
    expect(body.issues.every((i) => i.message.length > 0)).toBe(true);
    expect(await store.outboxSize()).toBe(0);
  });

  test('malformed JSON → 400, oversized body → 413, nothing stored', async () => {
    const malformed = await post('/api/v1/tickets', '{"channel": "web",');
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as Json).error).toBe('QH_ERR_MALFORMED_JSON');
    const huge = ticketInput(1, { demand: { summary: '材料', detail: 'x'.repeat(100 * 1024) } });
    const big = await post('/api/v1/tickets', huge);
    expect(big.status).toBe(413);
    expect(((await big.json()) as Json).error).toBe('QH_ERR_PAYLOAD_TOO_LARGE');
    expect(await store.outboxSize()).toBe(0);
    expect(await store.findByIdempotencyKey('input-key-1-abcdef')).toBeUndefined();
  });

  test('status callbacks must be signed for their ticket, fresh, and are applied once', async () => {
    q.backend.setQihuUrl(undefined); // no automatic callbacks in this test
    const res = await post('/api/v1/tickets', ticketInput(1));
    const id = String(((await res.json()) as Json).id);
    const update = JSON.stringify({ status: 'received', at: new Date().toISOString() });
    const path = `/api/v1/tickets/${id}/status`;

    expect((await post(path, update)).status).toBe(401);
    expect((await post(path, update, signCallback('wrong-secret-0123456789', id, update))).status).toBe(401);
    const staleRes = await post(path, update, signCallback(TEST_SECRET, id, update, { nowMs: Date.now() - 6 * 60 * 1000 }));
    expect(staleRes.status).toBe(401);
    expect(await staleRes.json()).toMatchObject({ error: 'QH_ERR_UNAUTHORIZED', detail: 'stale' });
    // Signed for another ticket: the path is signed, so it does not verify here.
    const forOther = await post(path, update, signCallback(TEST_SECRET, 'QH-20261125-000999', update));
    expect(await forOther.json()).toMatchObject({ error: 'QH_ERR_UNAUTHORIZED', detail: 'mismatch' });

    const headers = signCallback(TEST_SECRET, id, update);
    const ok = await post(path, update, headers);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as Json).status).toBe('received');
    // The same event again (a retry whose first answer was lost, or a replay): done, not applied twice.
    const again = await post(path, update, headers);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ id, duplicate: true });
    // A timestamp in milliseconds is accepted as well as one in seconds.
    const second = String(((await (await post('/api/v1/tickets', ticketInput(2))).json()) as Json).id);
    const msPath = `/api/v1/tickets/${second}/status`;
    const msUpdate = JSON.stringify({ status: 'received', at: new Date().toISOString() });
    const msTime = String(Date.now());
    const eventId = 'cb-milliseconds-0001';
    const msHeaders = {
      'X-Qihu-Timestamp': msTime,
      'X-Qihu-Event-Id': eventId,
      'X-Qihu-Signature': computeSignature(TEST_SECRET, msTime, { method: 'POST', path: msPath, eventId, body: msUpdate }),
    };
    expect((await post(msPath, msUpdate, msHeaders)).status).toBe(200);

    // signed but tampered body
    const tampered = JSON.stringify({ status: 'resolved', at: new Date().toISOString(), answer: 'x' });
    expect((await post(path, tampered, signCallback(TEST_SECRET, id, update))).status).toBe(401);
    // signed but invalid for the domain
    const noDept = JSON.stringify({ status: 'assigned', at: new Date().toISOString() });
    expect((await post(path, noDept, signCallback(TEST_SECRET, id, noDept))).status).toBe(400);
    const closed = JSON.stringify({ status: 'closed', at: new Date().toISOString() });
    const conflict = await post(path, closed, signCallback(TEST_SECRET, id, closed));
    expect(conflict.status).toBe(409);
    expect(await conflict.json()).toMatchObject({ error: 'QH_ERR_CONFLICT', issues: [{ code: 'invalid_transition' }] });
    const unknownId = 'QH-20200101-000001';
    const u2 = JSON.stringify({ status: 'received', at: new Date(Date.now() + 5).toISOString() });
    expect((await post(`/api/v1/tickets/${unknownId}/status`, u2, signCallback(TEST_SECRET, unknownId, u2))).status).toBe(404);
  });

  test('the same update to many tickets in the same second is applied to each', async () => {
    q.backend.setQihuUrl(undefined);
    const ids: string[] = [];
    const tokens = new Map<string, string>();
    for (let n = 1; n <= 30; n++) {
      const filed = (await (await post('/api/v1/tickets', ticketInput(n))).json()) as Json;
      ids.push(String(filed.id));
      tokens.set(String(filed.id), String(filed.accessToken));
    }
    const update = JSON.stringify({ status: 'received', at: new Date().toISOString() });
    const now = Date.now();
    const answers = await Promise.all(ids.map((id) => post(`/api/v1/tickets/${id}/status`, update, signCallback(TEST_SECRET, id, update, { nowMs: now }))));
    expect(answers.map((a) => a.status)).toEqual(ids.map(() => 200));
    for (const id of ids) expect(((await (await get(`/api/v1/tickets/${id}`, { 'X-Qihu-Ticket-Token': tokens.get(id)! })).json()) as Json).status).toBe('received');
  });

  test('GET unknown ticket → 404; schema is served', async () => {
    expect((await get('/api/v1/tickets/QH-20261125-999999')).status).toBe(404);
    expect((await get('/api/v1/tickets/nonsense')).status).toBe(404);
    const schema = (await (await get('/api/v1/schema/ticket')).json()) as Json;
    expect(JSON.stringify(schema)).toContain('qihu.ticket/v1');
  });

  test('a 4xx from the backend dead-letters; an admin replays it; 5xx are retried', async () => {
    q.backend.setFaults({ failNext: 1, failStatus: 422 });
    const res = await post('/api/v1/tickets', ticketInput(1));
    const id = String(((await res.json()) as Json).id);
    expect((await get('/api/v1/admin/dead-letters')).status).toBe(403);
    const admin = { 'x-test-role': 'admin' };
    const list = await waitFor(async () => {
      const l = (await (await get('/api/v1/admin/dead-letters', admin)).json()) as { deadLetters: Json[] };
      return l.deadLetters.length === 1 ? l.deadLetters : undefined;
    }, 10_000, 'dead letter');
    expect(list[0]).toMatchObject({ ticketId: id, kind: 'ticket', error: 'HTTP 422' });
    expect(q.backend.tickets()).toHaveLength(0);

    q.backend.setFaults({ failNext: 3, failStatus: 503 });
    expect((await fetch(`${q.url}/api/v1/admin/dead-letters/nope/replay`, { method: 'POST', headers: admin })).status).toBe(404);
    const replay = await fetch(`${q.url}/api/v1/admin/dead-letters/${String(list[0]?.id)}/replay`, { method: 'POST', headers: admin });
    expect(replay.status).toBe(202);
    await waitFor(() => q.backend.tickets().length === 1, 10_000, 'delivered after replay');
    const state = await store.getState(id);
    expect(state?.delivery.attempts).toBeGreaterThanOrEqual(4);
    expect(q.backend.stats().injectedFailures).toBe(4);
  });
});
