/**
 * The editable, versioned knowledge base (see docs/knowledge-editing.md): one KbStore interface,
 * a Redis implementation (REDIS_URL) and a file implementation (DATA_DIR/kb/) behind it.
 */
import { resolve } from 'node:path';
import { createFileKbStore } from './file-store';
import { createRedisKbStore } from './redis-store';
import type { KbStore } from './types';
import type { RedisTarget } from '../../storage/redis/client';

export * from './types';
export { diffValues, diffEntries, sameValue } from './diff';
export { filterEntries, fold } from './search';
export { createKbStore, type CoreOptions } from './core';
export type { KbBackend, Commit, DraftSnapshot } from './backend';
export { createFileKbStore, createFileKbBackend, KbJournalError, KB_SUBDIR, JOURNAL_FILE, PUBLISHED_FILE, type FileKbStoreOptions } from './file-store';
export { createRedisKbStore, createRedisKbBackend, type RedisKbStoreOptions } from './redis-store';
export { kbRedisKeys, DEFAULT_KB_PREFIX, type KbRedisKeys } from './redis-keys';

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
