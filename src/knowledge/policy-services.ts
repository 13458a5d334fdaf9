/**
 * The enterprise registry, the 免申即享 notices and the policy analytics as the server runs them:
 * in Redis (shared by every instance) or in files under DATA_DIR, the registry seeded from the
 * knowledge-base folder when empty (its enterprises.json, else the synthetic sample), and the scan
 * run over the published policies when the knowledge base is published or the registry replaced.
 */
import { resolve } from 'node:path';
import { loadEnterprises, type KnowledgeBase } from '../kb';
import {
  createNoticeService,
  memoryNoticeSink,
  type EnterpriseRegistry,
  type NoticeService,
  type NoticeSink,
  type NoticeStore,
  type PolicyNotice,
  type PolicyStatsStore,
  type ScannablePolicy,
  type ScanSummary,
} from '../policies';
import {
  closeRedisClient,
  createFileEnterpriseRegistry,
  createFileNoticeStore,
  createFilePolicyStats,
  createRedisClient,
  createRedisEnterpriseRegistry,
  createRedisNoticeStore,
  createRedisPolicyStats,
  type RedisTarget,
} from '../storage';

export interface PolicyServicesOptions {
  redisUrl?: RedisTarget | undefined;
  dataDir: string;
  /** Seeds an empty registry (KB_DIR). */
  kbDir: string;
  /** Where new notices go; default: kept in memory only (the NOTIFY_URL outbox is connected by the composition root). */
  sink?: NoticeSink;
  /** The date a scan counts establishedYears to (today in China). */
  today: () => string;
  onError?: (err: unknown, where: string) => void;
  onInfo?: (message: string, fields: Record<string, unknown>) => void;
}

export interface PolicyServices {
  registry: EnterpriseRegistry;
  notices: NoticeStore;
  stats: PolicyStatsStore;
  /** Whether the registry was seeded from the knowledge-base folder as it opened (a scan is due). */
  seeded: boolean;
  /** The 免申即享 scan of the registry against this knowledge base's policies. */
  scan(kb: KnowledgeBase): Promise<ScanSummary>;
  /** What an enterprise has been told, by its credit code (for the chat). */
  noticesFor(creditCode: string): Promise<PolicyNotice[]>;
  close(): Promise<void>;
}

export function scannablePolicies(kb: KnowledgeBase): ScannablePolicy[] {
  return kb.entries.flatMap((e) => (e.kind === 'policy' ? [e] : []));
}

export async function openPolicyServices(opts: PolicyServicesOptions): Promise<PolicyServices> {
  let registry: EnterpriseRegistry;
  let notices: NoticeStore;
  let stats: PolicyStatsStore;
  let closeClient = async () => {};
  if (opts.redisUrl) {
    const client = createRedisClient(opts.redisUrl, (err) => opts.onError?.(err, 'redis error (policies)'));
    await client.connect();
    registry = createRedisEnterpriseRegistry({ client });
    notices = createRedisNoticeStore({ client });
    stats = createRedisPolicyStats({ client });
    closeClient = () => closeRedisClient(client);
  } else {
    const dir = resolve(opts.dataDir);
    registry = createFileEnterpriseRegistry({ dir });
    notices = await createFileNoticeStore({ dir, onRepair: (detail) => opts.onInfo?.('policy notices journal repaired', { detail }) });
    stats = createFilePolicyStats({ dir });
  }
  const seeded = await seedRegistry(registry, opts.kbDir);
  if (seeded) opts.onInfo?.('enterprise registry seeded', seeded);
  const service: NoticeService = createNoticeService({
    registry,
    store: notices,
    sink: opts.sink ?? memoryNoticeSink(),
    onSent: (n) => stats.recordNotices(n),
    onSendError: (err, notice) => opts.onError?.(err, `policy notice ${notice.policyId} not sent`),
  });
  return {
    registry,
    notices,
    stats,
    seeded: seeded !== undefined,
    scan: (kb) => service.scan(scannablePolicies(kb), opts.today()),
    noticesFor: (code) => service.noticesFor(code),
    async close() {
      await notices.close();
      await stats.close();
      await registry.close();
      await closeClient();
    },
  };
}

/** An empty registry that never had an import takes the knowledge-base folder's. */
async function seedRegistry(registry: EnterpriseRegistry, kbDir: string): Promise<Record<string, unknown> | undefined> {
  const info = await registry.info();
  if (info.count > 0 || info.importedAt) return undefined;
  const loaded = loadEnterprises(resolve(kbDir));
  if (!loaded) return undefined;
  const { file, from } = loaded;
  await registry.replace(file.enterprises, { source: `seed: ${from}`, importedAt: new Date().toISOString(), ...(file.synthetic ? { synthetic: true } : {}) });
  return { from, enterprises: file.enterprises.length, synthetic: file.synthetic ?? false };
}

/** A policy's title in the knowledge base (for the analytics), or undefined. */
export function policyTitleIn(kb: KnowledgeBase, id: string): string | undefined {
  const entry = kb.entries.find((e) => e.id === id);
  return entry?.kind === 'policy' ? entry.title : undefined;
}
