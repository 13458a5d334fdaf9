/**
 * A process that started qihu (Redis, Botkit, websockets) and closed it exits by itself: the web
 * adapter's ping interval, the websocket server, Botkit, the Redis clients and the dispatcher are
 * all stopped by close().
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startRedisServer, type RedisServerHandle } from '../support/redis-server';

let redis: RedisServerHandle;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(() => redis.stop());

it('exits on its own after close()', async () => {
  // Jest's own globals (expect) are not in a plain child: support.ts only uses them in chat().
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'exit-child.ts')], {
    env: { ...process.env, REDIS_URL: redis.url },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const started = Date.now();
  let closedAt = 0;
  child.stdout.on('data', () => {
    if (!closedAt && out.includes('closed')) closedAt = Date.now();
  });
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve(null);
    }, 25_000);
    child.on('exit', (c) => {
      clearTimeout(timer);
      resolve(c);
    });
  });
  expect({ code, err: err.slice(-2000) }).toEqual({ code: 0, err: expect.any(String) });
  expect(out).toContain('closed');
  // Exited promptly after close(), not after the 30 s ping interval or a reconnect timer.
  expect(Date.now() - closedAt).toBeLessThan(3000);
  expect(closedAt - started).toBeLessThan(20_000);
});
