/**
 * Helpers for the auth tests: a capturing logger, an app composed like src/server.ts (createApp
 * with the gate first, the auth router, and sample protected routers) on a free port, and cookie
 * handling for fetch.
 */
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Router, type Router as RouterType } from 'express';
import { createAuth, type Auth, type AuthDeps } from '../../src/auth/middleware';
import { createMemoryLimiter, createRedisLimiter } from '../../src/auth/rate-limit';
import { createAuthRouter } from '../../src/auth/router';
import { createLoginPageRouter } from '../../src/web/login/router';
import { createMemorySessionStore, createRedisSessionStore } from '../../src/auth/sessions';
import { hashSecret } from '../../src/auth/secret-hash';
import type { TokenEntry } from '../../src/auth/tokens';
import { createUserDirectory, UserEntry } from '../../src/auth/users';
import { createApp } from '../../src/http/app';
import { createLogger, type Logger } from '../../src/log';
import type { AnyRedisClient } from '../../src/storage/redis/ticket-store';

export const PASSWORDS = {
  admin: 'admin-password-0123',
  operator: 'operator-password-0123',
  editor: 'editor-password-0123',
  supervisor: 'supervisor-password-0123',
} as const;

export const TOKENS = {
  admin: 'admin-token-0123456789',
  operator: 'operator-token-0123456789',
  editor: 'editor-token-0123456789',
  supervisor: 'supervisor-token-0123456789',
} as const;

/**
 * The fixtures' hashes use a lower cost than production's: these tests are about sessions, limits
 * and routes, and sign in hundreds of times. users-tokens.test.ts and cli-setup.test.ts prove the
 * production cost (and the rehash of lower ones at login).
 */
const FIXTURE_COST = { log2N: 12, r: 8, p: 1 } as const;
const hashFixture = (secret: string) => hashSecret(secret, FIXTURE_COST);

// Hashing is slow on purpose: do it once per test file.
let cachedUsers: UserEntry[] | undefined;
export function testUsers(): UserEntry[] {
  cachedUsers ??= [
    UserEntry.parse({ username: 'admin', role: 'admin', passwordHash: hashFixture(PASSWORDS.admin), displayName: '管理员' }),
    UserEntry.parse({ username: 'zhang.san', role: 'operator', passwordHash: hashFixture(PASSWORDS.operator), displayName: '张三' }),
    UserEntry.parse({ username: 'li.si', role: 'editor', passwordHash: hashFixture(PASSWORDS.editor) }),
    UserEntry.parse({ username: 'wang.wu', role: 'supervisor', passwordHash: hashFixture(PASSWORDS.supervisor), displayName: '王五' }),
  ];
  return cachedUsers;
}

let cachedTokens: TokenEntry[] | undefined;
export function testTokens(): TokenEntry[] {
  cachedTokens ??= (Object.keys(TOKENS) as (keyof typeof TOKENS)[]).map((role) => ({
    name: `${role}-bot`,
    role,
    hash: hashFixture(TOKENS[role]),
  }));
  return cachedTokens;
}

export function captureLogger(): { log: Logger; lines: string[]; events: () => Record<string, unknown>[] } {
  const lines: string[] = [];
  const log = createLogger('debug', (l) => lines.push(l));
  return { log, lines, events: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

export async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

/** Sample protected routes, declared with full paths and no guard of their own: the gate guards them. */
export function sampleRouters(): RouterType[] {
  const hotline = Router();
  hotline.get('/api/v1/hotline/queue', (_req, res) => res.json({ queue: [] }));
  hotline.post('/api/v1/hotline/calls/:id/notes', (req, res) => res.status(201).json({ id: req.params.id, by: res.locals.principal?.name }));
  const admin = Router();
  admin.get('/api/v1/admin/users', (_req, res) => res.json({ users: [] }));
  admin.delete('/api/v1/admin/sessions/:id', (_req, res) => res.status(204).end());
  admin.put('/api/v1/admin/kb/entries/:id', (req, res) => res.json({ saved: req.params.id }));
  admin.get('/api/v1/admin/kb/entries', (_req, res) => res.json({ entries: [] }));
  return [hotline, admin];
}

export interface AuthHarness {
  url: string;
  auth: Auth;
  logs: ReturnType<typeof captureLogger>;
  close(): Promise<void>;
}

export interface HarnessOptions extends Partial<Omit<AuthDeps, 'log'>> {
  redis?: AnyRedisClient;
  prefix?: string;
  routers?: RouterType[];
}

/** An app composed like the server: gate first, then the auth router, then the feature routers. */
export async function startAuthApp(opts: HarnessOptions = {}): Promise<AuthHarness> {
  const logs = captureLogger();
  const { redis, prefix } = opts;
  const auth = createAuth({
    users: opts.users ?? createUserDirectory(testUsers()),
    tokens: opts.tokens ?? testTokens(),
    sessions: opts.sessions ?? (redis ? createRedisSessionStore({ client: redis, prefix }) : createMemorySessionStore()),
    loginLimiter: opts.loginLimiter ?? (redis ? createRedisLimiter({ client: redis, prefix }) : createMemoryLimiter()),
    bearerLimiter: opts.bearerLimiter,
    log: logs.log,
    cookieSecure: opts.cookieSecure,
    allowedOrigins: opts.allowedOrigins,
    touchIntervalMs: opts.touchIntervalMs,
  });
  const app = createApp({ log: logs.log, routers: [auth.gate, createAuthRouter({ auth }), createLoginPageRouter(), ...(opts.routers ?? sampleRouters())] });
  const server = await listen(app);
  return { url: server.url, auth, logs, close: server.close };
}

/** The cookie pairs (name=value) a response sets, ready for a Cookie header. */
export function cookiesOf(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .filter((c) => !c.endsWith('='))
    .join('; ');
}

export async function login(url: string, username: string, password: string, headers: Record<string, string> = {}) {
  const res = await fetch(url + '/api/v1/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ username, password }),
  });
  const body = (await res.json().catch(() => ({}))) as { csrfToken?: string; user?: { username: string; role: string; displayName: string } };
  return { res, body, cookie: cookiesOf(res), csrfToken: body.csrfToken ?? '' };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
