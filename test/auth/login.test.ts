/**
 * The login API, sessions, CSRF and rate limits over real HTTP, with sessions and limits in memory
 * and in a private Redis.
 */
import { randomUUID } from 'node:crypto';
import { createMemoryLimiter, createRedisLimiter, type AttemptLimiter } from '../../src/auth/rate-limit';
import { createMemorySessionStore, createRedisSessionStore, type SessionStore } from '../../src/auth/sessions';
import { hashSecret } from '../../src/auth/secret-hash';
import { createUserDirectory, UserEntry } from '../../src/auth/users';
import { createRedisClient, type AnyRedisClient } from '../../src/storage/redis/ticket-store';
import { startRedisServer, type RedisServerHandle } from '../support/redis-server';
import { PASSWORDS, TOKENS, login, sleep, startAuthApp, testUsers, type AuthHarness, type HarnessOptions } from './support';

let redis: RedisServerHandle;
let client: AnyRedisClient;

beforeAll(async () => {
  redis = await startRedisServer();
  client = createRedisClient(redis.url);
  await client.connect();
  testUsers();
});
afterAll(async () => {
  await client.close();
  await redis.stop();
});

type Backend = 'memory' | 'redis';

function stores(backend: Backend): { sessions: SessionStore; loginLimiter: AttemptLimiter } {
  if (backend === 'memory') return { sessions: createMemorySessionStore(), loginLimiter: createMemoryLimiter() };
  const prefix = `a-${randomUUID().slice(0, 8)}:`;
  return { sessions: createRedisSessionStore({ client, prefix }), loginLimiter: createRedisLimiter({ client, prefix }) };
}

describe.each<Backend>(['memory', 'redis'])('auth over HTTP (%s)', (backend) => {
  let h: AuthHarness;
  const start = async (opts: HarnessOptions = {}) => {
    h = await startAuthApp({ ...stores(backend), ...opts });
    return h;
  };
  afterEach(() => h?.close());

  const get = (path: string, headers: Record<string, string> = {}) => fetch(h.url + path, { headers });
  const send = (method: string, path: string, headers: Record<string, string> = {}, body: unknown = {}) =>
    fetch(h.url + path, { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  describe('login', () => {
    it('sets an HttpOnly, SameSite=Strict session cookie and returns the user and a CSRF token', async () => {
      await start();
      const { res, body, cookie } = await login(h.url, 'Zhang.San', PASSWORDS.operator);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(body.user).toEqual({ username: 'zhang.san', role: 'operator', displayName: '张三' });
      expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const [setCookie] = res.headers.getSetCookie();
      expect(setCookie).toMatch(/^qihu_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=86400$/);
      expect(cookie).toMatch(/^qihu_session=/);

      const me = await get('/api/v1/auth/me', { cookie });
      expect(me.status).toBe(200);
      expect(await me.json()).toMatchObject({ user: body.user, via: 'session', csrfToken: body.csrfToken });
    });

    it('marks the cookie Secure on HTTPS (behind a trusted proxy) or when configured', async () => {
      await start();
      const viaProxy = await login(h.url, 'admin', PASSWORDS.admin, { 'x-forwarded-proto': 'https' });
      expect(viaProxy.res.headers.getSetCookie()[0]).toMatch(/; Secure$/);
      await h.close();
      await start({ cookieSecure: 'always' });
      expect((await login(h.url, 'admin', PASSWORDS.admin)).res.headers.getSetCookie()[0]).toMatch(/; Secure$/);
    });

    it('answers bad credentials with one generic 401, whether or not the user exists', async () => {
      await start();
      const wrong = await login(h.url, 'zhang.san', 'not-the-password');
      const unknown = await login(h.url, 'no.such.user', 'not-the-password');
      expect(wrong.res.status).toBe(401);
      expect(unknown.res.status).toBe(401);
      expect(wrong.body).toEqual(unknown.body);
      expect(wrong.body).toEqual({ error: 'QH_ERR_UNAUTHORIZED', message: '需要登录或有效的凭据', detail: 'invalid_credentials' });
      expect(wrong.res.headers.getSetCookie()).toEqual([]);
    });

    it('takes as long for an unknown user as for a wrong password (a dummy hash is checked)', async () => {
      await start();
      const time = async (username: string) => {
        const t = process.hrtime.bigint();
        await login(h.url, username, 'not-the-password', { 'x-forwarded-for': `192.0.2.${Math.floor(Math.random() * 250)}` });
        return Number(process.hrtime.bigint() - t) / 1e6;
      };
      const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
      const known: number[] = [];
      const unknown: number[] = [];
      for (let i = 0; i < 4; i++) {
        known.push(await time('li.si'));
        unknown.push(await time(`ghost${i}`));
      }
      // Both pay one scrypt (tens of ms); without the dummy hash the unknown user would take ~1 ms.
      expect(median(unknown)).toBeGreaterThan(median(known) * 0.5);
    });

    it('validates the body without echoing it', async () => {
      await start();
      const res = await send('POST', '/api/v1/auth/login', {}, { username: 'zhang.san' });
      expect(res.status).toBe(400);
      const body = (await res.json()) as { issues: { path: string }[] };
      expect(body.issues.map((i) => i.path)).toEqual(['password']);
      expect((await send('POST', '/api/v1/auth/login', {}, { username: 'a', password: 'x'.repeat(5000) })).status).toBe(400);
    });

    it('logs failures as login_failed with username and IP, never the password, cookie or tokens', async () => {
      await start();
      await login(h.url, 'zhang.san', 'my-secret-typo-password', { 'x-forwarded-for': '203.0.113.9' });
      const ok = await login(h.url, 'zhang.san', PASSWORDS.operator);
      const failed = h.logs.events().filter((e) => e.event === 'login_failed');
      expect(failed).toEqual([
        expect.objectContaining({ level: 'warn', event: 'login_failed', username: 'zhang.san', ip: '203.0.113.9', reason: 'invalid_credentials' }),
      ]);
      const all = h.logs.lines.join('\n');
      for (const secret of ['my-secret-typo-password', PASSWORDS.operator, ok.csrfToken, ok.cookie.split('=')[1]!]) {
        expect(all).not.toContain(secret);
      }
      expect(h.logs.events().some((e) => e.event === 'login_succeeded')).toBe(true);
    });

    it('rotates the session id on login and ends the previous session', async () => {
      await start();
      const first = await login(h.url, 'admin', PASSWORDS.admin);
      const second = await login(h.url, 'admin', PASSWORDS.admin, { cookie: first.cookie });
      expect(second.cookie).not.toBe(first.cookie);
      expect((await get('/api/v1/auth/me', { cookie: first.cookie })).status).toBe(401);
      expect((await get('/api/v1/auth/me', { cookie: second.cookie })).status).toBe(200);
    });

    it('refuses a login posted from another origin (login CSRF)', async () => {
      await start();
      const { res, body } = await login(h.url, 'admin', PASSWORDS.admin, { origin: 'https://evil.example' });
      expect(res.status).toBe(403);
      expect(body).toMatchObject({ error: 'QH_ERR_FORBIDDEN', detail: 'csrf_origin_rejected' });
      expect((await login(h.url, 'admin', PASSWORDS.admin, { origin: h.url, 'sec-fetch-site': 'same-origin' })).res.status).toBe(200);
    });
  });

  describe('rate limiting', () => {
    it('refuses a username after 5 failures (from any IP) with 429 and Retry-After, even the right password', async () => {
      await start();
      for (let i = 0; i < 5; i++) {
        expect((await login(h.url, 'zhang.san', 'wrong-password', { 'x-forwarded-for': `198.51.100.${i}` })).res.status).toBe(401);
      }
      const { res: limited, body } = await login(h.url, 'zhang.san', PASSWORDS.operator, { 'x-forwarded-for': '198.51.100.99' });
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(800);
      expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(900);
      expect(body).toMatchObject({ error: 'QH_ERR_RATE_LIMITED' });
      // Another user is unaffected.
      expect((await login(h.url, 'li.si', PASSWORDS.editor, { 'x-forwarded-for': '198.51.100.98' })).res.status).toBe(200);
      expect(h.logs.events().filter((e) => e.reason === 'rate_limited')).toHaveLength(1);
    });

    it('refuses an IP after 5 failures (on any usernames)', async () => {
      await start();
      const ip = { 'x-forwarded-for': '203.0.113.50' };
      for (let i = 0; i < 5; i++) expect((await login(h.url, `user${i}`, 'wrong-password', ip)).res.status).toBe(401);
      expect((await login(h.url, 'admin', PASSWORDS.admin, ip)).res.status).toBe(429);
      expect((await login(h.url, 'admin', PASSWORDS.admin, { 'x-forwarded-for': '203.0.113.51' })).res.status).toBe(200);
    });

    it('forgets a username’s failures after a successful login', async () => {
      await start();
      for (let i = 0; i < 4; i++) await login(h.url, 'li.si', 'wrong-password', { 'x-forwarded-for': `192.0.2.${i}` });
      expect((await login(h.url, 'li.si', PASSWORDS.editor, { 'x-forwarded-for': '192.0.2.10' })).res.status).toBe(200);
      for (let i = 0; i < 5; i++) {
        expect((await login(h.url, 'li.si', 'wrong-password', { 'x-forwarded-for': `192.0.2.${20 + i}` })).res.status).toBe(401);
      }
    });

    it('limits invalid bearer tokens per IP when a bearer limiter is given', async () => {
      await start({ bearerLimiter: createMemoryLimiter({ maxAttempts: 2, windowMs: 60_000 }) });
      const bad = { authorization: 'Bearer not-a-valid-token-000' };
      expect((await get('/api/v1/hotline/queue', bad)).status).toBe(401);
      expect((await get('/api/v1/hotline/queue', bad)).status).toBe(401);
      const limited = await get('/api/v1/hotline/queue', bad);
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBeTruthy();
      // A valid token it has verified before still works (no scrypt, no limit).
      expect((await get('/api/v1/hotline/queue', { authorization: `Bearer ${TOKENS.operator}`, 'x-forwarded-for': '192.0.2.1' })).status).toBe(200);
    });
  });

  describe('roles and CSRF on protected routes', () => {
    it('401 without credentials, 403 with the wrong role, admin passes', async () => {
      await start();
      const op = await login(h.url, 'zhang.san', PASSWORDS.operator);
      const ed = await login(h.url, 'li.si', PASSWORDS.editor);
      const ad = await login(h.url, 'admin', PASSWORDS.admin);
      expect((await get('/api/v1/hotline/queue')).status).toBe(401);
      expect((await get('/api/v1/hotline/queue', { cookie: op.cookie })).status).toBe(200);
      expect((await get('/api/v1/hotline/queue', { cookie: ed.cookie })).status).toBe(403);
      expect((await get('/api/v1/hotline/queue', { cookie: ad.cookie })).status).toBe(200);
      expect((await get('/api/v1/admin/users', { cookie: op.cookie })).status).toBe(403);
      expect((await get('/api/v1/admin/users', { cookie: ed.cookie })).status).toBe(403);
      expect((await get('/api/v1/admin/users', { cookie: ad.cookie })).status).toBe(200);
      expect((await get('/api/v1/admin/kb/entries', { cookie: ed.cookie })).status).toBe(200);
      expect((await get('/API/V1/ADMIN/KB/entries', { cookie: op.cookie })).status).toBe(403);
      expect((await get('/api/v1/admin/kb/entries', { authorization: `Bearer ${TOKENS.editor}` })).status).toBe(200);
      expect((await get('/api/v1/admin/kb/entries', { authorization: `Bearer ${TOKENS.operator}` })).status).toBe(403);
      // Unknown paths under a protected prefix: 401 first (no route discovery), 404 once allowed.
      expect((await get('/api/v1/admin/nothing-here')).status).toBe(401);
      expect((await get('/api/v1/admin/nothing-here', { cookie: ad.cookie })).status).toBe(404);
    });

    it('requires the CSRF token on cookie-authenticated unsafe requests, not on safe ones or bearer ones', async () => {
      await start();
      const op = await login(h.url, 'zhang.san', PASSWORDS.operator);
      const path = '/api/v1/hotline/calls/42/notes';
      const missing = await send('POST', path, { cookie: op.cookie });
      expect(missing.status).toBe(403);
      expect(await missing.json()).toMatchObject({ error: 'QH_ERR_FORBIDDEN', detail: 'csrf_token_invalid' });
      expect((await send('POST', path, { cookie: op.cookie, 'x-csrf-token': 'A'.repeat(43) })).status).toBe(403);
      const ok = await send('POST', path, { cookie: op.cookie, 'x-csrf-token': op.csrfToken });
      expect(ok.status).toBe(201);
      expect(await ok.json()).toEqual({ id: '42', by: 'zhang.san' });
      expect((await get('/api/v1/hotline/queue', { cookie: op.cookie })).status).toBe(200);
      expect((await send('POST', path, { authorization: `Bearer ${TOKENS.operator}` })).status).toBe(201);
      // Another user's token is no good.
      const other = await login(h.url, 'admin', PASSWORDS.admin);
      expect((await send('POST', path, { cookie: op.cookie, 'x-csrf-token': other.csrfToken })).status).toBe(403);
    });

    it('checks Origin and Sec-Fetch-Site on cookie-authenticated unsafe requests', async () => {
      await start({ allowedOrigins: ['https://console.example.gov.cn'] });
      const op = await login(h.url, 'zhang.san', PASSWORDS.operator);
      const path = '/api/v1/hotline/calls/1/notes';
      const auth = { cookie: op.cookie, 'x-csrf-token': op.csrfToken };
      const evil = await send('POST', path, { ...auth, origin: 'https://evil.example' });
      expect(evil.status).toBe(403);
      expect(await evil.json()).toMatchObject({ detail: 'csrf_origin_rejected' });
      expect((await send('POST', path, { ...auth, origin: 'null' })).status).toBe(403);
      expect((await send('POST', path, { ...auth, 'sec-fetch-site': 'cross-site' })).status).toBe(403);
      expect((await send('POST', path, { ...auth, 'sec-fetch-site': 'same-site' })).status).toBe(403);
      expect((await send('POST', path, { ...auth, origin: h.url, 'sec-fetch-site': 'same-origin' })).status).toBe(201);
      expect((await send('POST', path, { ...auth, origin: 'https://console.example.gov.cn', 'sec-fetch-site': 'cross-site' })).status).toBe(201);
    });
  });

  describe('sessions', () => {
    it('logs out (CSRF-checked), clearing the cookie and ending the session', async () => {
      await start();
      const op = await login(h.url, 'zhang.san', PASSWORDS.operator);
      expect((await send('POST', '/api/v1/auth/logout', { cookie: op.cookie })).status).toBe(403);
      expect((await get('/api/v1/auth/me', { cookie: op.cookie })).status).toBe(200);
      const out = await send('POST', '/api/v1/auth/logout', { cookie: op.cookie, 'x-csrf-token': op.csrfToken });
      expect(out.status).toBe(204);
      expect(out.headers.getSetCookie()[0]).toMatch(/^qihu_session=; Path=\/; HttpOnly; SameSite=Strict; Max-Age=0/);
      expect((await get('/api/v1/auth/me', { cookie: op.cookie })).status).toBe(401);
      expect((await get('/api/v1/hotline/queue', { cookie: op.cookie })).status).toBe(401);
      expect((await send('POST', '/api/v1/auth/logout')).status).toBe(204);
    });

    it('reports a bearer principal on /me without a CSRF token', async () => {
      await start();
      const me = await get('/api/v1/auth/me', { authorization: `Bearer ${TOKENS.admin}` });
      expect(await me.json()).toEqual({ user: { username: 'admin-bot', role: 'admin', displayName: 'admin-bot' }, via: 'token' });
      expect((await get('/api/v1/auth/me', { authorization: 'Basic YWRtaW46YWRtaW4=' })).status).toBe(401);
      expect((await get('/api/v1/auth/me', { authorization: 'Bearer wrong-token-123456' })).status).toBe(401);
    });

    it('ignores the cookie when an Authorization header is sent', async () => {
      await start();
      const ad = await login(h.url, 'admin', PASSWORDS.admin);
      expect((await get('/api/v1/admin/users', { cookie: ad.cookie, authorization: 'Bearer wrong-token-123456' })).status).toBe(401);
      expect((await get('/api/v1/admin/users', { cookie: ad.cookie, authorization: `Bearer ${TOKENS.operator}` })).status).toBe(403);
    });

    it('ends sessions of users who were removed or whose password changed', async () => {
      const shared = stores(backend);
      await start(shared);
      const op = await login(h.url, 'zhang.san', PASSWORDS.operator);
      const ed = await login(h.url, 'li.si', PASSWORDS.editor);
      await h.close();
      // Restart with new configuration: zhang.san has a new password, li.si is gone.
      const users = createUserDirectory([
        UserEntry.parse({ username: 'zhang.san', role: 'operator', passwordHash: hashSecret('a-new-password-123') }),
      ]);
      await start({ ...shared, users });
      const me = await get('/api/v1/auth/me', { cookie: op.cookie });
      expect(me.status).toBe(401);
      expect(me.headers.getSetCookie()[0]).toMatch(/Max-Age=0/);
      expect((await get('/api/v1/auth/me', { cookie: ed.cookie })).status).toBe(401);
    });

    it('uses the role configured now, not the one at login', async () => {
      const shared = stores(backend);
      await start(shared);
      const op = await login(h.url, 'zhang.san', PASSWORDS.operator);
      await h.close();
      const promoted = testUsers().map((u) => (u.username === 'zhang.san' ? { ...u, role: 'admin' as const } : u));
      await start({ ...shared, users: createUserDirectory(promoted) });
      expect((await get('/api/v1/admin/users', { cookie: op.cookie })).status).toBe(200);
    });

    it('keeps an active session alive past the idle TTL and ends an idle one', async () => {
      const prefix = `idle-${randomUUID().slice(0, 8)}:`;
      const sessions =
        backend === 'memory'
          ? createMemorySessionStore({ idleTtlMs: 400 })
          : createRedisSessionStore({ client, prefix, idleTtlMs: 400 });
      await start({ sessions, touchIntervalMs: 0 });
      const op = await login(h.url, 'zhang.san', PASSWORDS.operator);
      for (let i = 0; i < 6; i++) {
        await sleep(150);
        expect((await get('/api/v1/hotline/queue', { cookie: op.cookie })).status).toBe(200);
      }
      await sleep(550);
      expect((await get('/api/v1/hotline/queue', { cookie: op.cookie })).status).toBe(401);
    });

    it('trusts no session cookie when two are sent (one was planted)', async () => {
      await start();
      const op = await login(h.url, 'zhang.san', PASSWORDS.operator);
      const ad = await login(h.url, 'admin', PASSWORDS.admin);
      expect((await get('/api/v1/auth/me', { cookie: `${ad.cookie}; ${op.cookie}` })).status).toBe(401);
      expect((await get('/api/v1/auth/me', { cookie: `other=1; ${op.cookie}` })).status).toBe(200);
    });

    it('ignores garbage cookies', async () => {
      await start();
      for (const cookie of ['qihu_session=', 'qihu_session=abc', `qihu_session=${'A'.repeat(43)}`, 'other=1', 'qihu_session="x"']) {
        expect((await get('/api/v1/hotline/queue', { cookie })).status).toBe(401);
      }
    });
  });
});

describe('auth with Redis down', () => {
  it('answers 503, not 401 or 500, while the session store is unreachable', async () => {
    const own = await startRedisServer();
    const c = createRedisClient(own.url, () => {});
    await c.connect();
    const h = await startAuthApp({ redis: c, prefix: 'down:' });
    try {
      const op = await login(h.url, 'zhang.san', PASSWORDS.operator);
      expect(op.res.status).toBe(200);
      await own.kill9();
      const me = await fetch(h.url + '/api/v1/auth/me', { headers: { cookie: op.cookie } });
      expect(me.status).toBe(503);
      expect((await login(h.url, 'zhang.san', PASSWORDS.operator)).res.status).toBe(503);
      // Bearer tokens do not need the store.
      expect((await fetch(h.url + '/api/v1/hotline/queue', { headers: { authorization: `Bearer ${TOKENS.operator}` } })).status).toBe(200);
    } finally {
      await h.close();
      c.destroy();
      await own.stop();
    }
  });
});

describe('the login limiter under a flood of fresh keys', () => {
  it('a flood of usernames from one address neither unlocks a locked account nor grows memory', async () => {
    let t = 0;
    const limiter = createMemoryLimiter({ maxAttempts: 5, windowMs: 15 * 60_000, maxKeys: 1_000, now: () => t });
    for (let i = 0; i < 6; i++) await limiter.attempt(['ip:a', 'user:victim']);
    expect((await limiter.attempt(['ip:b', 'user:victim'])).limited).toBe(true);
    // 100,500 attempts with a new username each, from one address: refused by the address after 5,
    // and the refused attempts create no counters.
    let allowed = 0;
    for (let i = 0; i < 100_500; i++) {
      t += 1;
      if (!(await limiter.attempt(['ip:flood', `user:${i}`])).limited) allowed++;
    }
    expect(allowed).toBe(5);
    expect((await limiter.attempt(['ip:c', 'user:victim'])).limited).toBe(true);
  });

  it('fresh addresses and usernames fill it to its bound, and never push out a locked account', async () => {
    let t = 0;
    const limiter = createMemoryLimiter({ maxAttempts: 5, windowMs: 600_000, maxKeys: 1_000, now: () => t });
    for (let i = 0; i < 6; i++) await limiter.attempt([`ip:x${i}`, 'user:victim']);
    for (let i = 0; i < 5_000; i++) {
      t += 1;
      await limiter.attempt([`ip:${i}`, `user:${i}`]);
    }
    expect((await limiter.attempt(['ip:fresh', 'user:victim'])).limited).toBe(true);
  });
});
