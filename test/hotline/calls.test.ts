/**
 * Calls in progress, one contract for both stores (memory, Redis): interim chunks, the caller's
 * recent words, suggestions with their best score, notes of what was used, the ticket, idle expiry.
 * Then what only Redis gives: two instances feeding the same call lose nothing, and a bad stored
 * line is left out rather than losing the call.
 */
import { createMemoryCallStore, latestCallerText, recentCallerText, TRIED_KEPT, UTTERANCES_KEPT, type CallStore } from '../../src/hotline/calls';
import { createRedisClient } from '../../src/storage/redis/client';
import { createRedisCallStore } from '../../src/storage/redis/calls';
import { useRedis } from '../support/redis-server';

const shared = useRedis();
let n = 0;

type Make = (opts?: { idleTtlMs?: number; now?: () => number }) => CallStore;

describe.each<[string, Make]>([
  ['memory', (opts) => createMemoryCallStore(opts)],
  ['redis', (opts) => createRedisCallStore({ client: shared.client, prefix: `test-${++n}:`, ...opts })],
])('call store (%s)', (_name, make) => {
  let stores: CallStore[] = [];
  const store: Make = (opts) => {
    const s = make(opts);
    stores.push(s);
    return s;
  };
  afterEach(async () => {
    for (const s of stores) await s.close();
    stores = [];
  });

  it('knows no call until one is opened', async () => {
    const calls = store();
    expect(await calls.get('call-000000')).toBeUndefined();
    const opened = await calls.open('call-000000');
    expect(opened).toMatchObject({ id: 'call-000000', utterances: [], tried: [], used: [] });
    expect(await calls.get('call-000000')).toEqual(opened);
  });

  it("replaces interim chunks and keeps the caller's recent words", async () => {
    const calls = store();
    await calls.addUtterance('call-000001', { speaker: 'operator', text: '您好', final: true });
    await calls.addUtterance('call-000001', { speaker: 'caller', text: '我想', final: false });
    await calls.addUtterance('call-000001', { speaker: 'caller', text: '我想问一下', final: false });
    let call = await calls.addUtterance('call-000001', { speaker: 'caller', text: '我想问一下开药店', final: true });
    expect(call.utterances.map((u) => u.text)).toEqual(['您好', '我想问一下开药店']);
    // An interim chunk of the other speaker is not replaced by this one's.
    await calls.addUtterance('call-000001', { speaker: 'operator', text: '请', final: false });
    call = await calls.addUtterance('call-000001', { speaker: 'caller', text: '第二句', final: true });
    expect(call.utterances.map((u) => u.text)).toEqual(['您好', '我想问一下开药店', '请', '第二句']);
    for (const t of ['第三句', '第四句']) call = await calls.addUtterance('call-000001', { speaker: 'caller', text: t, final: true });
    expect(recentCallerText(call)).toBe('第二句 第三句 第四句');
    expect(latestCallerText(call)).toBe('第四句');
    expect(await calls.get('call-000001')).toEqual(call);
  });

  it('keeps the last utterances only', async () => {
    const calls = store();
    let call = await calls.open('call-000002');
    for (let i = 0; i < UTTERANCES_KEPT + 10; i++)
      call = await calls.addUtterance('call-000002', {
        speaker: 'caller',
        text: `句${i}`,
        final: true,
      });
    expect(call.utterances).toHaveLength(UTTERANCES_KEPT);
    expect(call.utterances[0]!.text).toBe('句10');
  });

  it('remembers each suggestion shown, in first-shown order, with its best score', async () => {
    const calls = store();
    await calls.noteSuggestions('call-000003', [{ entryId: 'a', title: 'A', score: 0.5 }]);
    await calls.noteSuggestions('call-000003', [
      { entryId: 'a', title: 'A', score: 0.2, field: 'materials' },
      { entryId: 'b', title: 'B', department: '市场监管局', score: 0.1 },
    ]);
    expect((await calls.get('call-000003'))!.tried).toEqual([
      { entryId: 'a', title: 'A', score: 0.5, field: 'materials' },
      { entryId: 'b', title: 'B', department: '市场监管局', score: 0.1 },
    ]);
    // A better score replaces the old one.
    await calls.noteSuggestions('call-000003', [{ entryId: 'b', title: 'B', score: 0.9 }]);
    expect((await calls.get('call-000003'))!.tried.map((t) => [t.entryId, t.score])).toEqual([
      ['a', 0.5],
      ['b', 0.9],
    ]);
  });

  it('keeps the most recently first-shown suggestions beyond the cap', async () => {
    const calls = store();
    const shown = Array.from({ length: TRIED_KEPT + 5 }, (_, i) => ({
      entryId: `e${i}`,
      title: `E${i}`,
      score: i / 100,
    }));
    await calls.noteSuggestions('call-000004', shown);
    const tried = (await calls.get('call-000004'))!.tried;
    expect(tried).toHaveLength(TRIED_KEPT);
    expect(tried[0]!.entryId).toBe('e5');
  });

  it('notes what the operator used and the ticket filed', async () => {
    const calls = store();
    await calls.noteUsed('call-000005', 'item-drug-retail');
    const call = await calls.noteUsed('call-000005', null);
    expect(call.used).toEqual(['item-drug-retail', null]);
    await calls.noteTicket('call-000005', 'QH-20261202-0001');
    expect(await calls.get('call-000005')).toMatchObject({ used: ['item-drug-retail', null], ticketId: 'QH-20261202-0001' });
  });

  it('forgets a call idle for longer than the TTL', async () => {
    let now = Date.now();
    const calls = store({ idleTtlMs: 200, now: () => now });
    await calls.addUtterance('call-000006', { speaker: 'caller', text: '你好', final: true });
    await new Promise((r) => setTimeout(r, 120));
    now += 120;
    await calls.addUtterance('call-000006', { speaker: 'caller', text: '还在', final: true }); // activity: the TTL starts again
    await new Promise((r) => setTimeout(r, 120));
    now += 120;
    expect((await calls.get('call-000006'))?.utterances).toHaveLength(2);
    await new Promise((r) => setTimeout(r, 260));
    now += 260;
    expect(await calls.get('call-000006')).toBeUndefined();
  });
});

describe('the memory call store', () => {
  it('drops the least recent calls beyond the cap', async () => {
    const calls = createMemoryCallStore({ maxCalls: 2 });
    try {
      await calls.open('call-aaaaaa');
      await calls.open('call-bbbbbb');
      await calls.open('call-aaaaaa'); // activity: b is now the least recent
      await calls.open('call-cccccc');
      expect(calls.size).toBe(2);
      expect(await calls.get('call-bbbbbb')).toBeUndefined();
      expect(await calls.get('call-aaaaaa')).toBeDefined();
    } finally {
      await calls.close();
    }
  });

  it('hands out copies: changing one does not change the call', async () => {
    const calls = createMemoryCallStore();
    try {
      const call = await calls.addUtterance('call-copies', { speaker: 'caller', text: '你好', final: true });
      call.utterances.push({ speaker: 'caller', text: '偷偷加的', final: true, at: new Date().toISOString() });
      expect((await calls.get('call-copies'))!.utterances).toHaveLength(1);
    } finally {
      await calls.close();
    }
  });
});

describe('the Redis call store', () => {
  it('loses no utterance when two instances feed the same call at once', async () => {
    const prefix = `test-${++n}:`;
    const a = createRedisCallStore({ client: shared.client, prefix });
    const otherClient = createRedisClient(shared.redis.url);
    await otherClient.connect();
    try {
      const b = createRedisCallStore({ client: otherClient, prefix });
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          (i % 2 ? a : b).addUtterance('call-shared', {
            speaker: i % 2 ? 'caller' : 'operator',
            text: `第${i}句`,
            final: true,
          }),
        ),
      );
      const call = await b.get('call-shared');
      expect(call!.utterances).toHaveLength(40);
      expect(new Set(call!.utterances.map((u) => u.text)).size).toBe(40);
    } finally {
      await otherClient.close();
    }
  });

  it('leaves out a stored utterance that does not parse, and says so', async () => {
    const prefix = `test-${++n}:`;
    const problems: string[] = [];
    const calls = createRedisCallStore({ client: shared.client, prefix, onError: (err) => problems.push(err.message) });
    await calls.addUtterance('call-broken', { speaker: 'caller', text: '开药店要什么材料', final: true });
    await shared.client.rPush(`${prefix}{call-broken}:u`, ['not json', JSON.stringify({ speaker: 'robot', text: 'x', final: true, at: 'now' })]);
    const call = await calls.get('call-broken');
    expect(call!.utterances.map((u) => u.text)).toEqual(['开药店要什么材料']);
    expect(problems).toEqual(['call call-broken: a stored utterance does not parse', 'call call-broken: a stored utterance does not parse']);
  });

  it('keeps every key of a call under its TTL', async () => {
    const prefix = `test-${++n}:`;
    const calls = createRedisCallStore({ client: shared.client, prefix, idleTtlMs: 60_000 });
    await calls.addUtterance('call-ttl', { speaker: 'caller', text: '你好', final: true });
    await calls.noteSuggestions('call-ttl', [{ entryId: 'a', title: 'A', score: 0.5 }]);
    await calls.noteUsed('call-ttl', 'a');
    const keys = await shared.client.keys(`${prefix}*`);
    expect(keys.sort()).toEqual(['meta', 'order', 'tried', 'u', 'used'].map((p) => `${prefix}{call-ttl}:${p}`));
    for (const key of keys) {
      const ttl = await shared.client.pTTL(key);
      expect(ttl).toBeGreaterThan(50_000);
      expect(ttl).toBeLessThanOrEqual(60_000);
    }
  });
});
