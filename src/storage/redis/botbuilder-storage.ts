/**
 * botbuilder's Storage on Redis: the conversation state (src/conversation/state.ts) and Botkit's own
 * conversation state, shared by every qihu instance. Behaves like botbuilder's MemoryStorage:
 *
 * - read(keys): the items that exist, parsed from JSON, each with its eTag; missing keys are left out.
 * - write(changes): an item without an eTag, or with "*", is written whatever is stored (last write
 *   wins); with any other eTag it is written only if the stored item has that eTag or there is no
 *   stored item, else the write fails with an eTag conflict. Every write gives the item a new eTag.
 *   Unlike MemoryStorage a write of several items is all-or-nothing (one Lua script).
 * - delete(keys): removes the items.
 *
 * Each item is one string key `<prefix><key>` holding the item's JSON, with a TTL (default 7 days)
 * refreshed on every write: abandoned conversations expire by themselves.
 */
import { randomUUID } from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder';
import { z } from 'zod';
import { evalScript, inlineScript } from './scripts';
import { closeRedisClient, openRedisClient, type AnyRedisClient, type RedisTarget } from './client';

export const DEFAULT_STORAGE_PREFIX = 'qihu:state:';
export const DEFAULT_STORAGE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export interface RedisStorageOptions {
  /** A connected client owned by the caller (not closed by close()). */
  client?: AnyRedisClient;
  /** Or a redis:// URL or Sentinel/Cluster connection: a client is created, connected and closed with the storage. */
  url?: RedisTarget;
  /** Prepended to every key. Default "qihu:state:". */
  prefix?: string;
  /** Items expire this long after their last write. Default 7 days. */
  ttlMs?: number;
  /** Connection errors of an owned client, and items that are not JSON (skipped when read). */
  onError?: (err: Error) => void;
}

export interface RedisStorage extends Storage {
  readonly prefix: string;
  readonly ttlMs: number;
  close(): Promise<void>;
}

/** Raised when a write's eTag does not match the stored item's (optimistic concurrency). */
export class ETagConflictError extends Error {
  constructor(readonly key: string) {
    super(`Storage: error writing "${key}" due to eTag conflict.`);
    this.name = 'ETagConflictError';
  }
}

/**
 * KEYS: the items' keys. ARGV[1]: TTL in ms; then per key: ARGV[2i] the expected eTag ("" for
 * none: last write wins), ARGV[2i+1] the new JSON. Returns 0 when every item was written, else the
 * 1-based index of the first key whose stored eTag differs (nothing is written then).
 */
const WRITE_SCRIPT = inlineScript(`
for i = 1, #KEYS do
  local expected = ARGV[2 * i]
  if expected ~= '' then
    local current = redis.call('GET', KEYS[i])
    if current then
      local ok, doc = pcall(cjson.decode, current)
      local etag = nil
      if ok and type(doc) == 'table' then etag = doc['eTag'] end
      if etag ~= expected then return i end
    end
  end
end
local ttl = tonumber(ARGV[1])
for i = 1, #KEYS do
  redis.call('SET', KEYS[i], ARGV[2 * i + 1], 'PX', ttl)
end
return 0`);

const WriteReply = z.number().int().min(0);
const StoredItem = z.looseObject({});

export async function createRedisStorage(opts: RedisStorageOptions): Promise<RedisStorage> {
  const prefix = opts.prefix ?? DEFAULT_STORAGE_PREFIX;
  const ttlMs = opts.ttlMs ?? DEFAULT_STORAGE_TTL_MS;
  if (!Number.isInteger(ttlMs) || ttlMs < 1) throw new Error('ttlMs must be a positive integer');
  const { client, owned } = await openRedisClient(opts, 'createRedisStorage');

  const runWrite = async (keys: string[], args: string[]): Promise<number> => WriteReply.parse(await evalScript(client, WRITE_SCRIPT, keys, args));

  return {
    prefix,
    ttlMs,

    async read(keys: string[]): Promise<StoreItems> {
      if (!keys) throw new ReferenceError('Keys are required when reading.');
      const items: StoreItems = {};
      if (keys.length === 0) return items;
      const values = await client.mGet(keys.map((k) => prefix + k));
      keys.forEach((key, i) => {
        const raw = values[i];
        if (typeof raw !== 'string') return;
        try {
          const parsed = StoredItem.safeParse(JSON.parse(raw));
          if (parsed.success) items[key] = parsed.data;
          else opts.onError?.(new Error(`storage item is not an object: ${prefix}${key}`));
        } catch {
          opts.onError?.(new Error(`storage item is not JSON: ${prefix}${key}`));
        }
      });
      return items;
    },

    async write(changes: StoreItems): Promise<void> {
      if (!changes) throw new ReferenceError('Changes are required when writing.');
      const keys = Object.keys(changes);
      if (keys.length === 0) return;
      const args: string[] = [String(ttlMs)];
      for (const key of keys) {
        const item: unknown = changes[key];
        const expected = (item as { eTag?: unknown } | null)?.eTag;
        const condition = typeof expected === 'string' && expected !== '*' ? expected : '';
        args.push(condition, JSON.stringify({ ...(item as object), eTag: randomUUID() }));
      }
      // One unconditional item (the chat's every turn): a plain SET, no script to run.
      if (keys.length === 1 && args[1] === '') {
        await client.set(prefix + keys[0], args[2]!, { PX: ttlMs });
        return;
      }
      const conflict = await runWrite(
        keys.map((k) => prefix + k),
        args,
      );
      if (conflict > 0) throw new ETagConflictError(keys[conflict - 1] ?? '?');
    },

    async delete(keys: string[]): Promise<void> {
      if (!keys || keys.length === 0) return;
      await client.del(keys.map((k) => prefix + k));
    },

    async close() {
      if (owned) await closeRedisClient(client);
    },
  };
}
