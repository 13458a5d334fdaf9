/**
 * The enterprise registry, the 免申即享 scan, its notices (kept once per policy and enterprise) and
 * the verification list, and the analytics counters: the same behaviour from the file stores under
 * a temporary DATA_DIR and from the Redis stores on a private redis-server.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { orgCodeCheckChar, usccCheckChar } from '../../src/identifiers';
import {
  createNoticeService,
  memoryNoticeSink,
  type EnterpriseRegistry,
  type NoticeSink,
  type NoticeStore,
  type PolicyNotice,
  type PolicyStatsStore,
  type RegisteredEnterprise,
  type ScannablePolicy,
} from '../../src/policies';
import {
  createFileEnterpriseRegistry,
  createFileNoticeStore,
  createFilePolicyStats,
  createRedisEnterpriseRegistry,
  createRedisNoticeStore,
  createRedisPolicyStats,
} from '../../src/storage';
import { useRedis } from '../support/redis-server';

/** A valid credit code made from a number (both check characters computed). */
function code(n: number): string {
  const org = String(10_000_000 + n).slice(-8);
  const first17 = `91990000${org}${orgCodeCheckChar(org)}`;
  return first17 + usccCheckChar(first17);
}

const ent = (n: number, over: Partial<RegisteredEnterprise> = {}): RegisteredEnterprise => ({
  id: code(n),
  name: `示例企业${n}`,
  creditCode: code(n),
  district: '示例区',
  employees: 10,
  qualifications: [],
  ...over,
});

/** 免申即享: registered in 示例区 and at most 30 employees. */
const SMALL: ScannablePolicy = {
  id: 'policy-small',
  title: '小微企业免申即享补贴',
  noApplication: true,
  benefits: '每户 1 万元',
  rules: {
    all: [
      { id: 'district', fact: 'district', op: 'in', value: ['示例区'], text: '在示例区登记' },
      { id: 'staff', fact: 'employees', op: '<=', value: 30, text: '从业人员30人以下' },
    ],
  },
};
/** Needs an application: never scanned. */
const APPLY: ScannablePolicy = { ...SMALL, id: 'policy-apply', noApplication: false };
/** 免申即享 but past its validTo: not scanned. */
const EXPIRED: ScannablePolicy = { ...SMALL, id: 'policy-expired', validTo: '2020-12-31' };

const ON = '2026-12-05';

interface Stores {
  registry: EnterpriseRegistry;
  notices: NoticeStore;
  stats: PolicyStatsStore;
  close(): Promise<void>;
}

function suite(name: string, open: () => Promise<Stores>, reopen: () => Promise<Stores>) {
  describe(name, () => {
    let s: Stores;
    beforeEach(async () => {
      s = await open();
    });
    afterEach(() => s.close());

    it('replaces the registry as a whole, finds by credit code, lists in order, and keeps it across a reopen', async () => {
      expect(await s.registry.count()).toBe(0);
      const first = Array.from({ length: 2500 }, (_, i) => ent(i));
      await s.registry.replace(first, { source: 'a.csv', importedAt: '2026-12-05T08:00:00.000Z' });
      await s.registry.replace([ent(7, { name: '新的企业' }), ent(8)], { source: 'b.csv', importedAt: '2026-12-05T09:00:00.000Z' });
      expect(await s.registry.info()).toEqual({ count: 2, source: 'b.csv', importedAt: '2026-12-05T09:00:00.000Z' });
      expect((await s.registry.findByCreditCode(code(7)))?.name).toBe('新的企业');
      expect(await s.registry.findByCreditCode(code(100))).toBeUndefined();
      const listed: string[] = [];
      for await (const e of s.registry.list()) listed.push(e.name);
      expect(listed).toEqual(['新的企业', '示例企业8']);
      await s.close();
      s = await reopen();
      expect(await s.registry.count()).toBe(2);
      expect((await s.registry.findByCreditCode(code(8)))?.id).toBe(code(8));
    });

    it('a scan sends each eligible enterprise one notice, however often it runs; unknown ones go to the verification list only', async () => {
      await s.registry.replace(
        [
          ent(1), // eligible
          ent(2, { employees: 200 }), // ineligible
          ent(3, { employees: undefined }), // unknown: employees missing
          ent(4, { district: '东城区' }), // ineligible
          ent(5, { creditCode: undefined, id: 'ent-no-code', employees: 3 }), // eligible, no code
        ],
        {},
      );
      const sink = memoryNoticeSink();
      const service = createNoticeService({ registry: s.registry, store: s.notices, sink, onSent: (n) => s.stats.recordNotices(n), now: () => new Date('2026-12-05T10:00:00Z') });
      const first = await service.scan([SMALL, APPLY, EXPIRED], ON);
      expect(first.enterprises).toBe(5);
      expect(first.policies).toEqual([{ policyId: 'policy-small', eligible: 2, unknown: 1, ineligible: 2, noticesSent: 2 }]);
      expect(sink.sent.map((n) => n.enterpriseId).sort()).toEqual([code(1), 'ent-no-code'].sort());
      expect(sink.sent[0]).toMatchObject({ policyId: 'policy-small', policyTitle: '小微企业免申即享补贴', benefit: '每户 1 万元', met: ['district', 'staff'] });

      const again = await service.scan([SMALL], ON);
      expect(again.policies[0]!.noticesSent).toBe(0);
      expect(sink.sent).toHaveLength(2);
      expect((await s.notices.list({ offset: 0, limit: 10 })).total).toBe(2);

      const mine = await service.noticesFor(code(1).toLowerCase().replace(/(.{4})/g, '$1 '));
      expect(mine.map((n) => n.policyId)).toEqual(['policy-small']);
      expect(await service.noticesFor(code(2))).toEqual([]);

      const verify = await s.notices.verification({ offset: 0, limit: 10 });
      expect(verify.total).toBe(1);
      expect(verify.items[0]).toMatchObject({ policyId: 'policy-small', enterpriseId: code(3), missing: [{ id: 'staff', text: '从业人员30人以下', fact: 'employees' }] });
      expect((await s.notices.verification({ policyId: 'policy-apply', offset: 0, limit: 10 })).total).toBe(0);
      expect((await s.stats.read()).noticesSent).toBe(2);

      // The registry learns enterprise 3's employees: the next scan tells it and clears it from the list.
      await s.registry.replace([ent(1), ent(3, { employees: 12 })], {});
      const third = await service.scan([SMALL], ON);
      expect(third.policies[0]).toMatchObject({ eligible: 2, unknown: 0, noticesSent: 1 });
      expect((await s.notices.verification({ offset: 0, limit: 10 })).total).toBe(0);
      await s.close();
      s = await reopen();
      // Kept across a restart: a scan after it sends nothing new.
      const service2 = createNoticeService({ registry: s.registry, store: s.notices, sink });
      expect((await service2.scan([SMALL], ON)).policies[0]!.noticesSent).toBe(0);
      expect(sink.sent).toHaveLength(3);
    });

    it('a notice the sink refuses is dropped, so the next scan sends it', async () => {
      await s.registry.replace([ent(1)], {});
      let down = true;
      const got: PolicyNotice[] = [];
      const sink: NoticeSink = {
        async enqueue(n) {
          if (down) throw new Error('outbox unavailable');
          got.push(n);
        },
      };
      const errors: unknown[] = [];
      const service = createNoticeService({ registry: s.registry, store: s.notices, sink, onSendError: (err) => errors.push(err) });
      expect((await service.scan([SMALL], ON)).sendFailures).toBe(1);
      expect(errors).toHaveLength(1);
      expect((await s.notices.list({ offset: 0, limit: 10 })).total).toBe(0);
      down = false;
      expect((await service.scan([SMALL], ON)).policies[0]!.noticesSent).toBe(1);
      expect(got).toHaveLength(1);
    });

    it('counts matches, the policies matched and the facts missing, most first', async () => {
      await s.stats.recordMatch({ eligible: ['p1', 'p2'], missingFacts: ['revenue'] });
      await s.stats.recordMatch({ eligible: ['p2'], missingFacts: ['revenue', 'employees'] });
      await s.stats.recordNotices(3);
      await s.close();
      s = await reopen();
      expect(await s.stats.read()).toEqual({
        matchesAsked: 2,
        noticesSent: 3,
        policiesMatched: [
          { policyId: 'p2', count: 2 },
          { policyId: 'p1', count: 1 },
        ],
        missingFacts: [
          { fact: 'revenue', count: 2 },
          { fact: 'employees', count: 1 },
        ],
      });
    });
  });
}

let dir: string;
const openFiles = async (): Promise<Stores> => {
  const registry = createFileEnterpriseRegistry({ dir });
  const notices = await createFileNoticeStore({ dir });
  const stats = createFilePolicyStats({ dir, flushMs: 10 });
  return { registry, notices, stats, close: async () => (await notices.close(), await stats.close()) };
};
suite(
  'files under DATA_DIR',
  async () => {
    dir = mkdtempSync(join(tmpdir(), 'qihu-notices-'));
    return openFiles();
  },
  openFiles,
);
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

const redis = useRedis();
let prefix = 0;
const openRedis = async (): Promise<Stores> => {
  const o = { client: redis.client, prefix: `t${prefix}:` };
  return { registry: createRedisEnterpriseRegistry(o), notices: createRedisNoticeStore(o), stats: createRedisPolicyStats(o), close: async () => {} };
};
suite(
  'Redis',
  async () => {
    prefix++;
    return openRedis();
  },
  openRedis,
);
