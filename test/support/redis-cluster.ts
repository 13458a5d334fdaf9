/**
 * A private Redis Cluster for tests: three masters (no replicas) on free ports of 127.0.0.1, each a
 * test/support/redis-server.ts server with cluster-enabled, slots split in three, joined with
 * CLUSTER MEET (no redis-cli needed).
 */
import { createClient } from 'redis';
import type { RedisConnection } from '../../src/storage/redis/connect';
import { startRedisServer, type RedisServerHandle } from './redis-server';

export interface RedisClusterHandle {
  readonly servers: RedisServerHandle[];
  /** REDIS_CLUSTER_NODES for a qihu. */
  readonly env: Record<string, string>;
  readonly connection: RedisConnection;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startRedisCluster(masters = 3): Promise<RedisClusterHandle> {
  const servers: RedisServerHandle[] = [];
  const stop = async () => {
    await Promise.all(servers.map((s) => s.stop()));
  };
  try {
    for (let i = 0; i < masters; i++) {
      servers.push(await startRedisServer({ args: ['--cluster-enabled', 'yes', '--cluster-node-timeout', '2000'] }));
    }
    const clients = await Promise.all(
      servers.map(async (s) => {
        const c = createClient({ socket: { host: '127.0.0.1', port: s.port, reconnectStrategy: false } });
        c.on('error', () => {});
        await c.connect();
        return c;
      }),
    );
    try {
      const per = Math.ceil(16384 / masters);
      await Promise.all(
        clients.map((c, i) => c.sendCommand(['CLUSTER', 'ADDSLOTSRANGE', String(i * per), String(Math.min(16383, (i + 1) * per - 1))])),
      );
      for (const s of servers.slice(1)) await clients[0]!.sendCommand(['CLUSTER', 'MEET', '127.0.0.1', String(s.port)]);
      const deadline = Date.now() + 20_000;
      for (;;) {
        const infos = await Promise.all(clients.map((c) => c.sendCommand(['CLUSTER', 'INFO']) as Promise<string>));
        if (infos.every((i) => /cluster_state:ok/.test(i) && new RegExp(`cluster_known_nodes:${masters}\\b`).test(i))) break;
        if (Date.now() > deadline) throw new Error(`cluster not ready: ${infos.join(' | ')}`);
        await sleep(100);
      }
    } finally {
      await Promise.all(clients.map((c) => c.destroy()));
    }
  } catch (err) {
    await stop();
    throw err;
  }
  const nodes = servers.map((s) => ({ host: '127.0.0.1', port: s.port }));
  return {
    servers,
    env: { REDIS_CLUSTER_NODES: nodes.map((n) => `${n.host}:${n.port}`).join(',') },
    connection: { kind: 'cluster', nodes },
    stop,
  };
}
