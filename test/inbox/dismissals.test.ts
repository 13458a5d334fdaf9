/**
 * Inbox dismissals, one contract for the three stores (memory, a file under DATA_DIR, Redis), and
 * what only Redis gives: two instances see each other's dismissals, and the cap drops the oldest.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileDismissalStore, createMemoryDismissalStore, type DismissalStore } from '../../src/inbox/dismissals';
import { createRedisDismissalStore } from '../../src/storage/redis/dismissals';
import { createRedisClient } from '../../src/storage/redis/client';
import { useRedis } from '../support/redis-server';
import { api, ask, startInboxQihu } from './support';

const shared = useRedis();
let dir: string;
let n = 0;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qihu-dismissals-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const t1 = new Date('2026-12-01T08:00:00.000Z');
const t2 = new Date('2026-12-01T09:30:00.000Z');

describe.each<[string, () => DismissalStore]>([
  ['memory', () => createMemoryDismissalStore()],
  ['file', () => createFileDismissalStore(join(dir, `dismissed-${++n}.json`))],
  ['redis', () => createRedisDismissalStore({ client: shared.client, prefix: `test-${++n}:` })],
])('dismissals (%s)', (_name, make) => {
  it('starts empty, keeps each dismissed question with its time', async () => {
    const store = make();
    expect(await store.list()).toEqual([]);
    expect(await store.dismiss(['开药店 材料', '药店 多久'], t1, 'editor')).toBe(2);
    const listed = await store.list();
    expect(listed).toHaveLength(2);
    expect(new Set(listed.map((d) => d.norm))).toEqual(new Set(['开药店 材料', '药店 多久']));
    for (const d of listed) expect(d.at).toBe(t1.toISOString());
  });

  it('a question dismissed again takes the later time, once', async () => {
    const store = make();
    await store.dismiss(['营业执照 补办'], t1, 'a');
    await store.dismiss(['营业执照 补办', '社保 转移'], t2, 'b');
    const listed = await store.list();
    expect(listed.filter((d) => d.norm === '营业执照 补办')).toEqual([{ norm: '营业执照 补办', at: t2.toISOString() }]);
    expect(listed).toHaveLength(2);
  });

  it('nothing to dismiss changes nothing', async () => {
    const store = make();
    expect(await store.dismiss([], t1, 'a')).toBe(0);
    expect(await store.list()).toEqual([]);
  });
});

describe('dismissals in Redis', () => {
  it('two instances sharing Redis see each other’s dismissals', async () => {
    const prefix = `shared-${++n}:`;
    const a = createRedisDismissalStore({ client: shared.client, prefix });
    const other = createRedisClient(shared.redis.url);
    await other.connect();
    try {
      const b = createRedisDismissalStore({ client: other, prefix });
      await a.dismiss(['公积金 提取'], t1, 'editor-a');
      expect(await b.list()).toEqual([{ norm: '公积金 提取', at: t1.toISOString() }]);
    } finally {
      await other.close();
    }
  });

  it('keeps at most `max`, dropping the oldest with who dismissed them', async () => {
    const prefix = `cap-${++n}:`;
    const store = createRedisDismissalStore({ client: shared.client, prefix, max: 3 });
    for (let i = 0; i < 5; i++) await store.dismiss([`问题 ${i}`], new Date(t1.getTime() + i * 1000), 'editor');
    expect((await store.list()).map((d) => d.norm)).toEqual(['问题 2', '问题 3', '问题 4']);
    expect((await shared.client.hKeys(`${prefix}by`)).sort()).toEqual(['问题 2', '问题 3', '问题 4']);
  });
});

describe('two qihu instances on one Redis', () => {
  interface Inbox {
    groups: { id: string; examples: { question: string }[] }[];
  }
  const groupWith = async (url: string, text: string) =>
    (await api<Inbox>(url, 'GET', '/api/v1/admin/kb/inbox')).json.groups.find((g) => g.examples.some((e) => e.question === text));

  it('a group dismissed on one is gone from the other’s inbox', async () => {
    const a = await startInboxQihu({ redisUrl: shared.redis.url });
    const b = await startInboxQihu({ redisUrl: shared.redis.url });
    try {
      const question = '月球上能开分公司吗';
      expect((await ask(a.url, question)).first.type).toBe('handoff');
      const group = await groupWith(b.url, question);
      expect(group).toBeDefined();
      expect((await api(a.url, 'POST', `/api/v1/admin/kb/inbox/groups/${group!.id}/dismiss`)).status).toBe(200);
      expect(await groupWith(b.url, question)).toBeUndefined();
    } finally {
      await a.stop();
      await b.stop();
    }
  }, 60_000);
});
