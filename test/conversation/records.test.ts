/** The three record stores behave alike; the Redis one runs against a private redis-server. */
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';
import { createFileRecordStore, createRedisRecordStore } from '../../src/storage';
import {
  ConversationRecord,
  createMemoryRecordStore,
  hashSessionId,
  toRecord,
  type NewRecord,
  type RecordStore,
} from '../../src/conversation/records';
import { startRedisServer, type RedisServerHandle } from '../support/redis-server';

const session = hashSessionId('records-session-01');
const rec = (at: string, over: Partial<NewRecord> = {}): NewRecord => ({
  at,
  kind: 'answer',
  sessionId: session,
  channel: 'web',
  question: '开药店要什么材料',
  entryId: 'item-drug-retail',
  field: 'materials',
  confidence: 0.9,
  candidates: ['item-drug-retail'],
  ...over,
});

describe('toRecord', () => {
  it('masks the question whatever the caller passed, and fills schema and id', () => {
    const r = toRecord(rec('2026-11-25T01:00:00.000Z', { question: '我的电话13800138000，代码91350100M000100Y43' }));
    expect(r.question).toBe('我的电话138****8000，代码91350100*********3');
    expect(r.schema).toBe('qihu.conversation-record/v1');
    expect(r.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses a raw session id', () => {
    expect(() => toRecord(rec('2026-11-25T01:00:00.000Z', { sessionId: 'records-session-01' }))).toThrow();
    expect(hashSessionId('records-session-01')).toMatch(/^[0-9a-f]{16}$/);
  });
});

/** The same behaviour for every store. */
function contract(name: string, open: () => Promise<RecordStore>, after?: () => Promise<void>) {
  describe(name, () => {
    let store: RecordStore;
    beforeAll(async () => {
      store = await open();
      await store.append(rec('2026-11-23T10:00:00.000Z'));
      await store.append(rec('2026-11-24T10:00:00.000Z', { kind: 'handoff', reason: 'low_confidence', entryId: undefined, field: undefined }));
      await store.append(rec('2026-11-25T10:00:00.000Z', { kind: 'feedback', turnId: 't-1', feedback: { helpful: false, via: 'button' } }));
      await store.append(rec('2026-11-25T11:00:00.000Z', { question: '电话 0591-87654321' }));
    });
    afterAll(async () => {
      await store.close();
      await after?.();
    });

    it('lists oldest first, valid and masked', async () => {
      const all = await store.list();
      expect(all.map((r) => r.at)).toEqual(['2026-11-23T10:00:00.000Z', '2026-11-24T10:00:00.000Z', '2026-11-25T10:00:00.000Z', '2026-11-25T11:00:00.000Z']);
      for (const r of all) expect(ConversationRecord.safeParse(r).success).toBe(true);
      expect(all[3]!.question).toBe('电话 0591-****4321');
      expect(all[2]).toMatchObject({ kind: 'feedback', turnId: 't-1', feedback: { helpful: false, via: 'button' } });
    });

    it('filters by time and kind, and keeps the most recent within the limit', async () => {
      expect((await store.list({ since: new Date('2026-11-24T00:00:00Z') })).map((r) => r.kind)).toEqual(['handoff', 'feedback', 'answer']);
      expect((await store.list({ kinds: ['handoff', 'feedback'] })).map((r) => r.kind)).toEqual(['handoff', 'feedback']);
      expect((await store.list({ limit: 2 })).map((r) => r.at)).toEqual(['2026-11-25T10:00:00.000Z', '2026-11-25T11:00:00.000Z']);
      expect(await store.list({ limit: 0 })).toEqual([]);
    });
  });
}

contract('memory store', async () => createMemoryRecordStore());

let dir: string;
contract(
  'file store',
  async () => {
    dir = mkdtempSync(join(tmpdir(), 'qihu-records-'));
    return createFileRecordStore({ dir });
  },
  async () => rmSync(dir, { recursive: true, force: true }),
);

describe('file store on disk', () => {
  it('writes one JSON line per record, one file per day, and survives a torn line', async () => {
    const d = mkdtempSync(join(tmpdir(), 'qihu-records-'));
    try {
      const store = await createFileRecordStore({ dir: d });
      await Promise.all([1, 2, 3].map((i) => store.append(rec(`2026-11-25T0${i}:00:00.000Z`))));
      await store.append(rec('2026-11-26T01:00:00.000Z'));
      await store.close();
      expect(readdirSync(d).sort()).toEqual(['conversation-2026-11-25.jsonl', 'conversation-2026-11-26.jsonl']);
      const lines = readFileSync(join(d, 'conversation-2026-11-25.jsonl'), 'utf8').trim().split('\n');
      expect(lines).toHaveLength(3);
      appendFileSync(join(d, 'conversation-2026-11-25.jsonl'), '{"schema":"qihu.conv');

      const reopened = await createFileRecordStore({ dir: d });
      expect(await reopened.list()).toHaveLength(4);
      expect(await reopened.list({ since: new Date('2026-11-26T00:00:00Z') })).toHaveLength(1);
      await reopened.close();
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});

describe('redis store', () => {
  let redis: RedisServerHandle;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis.stop();
  });

  let n = 0;
  contract('contract', async () => createRedisRecordStore({ url: redis.url, key: `test:records:${++n}` }));

  it('caps the stream (XADD MAXLEN ~) and pages through long lists', async () => {
    const client = createClient({ url: redis.url });
    await client.connect();
    try {
      const store = await createRedisRecordStore({ client, key: 'test:records:capped', maxLen: 1000 });
      const base = Date.parse('2026-11-25T00:00:00Z');
      for (let batch = 0; batch < 3; batch++)
        await Promise.all(
          Array.from({ length: 1000 }, (_, i) => store.append(rec(new Date(base + (batch * 1000 + i) * 1000).toISOString()))),
        );
      const length = await client.xLen('test:records:capped');
      expect(length).toBeGreaterThanOrEqual(1000);
      expect(length).toBeLessThan(3000);

      // Two pages of XREVRANGE (500 each), newest kept, returned oldest first.
      expect(await store.list()).toHaveLength(1000); // the default limit
      expect(await store.list({ limit: 5000 })).toHaveLength(length);
      const recent = await store.list({ limit: 700 });
      expect(recent).toHaveLength(700);
      expect(recent[0]!.at).toBe(new Date(base + 2300 * 1000).toISOString());
      expect(recent[recent.length - 1]!.at).toBe(new Date(base + 2999 * 1000).toISOString());
      const times = recent.map((r) => Date.parse(r.at));
      expect([...times].sort((a, b) => a - b)).toEqual(times);

      const since = new Date(base + 2900 * 1000);
      expect(await store.list({ since })).toHaveLength(100);

      // A client passed in stays open after close().
      await store.close();
      expect(await client.ping()).toBe('PONG');
    } finally {
      await client.close();
    }
  });

  it('skips entries it cannot read', async () => {
    const client = createClient({ url: redis.url });
    await client.connect();
    try {
      await client.xAdd('test:records:foreign', '*', { r: '{"not":"a record"}' });
      await client.xAdd('test:records:foreign', '*', { other: 'field' });
      const store = await createRedisRecordStore({ client, key: 'test:records:foreign' });
      await store.append(rec('2026-11-25T10:00:00.000Z'));
      expect(await store.list()).toHaveLength(1);
    } finally {
      await client.close();
    }
  });
});
