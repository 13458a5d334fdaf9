/**
 * Authentication for qihu, assembled from the configuration: users and API tokens (hashed with
 * scrypt), console sessions and login rate limits in Redis when there is one (else in memory), the
 * gate that guards /api/v1/hotline/* and /api/v1/admin/* by construction, and the login routes.
 * See docs/security.md.
 */
import type { Router } from 'express';
import type { Logger } from '../log';
import { closeRedisClient, createRedisClient, type AnyRedisClient, type RedisTarget } from '../storage/redis';
import { createAuth, type Auth } from './middleware';
import type { AuthConfig } from './config';
import { createMemoryLimiter, createRedisLimiter } from './rate-limit';
import { createAuthRouter } from './router';
import { createMemorySessionStore, createRedisSessionStore } from './sessions';
import { parseTokens, type Role } from './tokens';
import { createPasswordUpgrader } from './password-upgrade';
import { developmentAccounts } from './development-accounts';
import { createUserDirectory, loadUsers, type UserDirectory, type UserEntry } from './users';

export * from './config';
export * from './cookies';
export * from './csrf';
export * from './development-accounts';
export * from './markers';
export * from './middleware';
export * from './protected-paths';
export * from './rate-limit';
export * from './redirect';
export * from './route-audit';
export * from './router';
export * from './sessions';
export * from './tokens';
export * from './users';

export interface SetupAuthOptions {
  config: AuthConfig;
  log: Logger;
  /** A connected client (caller-owned): sessions and rate limits go to Redis. */
  redis?: AnyRedisClient;
  /** Or a URL (or Sentinel/Cluster connection): a client is created, connected, and closed by close(). */
  redisUrl?: RedisTarget;
  /** Key prefix in Redis. Default "qihu:". */
  redisPrefix?: string;
  /**
   * process.env.NODE_ENV. When no users are configured and this is not "production", development
   * accounts are created (development-accounts.ts), kept in dataDir so that their passwords stay
   * the same across restarts, and printed the first time. Pass developmentAccounts: false to never
   * do that.
   */
  nodeEnv?: string;
  developmentAccounts?: boolean;
  /** DATA_DIR: where the development accounts are kept (without it they last one run). */
  dataDir?: string;
  /** Where development passwords (or where to find them) are printed. Default standard error. */
  write?: (text: string) => void;
  /** Told of each request a login or token limiter refuses (metrics). */
  onRateLimited?: (scope: 'login' | 'token') => void;
  /** Told of each error of the Redis client made from redisUrl (metrics; it is logged too). */
  onRedisError?: (err: Error) => void;
}

export interface AuthSetup {
  auth: Auth;
  /** /api/v1/auth/*: mount anywhere (the login page, GET /login, is src/web/login's). */
  router: Router;
  /** Mount FIRST: guards every /api/v1/hotline/* and /api/v1/admin/* path. */
  gate: Router;
  /** For route-level guards (e.g. createDeadLetterRouter's requireRole). */
  requireRole: (role: Role) => ReturnType<Auth['requireRole']>;
  users: UserDirectory;
  /** Whether development accounts were created (no users configured, not production). */
  development: boolean;
  /** The file holding the development accounts' passwords, when they are kept. */
  developmentAccountsFile?: string;
  close(): Promise<void>;
}

export async function setupAuth(opts: SetupAuthOptions): Promise<AuthSetup> {
  const { config, log } = opts;
  const configured: UserEntry[] = loadUsers(config);
  const dev =
    opts.developmentAccounts === false
      ? { users: [] }
      : await developmentAccounts({
          nodeEnv: opts.nodeEnv,
          configuredUsers: configured.length,
          ...(opts.dataDir !== undefined ? { dataDir: opts.dataDir } : {}),
          ...(opts.write ? { write: opts.write } : {}),
        });
  const users = createUserDirectory([...configured, ...dev.users]);
  if (users.size === 0) log.warn('no users configured: console login is disabled (AUTH_USERS / AUTH_USERS_FILE)');

  let client = opts.redis;
  let owned = false;
  if (!client && opts.redisUrl) {
    client = createRedisClient(opts.redisUrl, (err) => {
      log.warn('redis error (auth)', { err });
      opts.onRedisError?.(err);
    });
    await client.connect();
    owned = true;
  }
  const idleTtlMs = config.AUTH_SESSION_IDLE_MINUTES * 60_000;
  const absoluteTtlMs = config.AUTH_SESSION_ABSOLUTE_HOURS * 3_600_000;
  const windowMs = config.AUTH_LOGIN_WINDOW_MINUTES * 60_000;
  const maxAttempts = config.AUTH_LOGIN_MAX_FAILURES;
  const prefix = opts.redisPrefix;
  const sessions = client
    ? createRedisSessionStore({ client, prefix, idleTtlMs, absoluteTtlMs })
    : createMemorySessionStore({ idleTtlMs, absoluteTtlMs });
  const loginLimiter = client
    ? createRedisLimiter({ client, prefix, maxAttempts, windowMs })
    : createMemoryLimiter({ maxAttempts, windowMs });
  const bearerLimiter = client
    ? createRedisLimiter({ client, prefix, maxAttempts: 20, windowMs })
    : createMemoryLimiter({ maxAttempts: 20, windowMs });

  const auth = createAuth({
    users,
    tokens: parseTokens(config.AUTH_TOKENS),
    sessions,
    loginLimiter,
    bearerLimiter,
    log,
    cookieSecure: config.AUTH_COOKIE_SECURE,
    allowedOrigins: config.AUTH_ALLOWED_ORIGINS,
    passwords: createPasswordUpgrader({ usersFile: config.AUTH_USERS_FILE, log }),
    ...(opts.onRateLimited ? { onRateLimited: opts.onRateLimited } : {}),
  });
  return {
    auth,
    router: createAuthRouter({ auth, ...(dev.file ? { developmentAccountsFile: dev.file } : {}) }),
    gate: auth.gate,
    requireRole: auth.requireRole,
    users,
    development: dev.users.length > 0,
    ...(dev.file ? { developmentAccountsFile: dev.file } : {}),
    async close() {
      await sessions.close();
      await loginLimiter.close();
      await bearerLimiter.close();
      if (owned && client) await closeRedisClient(client);
    },
  };
}
