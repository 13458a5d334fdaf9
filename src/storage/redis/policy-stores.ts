/**
 * The enterprise registry, 免申即享 notices and policy analytics in Redis, shared by every instance
 * (keys in keys.ts policyKeys).
 *
 * Registry: each import is a new version (its enterprises as a list of JSON chunks in registry order,
 * and a hash by credit code); one SET of the `current` pointer switches every reader at once. The
 * version before stays, so a scan walking it is not cut short; the one before that is deleted.
 * Notices: HSETNX on `<policyId>|<enterpriseId>` keeps a notice once, then its time and credit-code
 * indexes are written in the same script.
 */
import { z } from 'zod';
import {
  PolicyNotice,
  RegisteredEnterprise,
  RegistryInfo,
  snapshotOf,
  VerificationRow,
  type EnterpriseRegistry,
  type NoticeStore,
  type PolicyStatsStore,
} from '../../policies';
import type { AnyRedisClient } from './client';
import { policyKeys, type PolicyKeys } from './keys';
import { evalScript, inlineScript } from './scripts';

const CHUNK = 1000;
const Current = z.object({ version: z.number().int().min(1), info: RegistryInfo });
const NONE: RegistryInfo = { count: 0 };

export function createRedisEnterpriseRegistry(opts: { client: AnyRedisClient; prefix?: string }): EnterpriseRegistry {
  const { client } = opts;
  const keys = policyKeys(opts.prefix);
  const current = async () => {
    const raw = await client.get(keys.registryCurrent);
    return raw ? Current.parse(JSON.parse(String(raw))) : undefined;
  };
  return {
    async findByCreditCode(code) {
      const c = await current();
      if (!c) return undefined;
      const raw = await client.hGet(keys.registryByCode(c.version), code);
      return raw ? RegisteredEnterprise.parse(JSON.parse(String(raw))) : undefined;
    },
    async *list() {
      const c = await current();
      if (!c) return;
      const chunks = keys.registryChunks(c.version);
      for (let i = 0; ; i++) {
        const [raw] = await client.lRange(chunks, i, i);
        if (raw === undefined) return;
        // Validated when written (replace); parsing again here would double a 免申即享 scan's time.
        yield* JSON.parse(String(raw)) as RegisteredEnterprise[];
      }
    },
    async count() {
      return (await current())?.info.count ?? 0;
    },
    async info() {
      return (await current())?.info ?? NONE;
    },
    async replace(enterprises, info) {
      const valid = enterprises.map((e) => RegisteredEnterprise.parse(e));
      const version = Number(await client.incr(keys.registryVersion));
      for (let i = 0; i < valid.length; i += CHUNK) await client.rPush(keys.registryChunks(version), JSON.stringify(valid.slice(i, i + CHUNK)));
      const byCode = valid.filter((e) => e.creditCode);
      for (let i = 0; i < byCode.length; i += CHUNK) {
        await client.hSet(keys.registryByCode(version), Object.fromEntries(byCode.slice(i, i + CHUNK).map((e) => [e.creditCode!, JSON.stringify(e)])));
      }
      const next: RegistryInfo = { ...info, count: valid.length };
      const before = await current();
      await client.set(keys.registryCurrent, JSON.stringify({ version, info: next }));
      // The version before stays for scans still walking it; older ones go.
      if (before && before.version > 1) await client.del([keys.registryChunks(before.version - 1), keys.registryByCode(before.version - 1)]);
      return next;
    },
    close: async () => {},
  };
}

/** KEYS: notices hash, by-time zset, by-code set (or the hash again when no code). ARGV: id, JSON, ms, has code. */
const ADD_NOTICE = inlineScript(`
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
if ARGV[4] == '1' then redis.call('SADD', KEYS[3], ARGV[1]) end
return 1`);

/** KEYS: as ADD_NOTICE. ARGV: id. */
const FORGET_NOTICE = inlineScript(`
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('SREM', KEYS[3], ARGV[1])
return 1`);

const parseNotices = (raws: unknown[]): PolicyNotice[] => raws.filter((r) => typeof r === 'string').map((r) => PolicyNotice.parse(JSON.parse(r as string)));

export function createRedisNoticeStore(opts: { client: AnyRedisClient; prefix?: string }): NoticeStore {
  const { client } = opts;
  const keys: PolicyKeys = policyKeys(opts.prefix);
  const codeKey = (n: { creditCode?: string | undefined }) => (n.creditCode ? keys.noticesByCode(n.creditCode) : keys.notices);
  const readVerification = async (policyId?: string): Promise<VerificationRow[]> => {
    if (policyId) {
      const raw = await client.hGet(keys.verification, policyId);
      return raw ? z.array(VerificationRow).parse(JSON.parse(String(raw))) : [];
    }
    const all = (await client.hGetAll(keys.verification)) as unknown as Record<string, string>;
    return Object.keys(all)
      .sort()
      .flatMap((id) => z.array(VerificationRow).parse(JSON.parse(String(all[id]))));
  };
  return {
    async add(notice) {
      const n = PolicyNotice.parse(notice);
      const added = await evalScript(client, ADD_NOTICE, [keys.notices, keys.noticesByTime, codeKey(n)], [n.id, JSON.stringify(n), Date.parse(n.createdAt), n.creditCode ? '1' : '0']);
      return Number(added) === 1;
    },
    async forget(id) {
      const raw = await client.hGet(keys.notices, id);
      if (!raw) return;
      const n = PolicyNotice.parse(JSON.parse(String(raw)));
      await evalScript(client, FORGET_NOTICE, [keys.notices, keys.noticesByTime, codeKey(n)], [id]);
    },
    async forCreditCode(code) {
      const ids = [...(await client.sMembers(keys.noticesByCode(code)))].map(String);
      if (!ids.length) return [];
      return parseNotices(await client.hmGet(keys.notices, ids)).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    },
    async list(q) {
      if (q.policyId) {
        // A policy's notices: the ids carry the policy, so the time index is filtered without reading notices.
        const ids = (await client.zRange(keys.noticesByTime, 0, -1, { REV: true })).map(String).filter((id) => id.startsWith(`${q.policyId}|`));
        const page = ids.slice(q.offset, q.offset + q.limit);
        return { total: ids.length, items: page.length ? parseNotices(await client.hmGet(keys.notices, page)) : [] };
      }
      const total = Number(await client.zCard(keys.noticesByTime));
      const ids = (await client.zRange(keys.noticesByTime, q.offset, q.offset + q.limit - 1, { REV: true })).map(String);
      return { total, items: ids.length ? parseNotices(await client.hmGet(keys.notices, ids)) : [] };
    },
    async putVerification(policyId, rows) {
      if (rows.length) await client.hSet(keys.verification, policyId, JSON.stringify(rows));
      else await client.hDel(keys.verification, policyId);
    },
    async verification(q) {
      const rows = await readVerification(q.policyId);
      return { total: rows.length, items: rows.slice(q.offset, q.offset + q.limit) };
    },
    close: async () => {},
  };
}

export function createRedisPolicyStats(opts: { client: AnyRedisClient; prefix?: string }): PolicyStatsStore {
  const { client } = opts;
  const key = policyKeys(opts.prefix).stats;
  return {
    async recordMatch(t) {
      const m = client.multi().hIncrBy(key, 'matches', 1);
      for (const id of t.eligible) m.hIncrBy(key, `policy:${id}`, 1);
      for (const f of t.missingFacts) m.hIncrBy(key, `fact:${f}`, 1);
      await m.exec();
    },
    async recordNotices(n) {
      if (n > 0) await client.hIncrBy(key, 'notices', n);
    },
    async read() {
      const all = (await client.hGetAll(key)) as unknown as Record<string, string>;
      const entries = Object.entries(all).map(([k, v]) => [String(k), Number(v)] as [string, number]);
      const withPrefix = (p: string) => entries.filter(([k]) => k.startsWith(p)).map(([k, v]) => [k.slice(p.length), v] as [string, number]);
      return snapshotOf(Number(all.matches ?? 0), Number(all.notices ?? 0), withPrefix('policy:'), withPrefix('fact:'));
    },
    close: async () => {},
  };
}
