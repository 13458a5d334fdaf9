/**
 * node-redis clients as qihu uses them: created (./connect.ts) to fail fast while disconnected, opened
 * from a URL or connection or borrowed from the caller, and closed gracefully (or dropped when a
 * graceful close fails).
 */
import { createRedisClient, type AnyRedisClient, type RedisTarget } from './connect';

export { createRedisClient, type AnyRedisClient, type RedisClientOptions, type RedisTarget } from './connect';

export interface RedisClientSource {
  /** redis:// URL or a Sentinel/Cluster connection: a client is created and connected, owned by the caller. */
  url?: RedisTarget;
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
