/** The knowledge store the configuration asks for: shared in Redis, or files under DATA_DIR/kb/. */
import { resolve } from 'node:path';
import type { KbStore } from '../kb/store';
import { createFileKbStore, createRedisKbStore, type RedisTarget } from '../storage';

export interface OpenKbStoreOptions {
  /** Redis (a URL or a Sentinel/Cluster connection): set → the shared Redis store; unset → files under dataDir/kb/. */
  redisUrl?: RedisTarget;
  /** DATA_DIR. */
  dataDir: string;
  /** Redis key prefix (default "qihu:"). */
  prefix?: string;
  onError?: (err: Error) => void;
  /** Told what opening the file journal repaired (embedded default only). */
  onRepair?: (message: string) => void;
}

/** The store the configuration asks for. */
export async function openKbStore(opts: OpenKbStoreOptions): Promise<KbStore> {
  if (opts.redisUrl) return createRedisKbStore({ url: opts.redisUrl, prefix: opts.prefix, onError: opts.onError });
  return createFileKbStore({ dir: resolve(opts.dataDir), ...(opts.onRepair ? { onRepair: opts.onRepair } : {}) });
}
