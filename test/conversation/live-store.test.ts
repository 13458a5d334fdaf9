/**
 * The live desk's store and bus, the same contract in memory and in a real Redis: the queue's order
 * and places, one take per conversation however many operators try at once (on Redis: from two
 * clients, as two instances would), finishing once, expiring the ones waiting too long, messages,
 * the take times behind the estimate, operators on duty, the messages held for the user's page
 * until it acknowledges them (numbered, given again when the page comes back), the place each
 * waiting user was last told; and events crossing instances over pub/sub.
 */
import { createMemoryLiveStore, HELD_KEPT, type LiveConversation, type LiveEvent, type LiveStore } from '../../src/conversation';
import { createRedisLiveBus, createRedisLiveStore } from '../../src/storage/redis/live-desk';
import { liveDeskKeys } from '../../src/storage/redis/keys';
import { useRedis } from '../support/redis-server';
import { waitFor } from '../support/qihu';

const T0 = Date.parse('2026-12-07T02:00:00Z');
const conv = (n: number, atMs = T0 + n * 1000): LiveConversation => ({
  sessionId: `live-store-${String(n).padStart(4, '0')}`,
  status: 'waiting',
  enqueuedAt: new Date(atMs).toISOString(),
  reason: 'asked_for_person',
  demand: '开药店要什么材料',
  guesses: [],
  details: { name: '示例科技有限公司', phone: '138****5678' },
  transcript: [],
});
const op = (n: number) => ({ name: `op${n}`, display: `话务员${n}` });

const redis = useRedis({}, { secondClient: true });

describe.each([
  ['memory', async () => [createMemoryLiveStore()] as LiveStore[]],
  [
    'redis',
    async () => {
      const prefix = `t${Math.random().toString(36).slice(2, 8)}:`;
      return [createRedisLiveStore({ client: redis.client, prefix }), createRedisLiveStore({ client: redis.second, prefix })];
    },
  ],
] as const)('the live store (%s)', (_name, open) => {
  let stores: LiveStore[];
  beforeAll(async () => {
    stores = await open();
  });
  const a = () => stores[0]!;
  const b = () => stores[stores.length - 1]!;

  it('keeps the queue in order and gives each its place; enqueuing again changes nothing', async () => {
    expect(await a().enqueue(conv(1))).toBe(1);
    expect(await b().enqueue(conv(2))).toBe(2);
    expect(await a().enqueue(conv(1))).toBe(1);
    expect(await b().position(conv(2).sessionId)).toBe(2);
    expect((await a().list()).map((c) => c.sessionId)).toEqual([conv(1).sessionId, conv(2).sessionId]);
    expect(await a().get(conv(1).sessionId)).toEqual(conv(1));
  });

  it('lets exactly one of many operators take a conversation, and remembers how long it waited', async () => {
    const at = new Date(T0 + 61_000);
    const tries = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a() : b()).take(conv(1).sessionId, op(i), at)));
    const won = tries.filter((t) => t !== undefined);
    expect(won).toHaveLength(1);
    expect(won[0]).toMatchObject({ status: 'active', takenAt: at.toISOString() });
    expect(await b().get(conv(1).sessionId)).toMatchObject({ status: 'active', operator: won[0]!.operator });
    expect(await a().position(conv(1).sessionId)).toBeUndefined();
    expect(await b().position(conv(2).sessionId)).toBe(1);
    expect(await a().averageTakeMs()).toBe(60_000);
    expect((await a().list()).map((c) => [c.sessionId, c.status])).toEqual([
      [conv(2).sessionId, 'waiting'],
      [conv(1).sessionId, 'active'],
    ]);
  });

  it('keeps messages in order, and finishes a conversation once', async () => {
    const id = conv(1).sessionId;
    await a().addMessage(id, { role: 'user', text: '你好', at: new Date(T0).toISOString() });
    await b().addMessage(id, { role: 'operator', text: '您好，请讲', at: new Date(T0 + 1).toISOString(), operator: '话务员1' });
    expect((await a().messages(id)).map((m) => m.text)).toEqual(['你好', '您好，请讲']);
    const [x, y] = await Promise.all([a().finish(id), b().finish(id)]);
    expect([x, y].filter(Boolean)).toHaveLength(1);
    expect(await a().get(id)).toBeUndefined();
    expect(await a().messages(id)).toEqual([]);
  });

  it('expires the conversations waiting since before the cutoff, each to one caller', async () => {
    await a().enqueue(conv(3));
    const cutoff = new Date(T0 + 2500);
    const [x, y] = await Promise.all([a().expire(cutoff), b().expire(cutoff)]);
    expect([...x, ...y].map((c) => c.sessionId)).toEqual([conv(2).sessionId]);
    expect((await a().list()).map((c) => c.sessionId)).toEqual([conv(3).sessionId]);
  });

  it('holds messages for the user in order and releases each new one to one caller only', async () => {
    const id = conv(9).sessionId;
    const say = (text: string) => ({ type: 'text' as const, text, agent: '话务员1' });
    const before = Date.now();
    await a().hold(id, [say('一'), say('二')]);
    await b().hold(id, [say('三')]);
    // Two instances release at once: one gets all three, in order, numbered upwards; the other nothing.
    const [x, y] = await Promise.all([a().release(id), b().release(id)]);
    const got = [x, y].sort((p, q) => q.length - p.length);
    expect(got.map((r) => r.map((h) => h.message.text))).toEqual([['一', '二', '三'], []]);
    const seqs = got[0]!.map((h) => h.seq);
    expect(seqs[1]! - seqs[0]!).toBeGreaterThanOrEqual(1);
    expect(seqs[2]! - seqs[1]!).toBeGreaterThanOrEqual(1);
    // A seq is never below the time it was given (ms): numbering stays upwards after the counters expire.
    expect(seqs[0]).toBeGreaterThanOrEqual(before);
    // Sent: the next release has only what came since.
    await b().hold(id, [say('四')]);
    const next = await a().release(id);
    expect(next.map((h) => h.message.text)).toEqual(['四']);
    expect(next[0]!.seq).toBeGreaterThan(seqs[2]!);
  });

  it('keeps the sent messages until the page acknowledges them, and gives them again, first, when it comes back', async () => {
    const id = conv(10).sessionId;
    const say = (text: string) => ({ type: 'text' as const, text });
    await a().hold(id, [say('甲'), say('乙')]);
    const sent = await a().release(id); // to a socket that died unnoticed
    await b().hold(id, [say('丙')]);
    // The page is back (on the other instance): the unacknowledged ones, then the new one, in order.
    const again = await b().release(id, true);
    expect(again.map((h) => h.message.text)).toEqual(['甲', '乙', '丙']);
    expect(again.slice(0, 2)).toEqual(sent);
    // The page showed up to 乙: only 丙 remains to give again; after acknowledging it, nothing.
    await a().acknowledge(id, sent[1]!.seq);
    expect((await b().release(id, true)).map((h) => h.message.text)).toEqual(['丙']);
    expect(await a().release(id)).toEqual([]);
    await b().acknowledge(id, again[2]!.seq);
    expect(await a().release(id, true)).toEqual([]);
    // Unknown sessions: nothing to give, and acknowledging is harmless.
    await a().acknowledge('live-store-nobody', 5);
    expect(await b().release('live-store-nobody', true)).toEqual([]);
  });

  it('keeps at most HELD_KEPT unacknowledged messages, the newest', async () => {
    const id = conv(11).sessionId;
    const many = Array.from({ length: HELD_KEPT + 5 }, (_, i) => ({ type: 'text' as const, text: `第${i + 1}条` }));
    await a().hold(id, many);
    const kept = await b().release(id, true);
    expect(kept).toHaveLength(HELD_KEPT);
    expect(kept[0]!.message.text).toBe('第6条');
    expect(kept.at(-1)!.message.text).toBe(`第${HELD_KEPT + 5}条`);
  });

  it('remembers the queue place each waiting user was last told, from joining on', async () => {
    const four = conv(4, T0 + 10_000);
    const five = conv(5, T0 + 11_000);
    const placeOfFour = await a().enqueue(four);
    expect(await b().enqueue(five)).toBe(placeOfFour + 1);
    // Joining told them their place; telling it again returns what was told before.
    expect(await b().tellPlace(four.sessionId, placeOfFour)).toBe(placeOfFour);
    expect(await a().tellPlace(five.sessionId, placeOfFour)).toBe(placeOfFour + 1);
    expect(await b().tellPlace(five.sessionId, placeOfFour)).toBe(placeOfFour);
    expect(await a().tellPlace('live-store-nobody', 3)).toBeUndefined();
    await a().finish(four.sessionId);
    await b().finish(five.sessionId);
  });

  it('counts the operators seen recently', async () => {
    await a().present('op1', new Date(T0));
    await b().present('op2', new Date(T0 + 40_000));
    expect(await a().presentCount(new Date(T0 + 10_000))).toBe(1);
    expect(await b().presentCount(new Date(T0 - 1))).toBe(2);
  });
});

describe('the live bus over Redis', () => {
  it('carries events between instances, each delivered once', async () => {
    const one = await createRedisLiveBus({ client: redis.client, url: redis.redis.url });
    const two = await createRedisLiveBus({ client: redis.client, url: redis.redis.url });
    const heardOne: LiveEvent[] = [];
    const heardTwo: LiveEvent[] = [];
    one.subscribe((e) => heardOne.push(e));
    two.subscribe((e) => heardTwo.push(e));
    one.publish({ kind: 'queue' });
    two.publish({ kind: 'deliver', sessionId: 'live-bus-000001' });
    await waitFor(() => heardOne.length === 2 && heardTwo.length === 2, 5000, 'events on both instances');
    await new Promise((r) => setTimeout(r, 100));
    expect(heardOne).toHaveLength(2);
    expect(heardTwo).toEqual(expect.arrayContaining(heardOne));
    await one.close();
    await two.close();
  });

  it('hash-tags every key of the desk', () => {
    const keys = liveDeskKeys();
    for (const key of [keys.queue, keys.conversations, keys.assignments, keys.takes, keys.operators, keys.messages('abc'), keys.held('abc'), keys.heldSeq('abc'), keys.place('abc')]) expect(key).toContain('{live}');
  });
});
