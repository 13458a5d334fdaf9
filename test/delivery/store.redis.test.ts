import { randomUUID } from 'node:crypto';
import { createRedisTicketStore } from '../../src/storage/redis/ticket-store';
import type { TicketStore } from '../../src/tickets/store';
import { startRedisServer, type RedisServerHandle } from '../support/redis-server';
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
