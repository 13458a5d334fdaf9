/**
 * The one place where qihu's Redis clients are made. Three deployments, chosen by configuration:
 *
 *   REDIS_URL             one Redis server (redis:// or rediss:// URL);
 *   REDIS_SENTINELS       a master watched by Sentinel: the client asks the sentinels for the current
 *                         master and follows a failover (REDIS_SENTINEL_NAME names the master);
 *   REDIS_CLUSTER_NODES   Redis Cluster: every key carries the hash tag {qihu} (CLUSTER_KEY_PREFIX),
 *                         so every multi-key script, MGET and MULTI stays in one slot.
 *
 * Every client fails fast while its server is unreachable (no offline queue) and reconnects by
 * itself; a Sentinel client instead waits for the new master during a failover and retries the
 * command there (node-redis re-discovers the topology on READONLY or a lost connection).
 * See docs/operations.md, "Redis high availability".
 */
import { createClient, createCluster, createSentinel, type RedisClientType, type RedisClusterType, type RedisSentinelType } from 'redis';

/* eslint-disable @typescript-eslint/no-explicit-any */
/** Any of the three clients: the commands qihu uses (get, evalSha, multi, subscribe, …) exist on each. */
export type AnyRedisClient =
  | RedisClientType<any, any, any, any, any>
  | RedisSentinelType<any, any, any, any, any>
  | RedisClusterType<any, any, any, any, any>;
/* eslint-enable @typescript-eslint/no-explicit-any */

export interface RedisNodeAddress {
  host: string;
  port: number;
}

/** Where Redis is: a URL, a master behind Sentinel, or a cluster. */
export type RedisConnection =
  | { kind: 'url'; url: string }
  | {
      kind: 'sentinel';
      sentinels: RedisNodeAddress[];
      /** The master's name in the sentinels' configuration (sentinel monitor <name> …). */
      name: string;
      username?: string;
      password?: string;
      /** When the sentinels themselves require a password (requirepass in sentinel.conf). */
      sentinelPassword?: string;
    }
  | { kind: 'cluster'; nodes: RedisNodeAddress[]; username?: string; password?: string };

/** A redis:// URL or a RedisConnection: what every option named `url` / `redisUrl` accepts. */
export type RedisTarget = string | RedisConnection;

/**
 * Prepended to every key on Redis Cluster: one hash tag for all of qihu's keys, so scripts over
 * several keys (tickets, conversation state, rate limits, the knowledge base) never cross slots.
 * qihu's data then lives on one shard; the cluster gives failover, not sharding of that data.
 */
export const CLUSTER_KEY_PREFIX = '{qihu}';

/** The configuration variables behind the connection (src/config.ts). */
export interface RedisConnectionConfig {
  REDIS_URL?: string | undefined;
  REDIS_SENTINELS?: string | undefined;
  REDIS_SENTINEL_NAME?: string | undefined;
  REDIS_CLUSTER_NODES?: string | undefined;
  REDIS_USERNAME?: string | undefined;
  REDIS_PASSWORD?: string | undefined;
  REDIS_SENTINEL_PASSWORD?: string | undefined;
}

/**
 * "host:port,host:port" as addresses (IPv6 as [::1]:26379). Throws on an entry without a valid port.
 */
export function parseNodeList(list: string): RedisNodeAddress[] {
  const nodes: RedisNodeAddress[] = [];
  for (const raw of list.split(',')) {
    const entry = raw.trim();
    if (!entry) continue;
    const m = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(entry);
    const port = m ? Number(m[3]) : NaN;
    if (!m || !Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`"${entry}" is not host:port`);
    nodes.push({ host: (m[1] ?? m[2]) as string, port });
  }
  if (nodes.length === 0) throw new Error('no host:port given');
  return nodes;
}

/**
 * The connection the configuration asks for, or undefined for none (the embedded default).
 * Assumes at most one of REDIS_URL, REDIS_SENTINELS and REDIS_CLUSTER_NODES is set (config.ts checks).
 */
export function redisConnectionOf(config: RedisConnectionConfig): RedisConnection | undefined {
  const auth = {
    ...(config.REDIS_USERNAME ? { username: config.REDIS_USERNAME } : {}),
    ...(config.REDIS_PASSWORD ? { password: config.REDIS_PASSWORD } : {}),
  };
  if (config.REDIS_SENTINELS) {
    return {
      kind: 'sentinel',
      sentinels: parseNodeList(config.REDIS_SENTINELS),
      name: config.REDIS_SENTINEL_NAME || 'mymaster',
      ...auth,
      ...(config.REDIS_SENTINEL_PASSWORD ? { sentinelPassword: config.REDIS_SENTINEL_PASSWORD } : {}),
    };
  }
  if (config.REDIS_CLUSTER_NODES) return { kind: 'cluster', nodes: parseNodeList(config.REDIS_CLUSTER_NODES), ...auth };
  if (config.REDIS_URL) return { kind: 'url', url: config.REDIS_URL };
  return undefined;
}

/** For logs: where Redis is, without credentials. */
export function describeRedisTarget(target: RedisTarget): string {
  const c = typeof target === 'string' ? ({ kind: 'url', url: target } as const) : target;
  const list = (nodes: RedisNodeAddress[]) => nodes.map((n) => `${n.host}:${n.port}`).join(',');
  if (c.kind === 'sentinel') return `sentinel ${c.name} via ${list(c.sentinels)}`;
  if (c.kind === 'cluster') return `cluster via ${list(c.nodes)}`;
  try {
    const u = new URL(c.url);
    return `${u.protocol}//${u.host}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return 'redis';
  }
}

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

const socket = {
  connectTimeout: 2000,
  reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 1000),
};

/**
 * Create (not connect) a client for the target that fails fast while disconnected (no offline
 * queue) and reconnects. Connection errors go to onError (a client without an error listener
 * would crash the process).
 */
export function createRedisClient(target: RedisTarget, onError?: (err: Error) => void, opts: RedisClientOptions = {}): AnyRedisClient {
  const c: RedisConnection = typeof target === 'string' ? { kind: 'url', url: target } : target;
  const commandOptions = opts.commandTimeoutMs === undefined ? {} : { commandOptions: { timeout: opts.commandTimeoutMs } };
  const queue = opts.maxQueuedCommands === undefined ? {} : { commandsQueueMaxLength: opts.maxQueuedCommands };
  const auth = {
    ...(c.kind !== 'url' && c.username ? { username: c.username } : {}),
    ...(c.kind !== 'url' && c.password ? { password: c.password } : {}),
  };
  let client: AnyRedisClient;
  if (c.kind === 'sentinel') {
    client = createSentinel({
      name: c.name,
      sentinelRootNodes: c.sentinels,
      nodeClientOptions: { disableOfflineQueue: true, socket, ...queue, ...auth },
      sentinelClientOptions: { socket, ...(c.sentinelPassword ? { password: c.sentinelPassword } : {}) },
      // One connection to the master, as with a single server: commands are pipelined on it, and
      // WAIT (src/storage/redis/ticket-store.ts) covers the writes sent before it.
      masterPoolSize: 1,
      // Connection errors of the master and sentinel connections reach onError.
      passthroughClientErrorEvents: true,
      // Besides the sentinels' +switch-master messages, look at the topology every few seconds.
      scanInterval: 5000,
      ...commandOptions,
    }) as AnyRedisClient;
  } else if (c.kind === 'cluster') {
    client = createCluster({
      rootNodes: c.nodes.map((n) => ({ socket: { host: n.host, port: n.port } })),
      defaults: { disableOfflineQueue: true, socket, ...queue, ...auth },
      keyPrefix: CLUSTER_KEY_PREFIX,
      ...commandOptions,
    }) as AnyRedisClient;
  } else {
    client = createClient({ url: c.url, disableOfflineQueue: true, socket, ...commandOptions, ...queue }) as AnyRedisClient;
  }
  client.on('error', (err: unknown) => onError?.(err instanceof Error ? err : new Error(String(err))));
  return client;
}

/* eslint-disable @typescript-eslint/no-explicit-any */
type AnySentinel = RedisSentinelType<any, any, any, any, any>;
type AnyCluster = RedisClusterType<any, any, any, any, any>;
/* eslint-enable @typescript-eslint/no-explicit-any */
const isSentinel = (client: AnyRedisClient): client is AnySentinel => typeof (client as Partial<AnySentinel>).getMasterNode === 'function';
const isCluster = (client: AnyRedisClient): client is AnyCluster => typeof (client as Partial<AnyCluster>).getSlotMaster === 'function';

/** Where the client's writes go now: the master's host:port behind Sentinel, else undefined. */
export function currentMaster(client: AnyRedisClient): string | undefined {
  if (!isSentinel(client)) return undefined;
  const node = client.getMasterNode();
  return node ? `${node.host}:${node.port}` : 'none';
}

/**
 * WAIT: how many replicas hold every write sent before it on the client's connection to the master
 * (on Cluster: to the master of qihu's slot), waiting up to timeoutMs for `replicas` of them.
 */
export async function waitForReplicas(client: AnyRedisClient, replicas: number, timeoutMs: number): Promise<number> {
  // A cluster routes a command without keys to any node: name a key of qihu's slot.
  if (isCluster(client)) return Number(await client.sendCommand(CLUSTER_KEY_PREFIX, false, ['WAIT', String(replicas), String(timeoutMs)]));
  return Number(await client.wait(replicas, timeoutMs));
}
