/**
 * The composed server, as `npm start` runs it in the embedded default: real HTTP, the file journal,
 * the in-process reference routing backend, the dispatcher and the status callbacks.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertRoutesProtected, probeRoutes } from '../../src/auth';
import { hashSecret } from '../../src/auth/secret-hash';
import { loadConfig } from '../../src/config';
import { silentLogger } from '../../src/log';
import { startQihu, type Qihu } from '../../src/server';

const ADMIN_TOKEN = 'admin-token-0123456789';
const OPERATOR_TOKEN = 'operator-token-0123456789';
const EDITOR_TOKEN = 'editor-token-0123456789';
const SUPERVISOR_TOKEN = 'supervisor-token-0123456789';
let qihu: Qihu;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'qihu-server-'));
  const config = loadConfig({
    PORT: '0',
    DATA_DIR: dataDir,
    AUTH_TOKENS: `ops:admin:${hashSecret(ADMIN_TOKEN)},line1:operator:${hashSecret(OPERATOR_TOKEN)},kb:editor:${hashSecret(EDITOR_TOKEN)},duban:supervisor:${hashSecret(SUPERVISOR_TOKEN)}`,
  });
  qihu = await startQihu(config, silentLogger);
});

afterAll(async () => {
  await qihu.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(qihu.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

async function waitFor<T>(probe: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

const ticketInput = {
  channel: 'api',
  enterprise: { name: '示例五金制品有限公司', creditCode: '91350100M000100Y43', district: '东城区' },
  contact: { name: '李四', phone: '13800138000' },
  demand: { summary: '厂门口道路破损半年未修复，影响货车进出' },
};

describe('the embedded default', () => {
  it('reports health and the knowledge base it serves', async () => {
    const res = await fetch(qihu.url + '/healthz');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { calibration: { pseudoQuestions: number; separation: number } };
    expect(body).toMatchObject({ status: 'ok', mode: 'embedded', knowledgeBase: { sample: true } });
    // The decision calibration derived from the served knowledge base.
    expect(body.calibration).toMatchObject({ thresholds: { answer: 0.6, clarify: 0.15 } });
    expect(body.calibration.pseudoQuestions).toBeGreaterThan(100);
    expect(body.calibration.separation).toBeGreaterThan(0.8);
  });

  it('answers a question through /api/v1/ask', async () => {
    const res = await post('/api/v1/ask', { text: '开药店要什么材料' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ kind: 'answer', entryId: 'item-drug-retail', field: 'materials' });
  });

  it('rejects bad bodies with clear errors', async () => {
    expect((await post('/api/v1/ask', '{bad')).status).toBe(400);
    const invalid = await post('/api/v1/ask', { text: 5 });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { issues: { path: string }[] }).issues[0]!.path).toBe('text');
    expect((await post('/api/v1/ask', { text: 'x'.repeat(300_000) })).status).toBe(413);
    expect((await fetch(qihu.url + '/nowhere')).status).toBe(404);
    // A body that claims gzip (or deflate, or brotli) but does not decompress is the client's
    // mistake, not a 500.
    for (const path of ['/api/v1/ask', '/api/v1/tickets', '/api/messages']) {
      for (const encoding of ['gzip', 'deflate', 'br']) {
        const corrupt = await fetch(qihu.url + path, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-encoding': encoding },
          body: 'null',
        });
        expect([path, encoding, corrupt.status]).toEqual([path, encoding, 400]);
        expect(await corrupt.json()).toMatchObject({ error: 'QH_ERR_MALFORMED_JSON' });
      }
    }
    // Ticket bodies are JSON in UTF-8: text/plain is refused (415), bytes that are not UTF-8 too (400).
    const plain = await fetch(qihu.url + '/api/v1/tickets', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(ticketInput) });
    expect(plain.status).toBe(415);
    const latin = Buffer.concat([Buffer.from('{"channel":"api","demand":{"summary":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}}')]);
    const notUtf8 = await fetch(qihu.url + '/api/v1/tickets', { method: 'POST', headers: { 'content-type': 'application/json' }, body: latin });
    expect(notUtf8.status).toBe(400);
    expect(await notUtf8.json()).toMatchObject({ error: 'QH_ERR_MALFORMED_JSON' });
  });

  it('files a ticket, delivers it and follows the status loop to a rating', async () => {
    const res = await post('/api/v1/tickets', ticketInput);
    expect(res.status).toBe(201);
    const { id, accessToken } = (await res.json()) as { id: string; accessToken: string };
    expect(id).toMatch(/^QH-\d{8}-\d{6}$/);
    const token = { 'X-Qihu-Ticket-Token': accessToken };

    const assigned = await waitFor(async () => {
      const view = (await (await fetch(`${qihu.url}/api/v1/tickets/${id}`, { headers: token })).json()) as { status: string; department?: string };
      return view.status === 'assigned' ? view : undefined;
    });
    expect(assigned.department).toBe('市交通运输局');

    expect(qihu.routingBackend!.resolve(id, { answer: '已安排维修，预计本周完成。' })).toBe(true);
    await waitFor(async () => {
      const view = (await (await fetch(`${qihu.url}/api/v1/tickets/${id}`)).json()) as { status: string };
      return view.status === 'resolved' ? view : undefined;
    });
    expect((await post(`/api/v1/tickets/${id}/rating?token=${accessToken}`, { score: 5 })).status).toBeLessThan(300);
  });

  it('answers a path parameter whose percent-encoding does not decode with 400, not 500', async () => {
    const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
    for (const [method, path] of [
      ['GET', '/api/v1/tickets/%zz'],
      ['POST', '/api/v1/tickets/%E4%B8/rating'],
      ['POST', '/api/v1/admin/dead-letters/%zz/replay'],
      ['GET', '/api/v1/admin/kb/entries/%C0%AF'],
    ] as const) {
      const res = await fetch(qihu.url + path, { method, headers: { ...admin, 'content-type': 'application/json' }, ...(method === 'POST' ? { body: '{}' } : {}) });
      expect([method, path, res.status]).toEqual([method, path, 400]);
      const body = (await res.json()) as { error: string; message: string };
      expect(body.error).toBe('QH_ERR_VALIDATION');
      // The undecodable value is not echoed.
      expect(JSON.stringify(body)).not.toContain('%');
    }
  });

  it('refuses unsigned status callbacks', async () => {
    const res = await post('/api/v1/tickets/QH-20261125-000001/status', { status: 'closed', at: new Date().toISOString() });
    expect(res.status).toBe(401);
  });

  it('guards the dead-letter admin routes: 401, 403, then 200', async () => {
    expect((await fetch(qihu.url + '/api/v1/admin/dead-letters')).status).toBe(401);
    const asOperator = await fetch(qihu.url + '/api/v1/admin/dead-letters', { headers: { authorization: `Bearer ${OPERATOR_TOKEN}` } });
    expect(asOperator.status).toBe(403);
    const asAdmin = await fetch(qihu.url + '/api/v1/admin/dead-letters', { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(asAdmin.status).toBe(200);
  });

  it('guards every hotline and admin route in the whole route table: 401 anonymous, 403 wrong role', async () => {
    const routes = assertRoutesProtected(qihu.app);
    expect(routes.length).toBeGreaterThan(10); // dead letters and the editor API at least
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
    const results = await probeRoutes(qihu.url, routes, {
      operator: bearer(OPERATOR_TOKEN),
      editor: bearer(EDITOR_TOKEN),
      supervisor: bearer(SUPERVISOR_TOKEN),
      admin: bearer(ADMIN_TOKEN),
    });
    expect(results.filter((r) => !r.ok)).toEqual([]);
  });

  it('serves the chat page and the login page', async () => {
    const page = await fetch(qihu.url + '/');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('企呼我应');
    expect((await fetch(qihu.url + '/login')).status).toBe(200);
  });
});
