import { randomUUID } from 'node:crypto';
import { redisKeys, SEARCH_INDEX_VERSION } from '../../src/storage/redis/keys';
import { createRedisTicketStore, type RedisTicketStore } from '../../src/storage/redis/ticket-store';
import { TICKET_TEXT_SCAN_MAX, TicketQuery } from '../../src/tickets/search';
import type { TicketStore } from '../../src/tickets/store';
import { startRedisServer, type RedisServerHandle } from '../support/redis-server';
import { DIGEST_VERSION } from '../../src/tickets/digest';
import { makeState, makeTicket, makeUscc, ticketId } from '../support/tickets';
import { runStoreContract } from './store.contract';

let redis: RedisServerHandle;
let prefix = '';
let open: TicketStore[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis.stop();
});

runStoreContract('redis', {
  async setup() {
    prefix = `t-${randomUUID().slice(0, 8)}:`;
    open = [];
  },
  async open() {
    const s = await createRedisTicketStore({ url: redis.url, prefix });
    open.push(s);
    return s;
  },
  async crash() {
    await redis.kill9();
    await redis.restart();
  },
  async teardown() {
    await Promise.all(open.map((s) => s.close()));
    open = [];
  },
});

describe('digests in Redis', () => {
  it('are built on open for tickets stored before them (or under another DIGEST_VERSION)', async () => {
    const p = `t-${randomUUID().slice(0, 8)}:`;
    const first = await createRedisTicketStore({ url: redis.url, prefix: p });
    for (let i = 1; i <= 30; i++) {
      const t = makeTicket(i);
      await first.createTicket(t, makeState(t));
    }
    await first.applyStatus(ticketId(2), { status: 'resolved', at: '2026-11-26T10:00:00+08:00', answer: '已答复' });
    // As an older qihu left it: no digests, no indexes, no version.
    await first.client.del([first.keys.digests, first.keys.digestVersion, ...(['created', 'open', 'answered', 'rated'] as const).map((i) => first.keys.digestIndex(i))]);
    expect(await first.countDigests({ index: 'created' })).toBe(0);
    const second = await createRedisTicketStore({ url: redis.url, prefix: p });
    try {
      // Exactly these 30: the contract's tickets under other prefixes on this server are not scanned in.
      expect(await second.countDigests({ index: 'created' })).toBe(30);
      expect(await second.countDigests({ index: 'open' })).toBe(29);
      expect(await second.listDigests({ index: 'answered' })).toEqual([expect.objectContaining({ id: ticketId(2), status: 'resolved' })]);
      expect(await second.client.get(second.keys.digestVersion)).toBe(String(DIGEST_VERSION));
    } finally {
      await second.close();
      await first.close();
    }
  });
});

describe('ticket search indexes on Redis', () => {
  const mine: TicketStore[] = [];
  afterEach(async () => {
    await Promise.all(mine.splice(0).map((s) => s.close()));
  });
  const openStore = async (p: string) => {
    const s = await createRedisTicketStore({ url: redis.url, prefix: p });
    mine.push(s);
    return s;
  };

  it('indexes, once, the tickets stored before the indexes existed', async () => {
    const p = `t-${randomUUID().slice(0, 8)}:`;
    const keys = redisKeys(p);
    const first = await openStore(p);
    const old = [makeTicket(1, { createdAt: '2026-11-20T09:00:00+08:00' }), makeTicket(2, { createdAt: '2026-11-21T09:00:00+08:00' })];
    for (const t of old) await first.createTicket(t, makeState(t));
    const client = (first as RedisTicketStore).client;
    // As a store of the previous version left them: the tickets, no phone index, no version.
    await client.del([keys.ticketsByPhone('13800138000'), keys.searchIndexVersion]);
    expect((await first.searchTickets(TicketQuery.parse({ phone: '13800138000' }))).hits).toEqual([]);

    const next = await openStore(p);
    expect(await client.get(keys.searchIndexVersion)).toBe(SEARCH_INDEX_VERSION);
    expect((await next.searchTickets(TicketQuery.parse({ phone: '13800138000' }))).hits.map((h) => h.digest.id)).toEqual([ticketId(2), ticketId(1)]);
    // Key names hold neither the phone number nor the username.
    const t = makeTicket(3, { createdAt: '2026-11-22T09:00:00+08:00' });
    await next.createTicket(t, makeState(t), { filedBy: 'zhang.san' });
    const names = (await client.keys(`${p}*`)).join('\n');
    expect(names).not.toContain('13800138000');
    expect(names).not.toContain('zhang.san');
  });

  it('reads at most the newest TICKET_TEXT_SCAN_MAX tickets for a text, and says so; a phone finds older ones', async () => {
    const p = `t-${randomUUID().slice(0, 8)}:`;
    const store = await openStore(p);
    const total = TICKET_TEXT_SCAN_MAX + 5;
    const base = Date.parse('2026-01-05T09:00:00+08:00');
    // In batches of 100: with 500 tickets' commands queued at once, one could wait past node-redis's
    // 5 s command timeout on a loaded CI machine (tickets arrive one by one in service).
    for (let from = 1; from <= total; from += 100) {
      await Promise.all(
        Array.from({ length: Math.min(100, total - from + 1) }, (_, i) => {
          const n = from + i;
          const t = makeTicket(n, {
            createdAt: new Date(base + n * 60_000).toISOString().replace('Z', '+00:00'),
            ...(n === 1 ? { enterprise: { name: '最早的一家公司', creditCode: makeUscc(1), district: '东城区' }, contact: { name: '赵六', phone: '13700000001' } } : {}),
          });
          return store.createTicket(t, makeState(t));
        }),
      );
    }
    const oldest = await store.searchTickets(TicketQuery.parse({ text: '最早的一家' }));
    expect(oldest).toEqual({ hits: [], truncated: true });
    expect((await store.searchTickets(TicketQuery.parse({ phone: '13700000001' }))).hits.map((h) => h.digest.enterprise)).toEqual(['最早的一家公司']);
    expect((await store.searchTickets(TicketQuery.parse({ text: ticketId(1) }))).hits).toHaveLength(1);
    const newest = await store.searchTickets(TicketQuery.parse({ text: '示例科技', limit: 3 }));
    expect(newest.hits.map((h) => h.digest.id)).toEqual([total, total - 1, total - 2].map((n) => ticketId(n)));
    expect(newest.truncated).toBe(false);
  }, 60_000);
});
