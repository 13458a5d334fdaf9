/**
 * `npm run auth` (hash, add-user) and setupAuth, the one call that assembles authentication from
 * the configuration.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { AuthConfigSchema, AuthConfigShape, setupAuth } from '../../src/auth';
import { hashSecret, verifySecret } from '../../src/auth/secret-hash';
import { createApp } from '../../src/http/app';
import { createRedisClient } from '../../src/storage/redis/ticket-store';
import { startRedisServer } from '../support/redis-server';
import { captureLogger, listen, login } from './support';

const root = join(__dirname, '../..');
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qihu-auth-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function waitForValue<T>(read: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

function auth(args: string[], input?: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/auth.ts', ...args], { cwd: root, encoding: 'utf8', input });
}

describe('npm run auth', () => {
  it('add-user reads the password from stdin and writes only its hash', () => {
    const file = join(dir, 'users.json');
    const run = auth(['add-user', file, 'Zhang.San', 'operator', '--display-name', '张三', '--password-stdin'], 'a-long-password-123\n');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('added zhang.san (operator)');
    const users = JSON.parse(readFileSync(file, 'utf8')) as { username: string; passwordHash: string }[];
    expect(users).toEqual([{ username: 'zhang.san', role: 'operator', displayName: '张三', passwordHash: expect.stringMatching(/^scrypt\$/) }]);
    expect(verifySecret('a-long-password-123', users[0]!.passwordHash)).toBe(true);
    expect(readFileSync(file, 'utf8') + run.stdout + run.stderr).not.toContain('a-long-password-123');

    const again = auth(['add-user', file, 'zhang.san', 'editor'], 'another-password-456\n');
    expect(again.stdout).toContain('replaced zhang.san (editor)');
  });

  it('refuses short passwords, unknown roles and bad usernames, writing nothing', () => {
    const file = join(dir, 'refused.json');
    expect(auth(['add-user', file, 'wang', 'operator', '--password-stdin'], 'short\n').status).toBe(2);
    expect(auth(['add-user', file, 'wang', 'root', '--password-stdin'], 'a-long-password-123\n').status).toBe(2);
    expect(auth(['add-user', file, 'wang:x', 'admin', '--password-stdin'], 'a-long-password-123\n').status).toBe(2);
    expect(() => readFileSync(file)).toThrow();
  });

  it('hash takes the secret as an argument or from stdin', () => {
    const arg = auth(['hash', 'operator-token-0123456789']);
    expect(arg.status).toBe(0);
    expect(verifySecret('operator-token-0123456789', arg.stdout.trim())).toBe(true);
    const piped = auth(['hash'], 'operator-token-0123456789\n');
    expect(verifySecret('operator-token-0123456789', piped.stdout.trim())).toBe(true);
    expect(auth(['hash', 'short']).status).toBe(2);
    expect(auth([]).status).toBe(2);
  });
});

describe('AuthConfigShape', () => {
  it('parses the variables with defaults, for spreading into ConfigSchema', () => {
    const schema = z.object({ PORT: z.coerce.number().default(3000), ...AuthConfigShape });
    expect(schema.parse({})).toEqual({
      PORT: 3000,
      AUTH_COOKIE_SECURE: 'auto',
      AUTH_ALLOWED_ORIGINS: [],
      AUTH_SESSION_IDLE_MINUTES: 480,
      AUTH_SESSION_ABSOLUTE_HOURS: 24,
      AUTH_LOGIN_MAX_FAILURES: 5,
      AUTH_LOGIN_WINDOW_MINUTES: 15,
    });
    expect(schema.parse({ AUTH_ALLOWED_ORIGINS: 'https://a.example, http://b.example:8080/' }).AUTH_ALLOWED_ORIGINS).toEqual([
      'https://a.example',
      'http://b.example:8080',
    ]);
    expect(schema.safeParse({ AUTH_ALLOWED_ORIGINS: 'https://a.example/path' }).success).toBe(false);
    expect(schema.safeParse({ AUTH_COOKIE_SECURE: 'sometimes' }).success).toBe(false);
  });
});

describe('docs/security.md', () => {
  const doc = readFileSync(join(root, 'docs/security.md'), 'utf8');
  it.each([...Object.keys(AuthConfigShape), 'AUTH_TOKENS'])('documents %s in the configuration table', (name) => {
    expect(doc).toMatch(new RegExp(`^\\| \`${name}\` \\|`, 'm'));
  });
});

describe('setupAuth', () => {
  it('creates development accounts only without configured users and outside production', async () => {
    const printed: string[] = [];
    const { log } = captureLogger();
    const dev = await setupAuth({ config: AuthConfigSchema.parse({}), log, nodeEnv: 'development', write: (t) => printed.push(t) });
    expect(dev.development).toBe(true);
    expect(dev.users.size).toBe(4);
    expect(printed.join('')).toMatch(/admin\s+\S+\s+\(admin\)/);
    expect(printed.join('')).toMatch(/supervisor\s+\S+\s+\(supervisor\)/);
    await dev.close();

    const prod = await setupAuth({ config: AuthConfigSchema.parse({}), log, nodeEnv: 'production', write: (t) => printed.push(t) });
    expect(prod.development).toBe(false);
    expect(prod.users.size).toBe(0);
    expect(printed).toHaveLength(1);
    await prod.close();
  });

  it('rehashes a password below the current cost at login: in the users file, or says which AUTH_USERS entry to replace', async () => {
    const file = join(dir, 'upgrade-users.json');
    const weak = hashSecret('old-cost-password-1', { log2N: 14, r: 8, p: 1 });
    writeFileSync(file, JSON.stringify([{ username: 'wang.wu', role: 'operator', passwordHash: weak }]));
    const envWeak = hashSecret('env-user-password-1', { log2N: 14, r: 8, p: 1 });
    const config = AuthConfigSchema.parse({ AUTH_USERS_FILE: file, AUTH_USERS: `zhao.liu:editor:${envWeak}` });
    const logs = captureLogger();
    const setup = await setupAuth({ config, log: logs.log, nodeEnv: 'development', write: () => {} });
    const server = await listen(createApp({ log: logs.log, routers: [setup.gate, setup.router] }));
    try {
      const first = await login(server.url, 'wang.wu', 'old-cost-password-1');
      expect(first.res.status).toBe(200);
      const upgraded = await waitForValue(() => {
        const [u] = JSON.parse(readFileSync(file, 'utf8')) as { passwordHash: string }[];
        return u!.passwordHash !== weak ? u!.passwordHash : undefined;
      });
      expect(upgraded).toMatch(/^scrypt\$17\.8\.1\$/);
      expect(verifySecret('old-cost-password-1', upgraded)).toBe(true);
      // The session made at that login still works on this instance (it keeps the hash it loaded).
      expect((await fetch(server.url + '/api/v1/auth/me', { headers: { cookie: first.cookie } })).status).toBe(200);
      // An instance started afterwards reads the new hash: the same password signs in, nothing to upgrade.
      const after = await setupAuth({ config, log: captureLogger().log, nodeEnv: 'development', write: () => {} });
      expect(after.users.find('wang.wu')!.passwordHash).toBe(upgraded);
      await after.close();

      expect((await login(server.url, 'zhao.liu', 'env-user-password-1')).res.status).toBe(200);
      expect((await login(server.url, 'zhao.liu', 'env-user-password-1')).res.status).toBe(200);
      await waitForValue(() => logs.lines.find((l) => l.includes('below the current scrypt cost')));
      const warnings = logs.events().filter((e) => String(e.msg).includes('below the current scrypt cost'));
      expect(warnings).toEqual([expect.objectContaining({ username: 'zhao.liu' })]);
      expect(logs.lines.join('\n')).not.toContain('password-1');
    } finally {
      await server.close();
      await setup.close();
    }
  });

  it('wires users from a file, tokens, the gate and the router, with sessions in Redis', async () => {
    const redis = await startRedisServer();
    const file = join(dir, 'setup-users.json');
    writeFileSync(file, JSON.stringify([{ username: 'li.si', role: 'editor', passwordHash: hashSecret('editor-password-123') }]));
    const config = AuthConfigSchema.parse({
      AUTH_USERS_FILE: file,
      AUTH_TOKENS: `bot:operator:${hashSecret('operator-token-0123456789')}`,
      AUTH_SESSION_IDLE_MINUTES: '30',
    });
    const { log } = captureLogger();
    const setup = await setupAuth({ config, log, redisUrl: redis.url, redisPrefix: 'setup:', nodeEnv: 'development', write: () => {} });
    const server = await listen(createApp({ log, routers: [setup.gate, setup.router] }));
    try {
      expect(setup.development).toBe(false);
      const ed = await login(server.url, 'li.si', 'editor-password-123');
      expect(ed.res.status).toBe(200);
      const check = createRedisClient(redis.url);
      await check.connect();
      const keys = await check.keys('setup:session:*');
      expect(keys).toHaveLength(1);
      const ttl = Number(await check.pTTL(keys[0]!));
      expect(ttl).toBeGreaterThan(29 * 60_000);
      expect(ttl).toBeLessThanOrEqual(30 * 60_000);
      await check.close();
      const kb = await fetch(server.url + '/api/v1/admin/kb/x', { headers: { cookie: ed.cookie } });
      expect(kb.status).toBe(404); // through the gate, no such route
      const hotline = await fetch(server.url + '/api/v1/hotline/x', { headers: { authorization: 'Bearer operator-token-0123456789' } });
      expect(hotline.status).toBe(404);
      expect((await fetch(server.url + '/api/v1/hotline/x', { headers: { cookie: ed.cookie } })).status).toBe(403);
    } finally {
      await server.close();
      await setup.close();
      await redis.stop();
    }
  });
});
