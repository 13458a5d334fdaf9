/**
 * A private Redis under Sentinel for tests and the fault script: one master and one replica
 * (test/support/redis-server.ts: AOF, fsync always) and three sentinels (`redis-server --sentinel`,
 * the same binary; quorum 2), all on free ports of 127.0.0.1 with short detection times
 * (down-after-milliseconds 500 by default). killMaster() SIGKILLs the current master and waits for
 * the sentinels to promote the replica; the old master can then be restarted, and the sentinels
 * make it a replica of the new one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';
import type { RedisConnection } from '../../src/storage/redis/connect';
import { freePort, ping, startRedisServer, type RedisServerHandle } from './redis-server';

export interface SentinelGroupOptions {
  /** Sentinels to start (quorum: a majority). Default 3. */
  sentinels?: number;
  name?: string;
  downAfterMs?: number;
  failoverTimeoutMs?: number;
}

export interface FailoverResult {
  /** Port of the master that was killed, and of the one the sentinels promoted. */
  from: number;
  to: number;
  /** From the SIGKILL to the sentinels naming the new master. */
  ms: number;
}

export interface SentinelGroup {
  readonly name: string;
  /** The two data servers, by port; which one is master changes with failovers. */
  readonly servers: RedisServerHandle[];
  readonly sentinelPorts: number[];
  /** REDIS_SENTINELS / REDIS_SENTINEL_NAME for a qihu or a dispatcher child. */
  readonly env: Record<string, string>;
  readonly connection: RedisConnection;
  /** The master's port as the sentinels see it. */
  masterPort(): Promise<number>;
  /** SIGKILL the master; resolves once the sentinels name another one. */
  killMaster(timeoutMs?: number): Promise<FailoverResult>;
  /** Restart every data server that is down (it rejoins as a replica); resolves once a replica is connected. */
  restartDown(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of live) c.kill('SIGKILL');
});

/** One sentinel process on its own port and config file (sentinels rewrite their config). */
async function startSentinel(dir: string, conf: string): Promise<{ port: number; stop(): Promise<void> }> {
  const port = await freePort();
  const file = join(dir, `sentinel-${port}.conf`);
  writeFileSync(file, `port ${port}\nbind 127.0.0.1\ndaemonize no\ndir ${dir}\n${conf}`);
  const child = spawn('redis-server', [file, '--sentinel', '--loglevel', 'warning'], { stdio: ['ignore', 'ignore', 'pipe'] });
  live.add(child);
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
  const exited = new Promise<void>((r) => child.on('exit', () => r()));
  const deadline = Date.now() + 10_000;
  while (!(await ping(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`redis-server --sentinel on port ${port} did not start: ${stderr}`);
    }
    await sleep(25);
  }
  return {
    port,
    async stop() {
      child.kill('SIGKILL');
      await exited;
      live.delete(child);
    },
  };
}

/** A short-lived plain connection for admin commands (INFO, SENTINEL …). */
type PlainClient = ReturnType<typeof plainClient>;
const plainClient = (port: number) => createClient({ socket: { host: '127.0.0.1', port, connectTimeout: 1000, reconnectStrategy: false } });
async function withClient<T>(port: number, fn: (c: PlainClient) => Promise<T>): Promise<T> {
  const c = plainClient(port);
  c.on('error', () => {});
  await c.connect();
  try {
    return await fn(c);
  } finally {
    c.destroy();
  }
}

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

const infoField = (info: string, field: string) => new RegExp(`^${field}:(.*)$`, 'm').exec(info)?.[1]?.trim();

/** Until the master on `port` has a replica in sync (state=online, not waiting for its first sync). */
async function replicaOnline(port: number, timeoutMs: number): Promise<void> {
  await until(`a replica in sync with ${port}`, timeoutMs, () =>
    withClient(port, async (c) => (/^slave\d+:.*state=online/m.test(await c.info('replication')) ? true : undefined)),
  );
}

export async function startSentinelGroup(opts: SentinelGroupOptions = {}): Promise<SentinelGroup> {
  const name = opts.name ?? 'qihu-test';
  const count = opts.sentinels ?? 3;
  const quorum = Math.floor(count / 2) + 1;
  const dir = mkdtempSync(join(tmpdir(), 'qihu-sentinel-'));
  const servers: RedisServerHandle[] = [];
  const sentinels: { port: number; stop(): Promise<void> }[] = [];
  const stop = async () => {
    await Promise.all(sentinels.map((s) => s.stop()));
    await Promise.all(servers.map((s) => s.stop()));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    // No delay before a full sync (the default waits 5 s for more replicas to share it).
    const args = ['--repl-diskless-sync-delay', '0'];
    const master = await startRedisServer({ args });
    servers.push(master);
    servers.push(await startRedisServer({ args: [...args, '--replicaof', '127.0.0.1', String(master.port)] }));
    // The sentinels learn the replica from the master's INFO: have it in sync first.
    await replicaOnline(master.port, 10_000);
    const conf = [
      `sentinel monitor ${name} 127.0.0.1 ${master.port} ${quorum}`,
      `sentinel down-after-milliseconds ${name} ${opts.downAfterMs ?? 500}`,
      `sentinel failover-timeout ${name} ${opts.failoverTimeoutMs ?? 2000}`,
      `sentinel parallel-syncs ${name} 1`,
      '',
    ].join('\n');
    for (let i = 0; i < count; i++) sentinels.push(await startSentinel(dir, conf));
    // Ready when every sentinel knows the replica and the other sentinels (hello messages, every 2 s).
    for (const s of sentinels) {
      await until(`sentinel ${s.port} to see the group`, 15_000, () =>
        withClient(s.port, async (c) => {
          const f = (await c.sendCommand(['SENTINEL', 'MASTER', name])) as Record<string, string>; // RESP3: a map
          return Number(f['num-slaves']) >= 1 && Number(f['num-other-sentinels']) >= count - 1 ? true : undefined;
        }),
      );
    }
  } catch (err) {
    await stop();
    throw err;
  }

  const sentinelPorts = sentinels.map((s) => s.port);
  async function masterPort(): Promise<number> {
    for (const port of sentinelPorts) {
      try {
        const addr = await withClient(port, (c) => c.sendCommand(['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', name]) as Promise<string[] | null>);
        if (addr) return Number(addr[1]);
      } catch {
        // try the next sentinel
      }
    }
    throw new Error('no sentinel answers');
  }

  return {
    name,
    servers,
    sentinelPorts,
    env: { REDIS_SENTINELS: sentinelPorts.map((p) => `127.0.0.1:${p}`).join(','), REDIS_SENTINEL_NAME: name },
    connection: { kind: 'sentinel', name, sentinels: sentinelPorts.map((port) => ({ host: '127.0.0.1', port })) },
    masterPort,
    async killMaster(timeoutMs = 20_000) {
      const from = await masterPort();
      const server = servers.find((s) => s.port === from);
      if (!server) throw new Error(`master on port ${from} is not one of ours`);
      const t0 = Date.now();
      await server.kill9();
      const to = await until('the sentinels to promote a replica', timeoutMs, async () => {
        const p = await masterPort();
        return p !== from ? p : undefined;
      });
      // Promoted: it answers as a master.
      await until('the new master', timeoutMs, () => withClient(to, async (c) => (infoField(await c.info('replication'), 'role') === 'master' ? true : undefined)));
      return { from, to, ms: Date.now() - t0 };
    },
    async restartDown(timeoutMs = 20_000) {
      for (const s of servers) if (!s.isRunning()) await s.restart();
      await replicaOnline(await masterPort(), timeoutMs);
    },
    stop,
  };
}
