/**
 * A private redis-server for tests and the fault script: free port, its own temporary directory,
 * AOF with fsync on every write, no RDB snapshots. It can be killed with SIGKILL and restarted on
 * the same port and directory to prove that acknowledged writes survive. Never touches the system
 * Redis on 6379.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRedisClient, type AnyRedisClient } from '../../src/storage/redis/client';

export interface RedisServerHandle {
  readonly port: number;
  readonly url: string;
  readonly dir: string;
  /** SIGKILL: no shutdown, no final save; only what the AOF already holds survives. */
  kill9(): Promise<void>;
  /** SIGSTOP: the server keeps its connections open but answers nothing (a stalled Redis). */
  pause(): void;
  /** SIGCONT after pause(). */
  resume(): void;
  /** Start again on the same port and directory (after kill9 or stop({keepDir: true})). */
  restart(): Promise<void>;
  isRunning(): boolean;
  /** Stop (SIGKILL) and, unless keepDir, remove the directory. */
  stop(opts?: { keepDir?: boolean }): Promise<void>;
}

export interface RedisServerOptions {
  port?: number;
  dir?: string;
  binary?: string;
  readyTimeoutMs?: number;
  /** More redis-server arguments (e.g. --replicaof 127.0.0.1 6379). */
  args?: string[];
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect({ port, host: '127.0.0.1' });
    let buf = '';
    const done = (ok: boolean) => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(500, () => done(false));
    sock.on('error', () => done(false));
    sock.on('connect', () => sock.write('PING\r\n'));
    sock.on('data', (d) => {
      buf += d.toString();
      if (buf.includes('\r\n')) done(buf.startsWith('+PONG'));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startRedisServer(opts: RedisServerOptions = {}): Promise<RedisServerHandle> {
  installExitHook();
  const port = opts.port ?? (await freePort());
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'qihu-redis-'));
  const binary = opts.binary ?? 'redis-server';
  const readyTimeoutMs = opts.readyTimeoutMs ?? 10_000;
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let stderrTail = '';

  async function launch(): Promise<void> {
    const args = [
      '--port', String(port),
      '--bind', '127.0.0.1',
      '--dir', dir,
      '--appendonly', 'yes',
      '--appendfsync', 'always',
      '--save', '',
      '--daemonize', 'no',
      '--loglevel', 'warning',
      ...(opts.args ?? []),
    ];
    const c = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    child = c;
    live.add(c);
    c.stderr?.on('data', (d: Buffer) => {
      stderrTail = (stderrTail + d.toString()).slice(-2000);
    });
    exited = new Promise((resolve) => {
      c.on('exit', () => {
        live.delete(c);
        if (child === c) child = undefined;
        resolve();
      });
      c.on('error', () => resolve());
    });
    const deadline = Date.now() + readyTimeoutMs;
    while (Date.now() < deadline) {
      if (!child) throw new Error(`redis-server exited during start-up: ${stderrTail}`);
      if (await ping(port)) return;
      await sleep(25);
    }
    c.kill('SIGKILL');
    throw new Error(`redis-server on port ${port} not ready after ${readyTimeoutMs} ms: ${stderrTail}`);
  }

  async function kill9(): Promise<void> {
    const c = child;
    if (!c) return;
    c.kill('SIGKILL');
    await exited;
  }

  await launch();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    dir,
    kill9,
    pause: () => void child?.kill('SIGSTOP'),
    resume: () => void child?.kill('SIGCONT'),
    async restart() {
      await kill9();
      await launch();
    },
    isRunning: () => child !== undefined,
    async stop(o = {}) {
      await kill9();
      if (!o.keepDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A private redis-server and a connected client for one test file: started before its tests,
 * closed and stopped after them. Read `.redis` and `.client` inside tests (they are set by then).
 * With `secondClient`, `.second` is another connected client, as a second instance would have.
 */
export function useRedis(
  opts: RedisServerOptions = {},
  { secondClient = false }: { secondClient?: boolean } = {},
): { readonly redis: RedisServerHandle; readonly client: AnyRedisClient; readonly second: AnyRedisClient } {
  const held: { redis?: RedisServerHandle; client?: AnyRedisClient; second?: AnyRedisClient } = {};
  beforeAll(async () => {
    held.redis = await startRedisServer(opts);
    held.client = createRedisClient(held.redis.url);
    // Clients fail fast while disconnected: connect before any test uses them.
    await held.client.connect();
    if (secondClient) {
      held.second = createRedisClient(held.redis.url);
      await held.second.connect();
    }
  });
  afterAll(async () => {
    await held.second?.close();
    await held.client?.close();
    await held.redis?.stop();
  });
  return {
    get redis() {
      if (!held.redis) throw new Error('useRedis: read .redis inside a test');
      return held.redis;
    },
    get client() {
      if (!held.client) throw new Error('useRedis: read .client inside a test');
      return held.client;
    },
    get second() {
      if (!held.second) throw new Error('useRedis: pass { secondClient: true } and read .second inside a test');
      return held.second;
    },
  };
}
