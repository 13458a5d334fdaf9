/**
 * node-redis clients as qihu uses them: created to fail fast while disconnected, opened from a URL
 * or borrowed from the caller, and closed gracefully (or dropped when a graceful close fails).
 */
import { createClient, type RedisClientType } from 'redis';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRedisClient = RedisClientType<any, any, any, any, any>;

export interface RedisClientOptions {
  /**
   * node-redis's per-command timeout (its default: 5 s). 0 turns it off for a client on a hot path,
   * whose callers bound their waits themselves (src/util/deadline.ts): the timeout costs an
   * AbortSignal, a timer and a listener per command.
   */
  commandTimeoutMs?: number;
  /** Commands waiting for Redis at most; more are refused at once (bounds memory while Redis stalls). */
  maxQueuedCommands?: number;
}

/** Create a node-redis client that fails fast while disconnected (no offline queue) and reconnects. */
export function createRedisClient(url: string, onError?: (err: Error) => void, opts: RedisClientOptions = {}): AnyRedisClient {
  const client = createClient({
    url,
    disableOfflineQueue: true,
    socket: { connectTimeout: 2000, reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 1000) },
    ...(opts.commandTimeoutMs === undefined ? {} : { commandOptions: { timeout: opts.commandTimeoutMs } }),
    ...(opts.maxQueuedCommands === undefined ? {} : { commandsQueueMaxLength: opts.maxQueuedCommands }),
  });
  client.on('error', (err: unknown) => onError?.(err instanceof Error ? err : new Error(String(err))));
  return client as AnyRedisClient;
}

export interface RedisClientSource {
  /** redis:// URL: a client is created and connected, and owned by the caller of openRedisClient. */
  url?: string;
  /** Or a connected client owned by someone else. */
  client?: AnyRedisClient;
  /** Called with connection errors of a client created from url (it reconnects by itself). */
  onError?: (err: Error) => void;
}

/**
 * The given client (owned: false), or a new one connected to url (owned: true: close it with
 * closeRedisClient). Throws `<who> needs url or client` when neither is given.
 */
export async function openRedisClient(source: RedisClientSource, who: string): Promise<{ client: AnyRedisClient; owned: boolean }> {
  if (source.client) return { client: source.client, owned: false };
  if (!source.url) throw new Error(`${who} needs url or client`);
  const client = createRedisClient(source.url, source.onError);
  await client.connect();
  return { client, owned: true };
}

/** Closes a client gracefully (pending replies are awaited); if that fails, drops the connection. */
export async function closeRedisClient(client: { close(): Promise<unknown>; destroy(): unknown }): Promise<void> {
  try {
    await client.close();
  } catch {
    client.destroy();
  }
}
