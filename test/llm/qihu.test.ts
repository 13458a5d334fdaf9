/**
 * The semantic layer in a running qihu (OPENAI_BASE_URL set), over HTTP: the chat API and
 * /api/v1/ask answer a paraphrase the engine alone hands off, the record says how, /healthz shows
 * the layer, the embeddings are kept (a file under DATA_DIR; a Redis hash shared by instances), and
 * a dead endpoint leaves the engine's own answers.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashSecret } from '../../src/auth/secret-hash';
import { loadConfig } from '../../src/config';
import type { ChatResponse } from '../../src/conversation/types';
import { loadKnowledgeBase } from '../../src/kb';
import { entryTitle } from '../../src/kb/schema';
import { silentLogger } from '../../src/log';
import { startQihu, type Qihu } from '../../src/server';
import { startFakeOpenAi, type FakeOpenAi } from '../support/fake-openai';
import { startRedisServer, type RedisServerHandle } from '../support/redis-server';

const PARAPHRASE = '我想卖点药，得交哪些东西';
const OPERATOR_TOKEN = 'operator-token-semantic-0123';
let fake: FakeOpenAi;
const dirs: string[] = [];
const started: Qihu[] = [];

beforeAll(async () => {
  fake = await startFakeOpenAi({ apiKey: 'sk-qihu-test' });
  // A model would place the paraphrase next to the drug-retail item's name: the stand-in is told so.
  const kb = loadKnowledgeBase(join(__dirname, '../../knowledge-base'));
  fake.alias(PARAPHRASE, entryTitle(kb.entries.find((e) => e.id === 'item-drug-retail')!));
});
afterAll(async () => {
  for (const q of started) await q.close().catch(() => undefined);
  await fake.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function start(env: Record<string, string> = {}, dataDir?: string): Promise<Qihu> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'qihu-semantic-'));
  if (!dataDir) dirs.push(dir);
  const qihu = await startQihu(
    loadConfig({
      PORT: '0',
      DATA_DIR: dir,
      OPENAI_BASE_URL: fake.url,
      OPENAI_API_KEY: 'sk-qihu-test',
      OPENAI_EMBEDDING_MODEL: 'stand-in',
      AUTH_TOKENS: `line1:operator:${hashSecret(OPERATOR_TOKEN)}`,
      ...env,
    }),
    silentLogger,
  );
  started.push(qihu);
  await qihu.semantic!.ready();
  return qihu;
}
const stop = async (q: Qihu) => {
  await q.close();
  started.splice(started.indexOf(q), 1);
};

const chat = async (q: Qihu, sessionId: string, text: string) =>
  (await (await fetch(`${q.url}/api/v1/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sessionId, text }) })).json()) as ChatResponse;

it('answers a paraphrase over the chat API and /api/v1/ask, records how, and shows the layer in /healthz', async () => {
  const qihu = await start();
  // Without the layer the engine hands it off.
  expect(qihu.engine().ask(PARAPHRASE).kind).toBe('handoff');

  const { messages } = await chat(qihu, 'semantic-session-0001', PARAPHRASE);
  expect(messages[0]).toMatchObject({ type: 'answer', entryId: 'item-drug-retail' });
  const records = await qihu.records.list();
  expect(records.at(-1)).toMatchObject({ kind: 'answer', via: 'embedding', entryId: 'item-drug-retail' });

  // The follow-up is in the context of that answer, as after any answer.
  const followUp = await chat(qihu, 'semantic-session-0001', '那要多久？');
  expect(followUp.messages[0]).toMatchObject({ type: 'answer', entryId: 'item-drug-retail', field: 'time_limit' });

  const ask = (await (await fetch(`${qihu.url}/api/v1/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: PARAPHRASE }) })).json()) as {
    kind: string;
    entryId?: string;
    retrieval?: string;
  };
  expect(ask).toMatchObject({ kind: 'answer', entryId: 'item-drug-retail', retrieval: 'embedding' });

  const health = (await (await fetch(`${qihu.url}/healthz`)).json()) as { semantic?: { model: string; state: string; surfaces: number } };
  expect(health.semantic).toMatchObject({ model: 'stand-in', state: 'ready' });
  expect(health.semantic!.surfaces).toBeGreaterThan(100);
  expect(JSON.stringify(health)).not.toContain('sk-qihu-test');
  await stop(qihu);
});

it("gives the operator entries close in meaning to a caller's paraphrase, not to the operator's typing", async () => {
  const qihu = await start();
  const post = (path: string, body: unknown) =>
    fetch(qihu.url + path, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${OPERATOR_TOKEN}` }, body: JSON.stringify(body) });
  const call = 'cti-semantic-000001';
  const res = await post(`/api/v1/hotline/calls/${call}/utterances`, { text: PARAPHRASE });
  expect(res.status).toBe(201);
  const fed = (await res.json()) as { suggestions: { entryId: string; retrieval?: string; readOut: string }[] };
  expect(fed.suggestions[0]).toMatchObject({ entryId: 'item-drug-retail', retrieval: 'embedding' });
  expect(fed.suggestions[0]!.readOut).toContain('药品');
  // The draft's candidates include what was shown.
  const draft = (await (await post(`/api/v1/hotline/calls/${call}/ticket-draft`, {})).json()) as { draft: { demand: { candidates: { entryId: string }[] } } };
  expect(draft.draft.demand.candidates.map((c) => c.entryId)).toContain('item-drug-retail');

  const before = fake.requests.length;
  const typed = (await (await post('/api/v1/hotline/suggest', { text: PARAPHRASE })).json()) as { suggestions: { retrieval?: string }[] };
  expect(fake.requests.length).toBe(before);
  expect(typed.suggestions.every((x) => x.retrieval === undefined)).toBe(true);
  await stop(qihu);
});

it('keeps the embeddings under DATA_DIR: a restart embeds nothing again', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'qihu-semantic-'));
  dirs.push(dir);
  const first = await start({}, dir);
  await stop(first);
  expect(existsSync(join(dir, 'embeddings', 'stand-in.jsonl'))).toBe(true);
  const before = fake.requests.length;
  const again = await start({}, dir);
  expect(fake.requests.length).toBe(before);
  expect(again.semantic!.status().state).toBe('ready');
  await stop(again);
});

it('shares the embeddings through Redis: a second instance embeds nothing', async () => {
  const redis: RedisServerHandle = await startRedisServer();
  try {
    const a = await start({ REDIS_URL: redis.url });
    const before = fake.requests.length;
    const b = await start({ REDIS_URL: redis.url });
    expect(fake.requests.length).toBe(before);
    expect((await chat(b, 'semantic-session-0002', PARAPHRASE)).messages[0]).toMatchObject({ type: 'answer', entryId: 'item-drug-retail' });
    await stop(a);
    await stop(b);
  } finally {
    await redis.stop();
  }
});

it('with the endpoint failing, the chat answers as the engine alone does, without waiting long', async () => {
  const qihu = await start({ OPENAI_TIMEOUT_MS: '300' });
  fake.failNext(100);
  try {
    const t0 = Date.now();
    const { messages } = await chat(qihu, 'semantic-session-0003', PARAPHRASE);
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(messages[0]!.type).not.toBe('answer');
    // An ordinary question is answered as ever.
    expect((await chat(qihu, 'semantic-session-0004', '开药店要什么材料')).messages[0]).toMatchObject({ type: 'answer', entryId: 'item-drug-retail' });
  } finally {
    fake.failNext(0);
  }
  await stop(qihu);
});
