/**
 * Console sessions: an id of 32 random bytes (base64url) in the `qihu_session` cookie, and a record
 * kept in memory (one instance) or in Redis (several). A session ends after `idleTtlMs` without a
 * touch (default 8 h) and in any case `absoluteTtlMs` after login (default 24 h). Stores key records
 * by the SHA-256 of the id, so a copy of the store (an RDB file, a MONITOR) holds no usable id.
 */
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { AnyRedisClient } from '../storage/redis';
import { Role } from './tokens';

export const DEFAULT_IDLE_TTL_MS = 8 * 60 * 60 * 1000;
export const DEFAULT_ABSOLUTE_TTL_MS = 24 * 60 * 60 * 1000;

const SESSION_ID_RE = /^[A-Za-z0-9_-]{43}$/;

export const SessionRecord = z.object({
  username: z.string().min(1),
  role: Role,
  displayName: z.string().optional(),
  /** credentialFingerprint(passwordHash) at login: a changed password ends the session. */
  credential: z.string(),
  /** The synchronizer token the console sends back in X-CSRF-Token. */
  csrfToken: z.string().min(32),
  createdAt: z.number().int(),
  lastSeenAt: z.number().int(),
  absoluteExpiresAt: z.number().int(),
});
export type SessionRecord = z.infer<typeof SessionRecord>;

export interface Session extends SessionRecord {
  id: string;
  /** When the session ends unless touched: min(lastSeenAt + idle TTL, absolute expiry). */
  expiresAt: number;
}

export interface NewSession {
  username: string;
  role: Role;
  displayName?: string;
  credential: string;
}

export interface SessionStore {
  readonly idleTtlMs: number;
  readonly absoluteTtlMs: number;
  /** A new session with a fresh id and CSRF token. */
  create(input: NewSession): Promise<Session>;
  /** The live session with this id; undefined if unknown, malformed or expired. */
  get(id: string): Promise<Session | undefined>;
  /** Marks the session used now (extends the idle expiry, never past the absolute one). */
  touch(id: string): Promise<Session | undefined>;
  destroy(id: string): Promise<void>;
  close(): Promise<void>;
}

export interface SessionStoreOptions {
  idleTtlMs?: number;
  absoluteTtlMs?: number;
  now?: () => number;
}

export function newSessionId(): string {
  return randomBytes(32).toString('base64url');
}

export function isSessionId(id: string): boolean {
  return SESSION_ID_RE.test(id);
}

function storageKey(id: string): string {
  return createHash('sha256').update(id).digest('base64url');
}

function ttls(opts: SessionStoreOptions) {
  const idleTtlMs = opts.idleTtlMs ?? DEFAULT_IDLE_TTL_MS;
  const absoluteTtlMs = opts.absoluteTtlMs ?? DEFAULT_ABSOLUTE_TTL_MS;
  if (!(idleTtlMs > 0 && absoluteTtlMs > 0)) throw new Error('session TTLs must be positive');
  return { idleTtlMs, absoluteTtlMs, now: opts.now ?? Date.now };
}

function newRecord(input: NewSession, now: number, absoluteTtlMs: number): SessionRecord {
  return {
    username: input.username,
    role: input.role,
    ...(input.displayName ? { displayName: input.displayName } : {}),
    credential: input.credential,
    csrfToken: randomBytes(32).toString('base64url'),
    createdAt: now,
    lastSeenAt: now,
    absoluteExpiresAt: now + absoluteTtlMs,
  };
}

function expiresAt(r: SessionRecord, idleTtlMs: number): number {
  return Math.min(r.lastSeenAt + idleTtlMs, r.absoluteExpiresAt);
}

function live(id: string, r: SessionRecord, idleTtlMs: number, now: number): Session | undefined {
  const until = expiresAt(r, idleTtlMs);
  return until > now ? { ...r, id, expiresAt: until } : undefined;
}

/** Sessions in this process only: for the embedded single-instance default and for tests. */
export function createMemorySessionStore(opts: SessionStoreOptions & { maxSessions?: number } = {}): SessionStore {
  const { idleTtlMs, absoluteTtlMs, now } = ttls(opts);
  const maxSessions = opts.maxSessions ?? 100_000;
  const records = new Map<string, SessionRecord>();
  let nextSweep = 0;

  const sweep = (t: number) => {
    if (t < nextSweep && records.size < maxSessions) return;
    nextSweep = t + 60_000;
    for (const [key, r] of records) if (expiresAt(r, idleTtlMs) <= t) records.delete(key);
    // Still full: the oldest sessions go first (Map keeps insertion order).
    while (records.size >= maxSessions) records.delete(records.keys().next().value as string);
  };
  const read = (id: string, t: number): SessionRecord | undefined => {
    if (!isSessionId(id)) return undefined;
    const key = storageKey(id);
    const r = records.get(key);
    if (r && expiresAt(r, idleTtlMs) <= t) {
      records.delete(key);
      return undefined;
    }
    return r;
  };

  return {
    idleTtlMs,
    absoluteTtlMs,
    async create(input) {
      const t = now();
      sweep(t);
      const id = newSessionId();
      const record = newRecord(input, t, absoluteTtlMs);
      records.set(storageKey(id), record);
      return { ...record, id, expiresAt: expiresAt(record, idleTtlMs) };
    },
    async get(id) {
      const t = now();
      const r = read(id, t);
      return r && live(id, { ...r }, idleTtlMs, t);
    },
    async touch(id) {
      const t = now();
      const r = read(id, t);
      if (!r) return undefined;
      r.lastSeenAt = t;
      return live(id, { ...r }, idleTtlMs, t);
    },
    async destroy(id) {
      if (isSessionId(id)) records.delete(storageKey(id));
    },
    async close() {
      records.clear();
    },
  };
}

export interface RedisSessionStoreOptions extends SessionStoreOptions {
  /** A connected node-redis client, owned by the caller (close() leaves it open). */
  client: AnyRedisClient;
  /** Key prefix; default "qihu:". Keys: <prefix>session:<sha256(id)>. */
  prefix?: string;
}

/**
 * Sessions in Redis, shared by every instance. Each record is a JSON string whose PX expiry is the
 * session's idle/absolute expiry; touch rewrites it with SET … XX so a destroyed session is never
 * brought back by a concurrent touch.
 */
export function createRedisSessionStore(opts: RedisSessionStoreOptions): SessionStore {
  const { idleTtlMs, absoluteTtlMs, now } = ttls(opts);
  const { client } = opts;
  const prefix = opts.prefix ?? 'qihu:';
  const key = (id: string) => `${prefix}session:${storageKey(id)}`;

  const read = async (id: string, t: number): Promise<SessionRecord | undefined> => {
    if (!isSessionId(id)) return undefined;
    const raw = await client.get(key(id));
    if (typeof raw !== 'string') return undefined;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return undefined;
    }
    const parsed = SessionRecord.safeParse(json);
    if (!parsed.success || expiresAt(parsed.data, idleTtlMs) <= t) return undefined;
    return parsed.data;
  };
  const ttlOf = (r: SessionRecord, t: number) => Math.max(1, expiresAt(r, idleTtlMs) - t);

  return {
    idleTtlMs,
    absoluteTtlMs,
    async create(input) {
      const t = now();
      const id = newSessionId();
      const record = newRecord(input, t, absoluteTtlMs);
      const ok = await client.set(key(id), JSON.stringify(record), {
        condition: 'NX',
        expiration: { type: 'PX', value: ttlOf(record, t) },
      });
      if (ok !== 'OK') throw new Error('session id collision');
      return { ...record, id, expiresAt: expiresAt(record, idleTtlMs) };
    },
    async get(id) {
      const t = now();
      const r = await read(id, t);
      return r && live(id, r, idleTtlMs, t);
    },
    async touch(id) {
      const t = now();
      const r = await read(id, t);
      if (!r) return undefined;
      const next = { ...r, lastSeenAt: t };
      const ok = await client.set(key(id), JSON.stringify(next), {
        condition: 'XX',
        expiration: { type: 'PX', value: ttlOf(next, t) },
      });
      return ok === 'OK' ? live(id, next, idleTtlMs, t) : undefined;
    },
    async destroy(id) {
      if (isSessionId(id)) await client.del(key(id));
    },
    async close() {},
  };
}
