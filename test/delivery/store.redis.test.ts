import { randomUUID } from 'node:crypto';
import { createRedisTicketStore } from '../../src/storage/redis/ticket-store';
import type { TicketStore } from '../../src/tickets/store';
import { startRedisServer, type RedisServerHandle } from '../support/redis-server';
import { DIGEST_VERSION } from '../../src/tickets/digest';
import { makeState, makeTicket, ticketId } from '../support/tickets';
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
