/**
 * A call's requests spread over two qihu instances on one Redis, as behind a load balancer with no
 * sticky sessions: the CTI feed reaches instance A, the operator's console streams its suggestions
 * from instance B, the ticket draft and the ticket are made on B from the transcript A took, and a
 * restarted instance still knows the call.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashSecret } from '../../src/auth/secret-hash';
import { loadConfig } from '../../src/config';
import { hashSessionId } from '../../src/conversation/records';
import { silentLogger } from '../../src/log';
import { startQihu, type Qihu } from '../../src/server';
import { startRedisServer, type RedisServerHandle } from '../support/redis-server';

const OPERATOR_TOKEN = 'operator-token-instances-0123';
const auth = { authorization: `Bearer ${OPERATOR_TOKEN}` };

let redis: RedisServerHandle;
const dirs: string[] = [];
const started: Qihu[] = [];

async function instance(): Promise<Qihu> {
  const dataDir = mkdtempSync(join(tmpdir(), 'qihu-calls-'));
  dirs.push(dataDir);
  const qihu = await startQihu(
    loadConfig({
      PORT: '0',
      DATA_DIR: dataDir,
      REDIS_URL: redis.url,
      AUTH_TOKENS: `line1:operator:${hashSecret(OPERATOR_TOKEN)}`,
    }),
    silentLogger,
  );
  started.push(qihu);
  return qihu;
}

beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  for (const q of started) await q.close().catch(() => undefined);
  await redis.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const post = (q: Qihu, path: string, body: unknown) =>
  fetch(q.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...auth },
    body: JSON.stringify(body),
  });

/** Reads server-sent events until `until` holds for the text so far. */
async function readEvents(res: Response, until: (text: string) => boolean): Promise<string> {
  const reader = res.body!.getReader();
  let text = '';
  while (!until(text)) {
    const { value, done } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
  }
  await reader.cancel().catch(() => undefined);
  return text;
}

it('feeds a call on one instance and serves its console, draft and ticket from the other', async () => {
  const a = await instance();
  const b = await instance();
  const call = 'cti-two-instances-1';

  // The console on B opens its event stream before the caller speaks.
  const controller = new AbortController();
  const stream = await fetch(`${b.url}/api/v1/hotline/calls/${call}/events`, { headers: auth, signal: controller.signal });
  expect(stream.status).toBe(200);
  const heard = readEvents(stream, (t) => t.includes('item-drug-retail'));

  expect((await post(a, `/api/v1/hotline/calls/${call}/utterances`, { text: '您好，12345热线', speaker: 'operator' })).status).toBe(201);
  expect((await post(a, `/api/v1/hotline/calls/${call}/utterances`, { text: '我想开一家', final: false })).status).toBe(201);
  expect((await post(a, `/api/v1/hotline/calls/${call}/utterances`, { text: '我想开一家药店，要带什么材料' })).status).toBe(201);

  const events = await heard;
  controller.abort();
  expect(events).toContain('event: suggestions');
  expect(events).toContain('我想开一家药店，要带什么材料');

  // B polls and drafts from what A took: the interim chunk replaced, the suggestions A showed.
  const polled = (await (await fetch(`${b.url}/api/v1/hotline/calls/${call}/suggestions`, { headers: auth })).json()) as {
    text: string;
    suggestions: { entryId: string }[];
  };
  expect(polled.text).toBe('我想开一家药店，要带什么材料');
  expect(polled.suggestions[0]!.entryId).toBe('item-drug-retail');
  const draft = (await (await post(b, `/api/v1/hotline/calls/${call}/ticket-draft`, {})).json()) as {
    draft: {
      demand: {
        summary: string;
        turns: { role: string; text: string }[];
        candidates: { entryId: string }[];
      };
    };
  };
  expect(draft.draft.demand.turns.map((t) => [t.role, t.text])).toEqual([
    ['operator', '您好，12345热线'],
    ['user', '我想开一家药店，要带什么材料'],
  ]);
  expect(draft.draft.demand.candidates.map((c) => c.entryId)).toContain('item-drug-retail');

  // A notes the entry used; B files the ticket; A sees the ticket on the call.
  expect((await post(a, `/api/v1/hotline/calls/${call}/used`, { entryId: 'item-drug-retail' })).status).toBe(201);
  const filed = await post(b, `/api/v1/hotline/calls/${call}/ticket`, {
    enterprise: { name: '示例五金制品有限公司', creditCode: '91350100M000100Y43', district: '东城区' },
    contact: { name: '李四', phone: '13800138000' },
  });
  expect(filed.status).toBe(201);
  const ticket = (await filed.json()) as {
    id: string;
    ticket: { demand: { turns: unknown[] } };
  };
  expect(ticket.id).toMatch(/^QH-/);
  expect(ticket.ticket.demand.turns).toHaveLength(2);
  const records = (await a.records.list()).filter((r) => r.sessionId === hashSessionId(call));
  expect(records.map((r) => r.kind)).toEqual(['answer', 'ticket']);
});

it('a restarted instance still knows the call', async () => {
  const a = await instance();
  const call = 'cti-restart-000001';
  expect((await post(a, `/api/v1/hotline/calls/${call}/utterances`, { text: '食品经营许可多久能办好' })).status).toBe(201);
  await a.close();
  started.splice(started.indexOf(a), 1);
  const again = await instance();
  const res = await fetch(`${again.url}/api/v1/hotline/calls/${call}/suggestions`, { headers: auth });
  expect(res.status).toBe(200);
  expect(((await res.json()) as { text: string }).text).toBe('食品经营许可多久能办好');
});
