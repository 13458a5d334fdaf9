/**
 * The enterprise registry, 免申即享 notices and policy analytics in files under DATA_DIR: the
 * embedded default, for one instance.
 *   enterprises/registry.json  the whole registry, replaced atomically (temporary file, fsync, rename)
 *   policy-notices.journal     notices, forgotten notices and verification lists, a checksummed
 *                              journal fsynced before each add resolves (a notice kept is never sent twice)
 *   policy-stats.json          the analytics counters, written at most once a second and on close
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync, openSync, fsyncSync, closeSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import {
  memoryRegistry,
  NoticeState,
  PolicyNotice,
  RegisteredEnterprise,
  RegistryInfo,
  StatsCounters,
  VerificationRow,
  type EnterpriseRegistry,
  type NoticeStore,
  type PolicyStatsStore,
} from '../../policies';
import { describeRepair, fsyncDir, JournalWriter, readJournal } from './journal';

/** Writes a file whole or not at all. */
function writeAtomically(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, text, { encoding: 'utf8', mode: 0o600 });
    const fd = openSync(tmp, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
    fsyncDir(dirname(file));
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

const RegistryFile = z.object({ info: RegistryInfo, enterprises: z.array(RegisteredEnterprise) });

export function createFileEnterpriseRegistry(opts: { dir: string }): EnterpriseRegistry {
  const file = join(opts.dir, 'enterprises', 'registry.json');
  const stored = existsSync(file) ? RegistryFile.parse(JSON.parse(readFileSync(file, 'utf8'))) : undefined;
  const { count: _count, ...storedInfo } = stored?.info ?? { count: 0 };
  const memory = memoryRegistry(stored?.enterprises ?? [], storedInfo);
  return {
    ...memory,
    async replace(enterprises, info) {
      const next: RegistryInfo = { ...info, count: enterprises.length };
      writeAtomically(file, JSON.stringify({ info: next, enterprises }));
      return memory.replace(enterprises, info);
    },
  };
}

const NoticeRecord = z.discriminatedUnion('t', [
  z.object({ t: z.literal('notice'), notice: PolicyNotice }),
  z.object({ t: z.literal('forget'), id: z.string() }),
  z.object({ t: z.literal('verify'), policyId: z.string(), rows: z.array(VerificationRow) }),
]);
type NoticeRecord = z.infer<typeof NoticeRecord>;

export async function createFileNoticeStore(opts: { dir: string; onRepair?: (detail: string) => void }): Promise<NoticeStore> {
  const file = join(opts.dir, 'policy-notices.journal');
  const replay = readJournal(file);
  const repaired = describeRepair(file, replay);
  if (repaired) opts.onRepair?.(repaired);
  const state = new NoticeState();
  const apply = (r: NoticeRecord) => {
    if (r.t === 'notice') state.add(r.notice);
    else if (r.t === 'forget') state.notices.delete(r.id);
    else if (r.rows.length) state.verifications.set(r.policyId, r.rows);
    else state.verifications.delete(r.policyId);
  };
  for (const raw of replay.records) {
    const parsed = NoticeRecord.safeParse(raw);
    if (parsed.success) apply(parsed.data);
  }
  const writer = await JournalWriter.open(file);
  // Verification lists are replaced at every scan: compact when the journal holds mostly old ones.
  const live = (): NoticeRecord[] => [
    ...[...state.notices.values()].map((notice): NoticeRecord => ({ t: 'notice', notice })),
    ...[...state.verifications].map(([policyId, rows]): NoticeRecord => ({ t: 'verify', policyId, rows })),
  ];
  if (replay.records.length > 2 * (state.notices.size + state.verifications.size) + 100) await writer.rewrite(live());
  let appends = 0;
  const pending = new Set<string>();
  const write = async (r: NoticeRecord) => {
    await writer.append([r]);
    apply(r);
    if (++appends % 200 === 0 && writer.bytes > 64 * 1024 * 1024) await writer.rewrite(live());
  };
  return {
    async add(notice) {
      // Two adds of one notice at once: the second sees the first pending and keeps nothing.
      if (state.notices.has(notice.id) || pending.has(notice.id)) return false;
      pending.add(notice.id);
      try {
        await write({ t: 'notice', notice });
      } finally {
        pending.delete(notice.id);
      }
      return true;
    },
    async forget(id) {
      if (state.notices.has(id)) await write({ t: 'forget', id });
    },
    forCreditCode: async (code) => state.forCreditCode(code),
    list: async (q) => state.list(q),
    async putVerification(policyId, rows) {
      if (!rows.length && !state.verifications.has(policyId)) return;
      await write({ t: 'verify', policyId, rows: [...rows] });
    },
    verification: async (q) => state.verification(q),
    close: () => writer.close(),
  };
}

const StatsFile = z.object({
  matchesAsked: z.number().int().min(0),
  noticesSent: z.number().int().min(0),
  policies: z.record(z.string(), z.number().int().min(0)),
  facts: z.record(z.string(), z.number().int().min(0)),
});

export function createFilePolicyStats(opts: { dir: string; flushMs?: number }): PolicyStatsStore {
  const file = join(opts.dir, 'policy-stats.json');
  const c = new StatsCounters();
  if (existsSync(file)) {
    const parsed = StatsFile.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (parsed.success) {
      c.matchesAsked = parsed.data.matchesAsked;
      c.noticesSent = parsed.data.noticesSent;
      for (const [k, v] of Object.entries(parsed.data.policies)) c.policies.set(k, v);
      for (const [k, v] of Object.entries(parsed.data.facts)) c.facts.set(k, v);
    }
  }
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    timer = undefined;
    const body = { matchesAsked: c.matchesAsked, noticesSent: c.noticesSent, policies: Object.fromEntries(c.policies), facts: Object.fromEntries(c.facts) };
    writeAtomically(file, JSON.stringify(body));
  };
  // Counters are written at most once per flushMs: a match is not slowed by a write and an fsync.
  const later = () => {
    timer ??= setTimeout(flush, opts.flushMs ?? 1000);
    timer.unref();
  };
  return {
    async recordMatch(t) {
      c.addMatch(t);
      later();
    },
    async recordNotices(n) {
      c.noticesSent += n;
      later();
    },
    read: async () => c.snapshot(),
    async close() {
      if (timer) {
        clearTimeout(timer);
        flush();
      }
    },
  };
}
