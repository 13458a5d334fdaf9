/**
 * The notification outbox in Redis, shared by every instance (several dispatchers claim from it at
 * once). Keys, under the prefix (default "qihu:"; on Cluster a hash-tagged one such as "{qihu}:"):
 *
 *   notify:entries       hash    entry id → NotificationEntry JSON
 *   notify:due           zset    entry id, score = when it is due (a claimed entry: when its lease ends)
 *   notify:claims        hash    entry id → the claim token of the consumer holding it
 *   notify:dead          hash    entry id → NotificationDeadLetter JSON
 *   notify:dedup:<sha>   string  the entry id of a dedup key (hashed), PX = the dedup window
 *
 * Each change is one Lua script, so an entry is never both due and dead, and a consumer whose lease
 * ran out cannot settle an entry another consumer now holds.
 */
import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  DEFAULT_DEDUP_TTL_MS,
  NotificationDeadLetter,
  NotificationEntry,
  clipError,
  type ClaimedNotification,
  type NotificationOutbox,
} from '../../notifications';
import { closeRedisClient, openRedisClient, type AnyRedisClient, type RedisTarget } from './client';
import { evalScript, inlineScript } from './scripts';

const ENQUEUE = inlineScript(`
-- KEYS: dedup, entries, due   ARGV: id, entry JSON, dueAt, dedup ttl ms
local ok = redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[4])
if not ok then return {0, redis.call('GET', KEYS[1])} end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
return {1, ARGV[1]}
`);

const CLAIM = inlineScript(`
-- KEYS: entries, due, claims   ARGV: now, max, lease end, claim token prefix
local ids = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
local out = {}
for i, id in ipairs(ids) do
  local json = redis.call('HGET', KEYS[1], id)
  if json then
    local claim = ARGV[4] .. ':' .. i
    redis.call('ZADD', KEYS[2], ARGV[3], id)
    redis.call('HSET', KEYS[3], id, claim)
    table.insert(out, id)
    table.insert(out, claim)
    table.insert(out, json)
  else
    redis.call('ZREM', KEYS[2], id)
    redis.call('HDEL', KEYS[3], id)
  end
end
return out
`);

const SETTLE = inlineScript(`
-- KEYS: entries, due, claims, dead   ARGV: mode (ack|retry|dead), id, claim, JSON, dueAt
if redis.call('HGET', KEYS[3], ARGV[2]) ~= ARGV[3] then return 0 end
redis.call('HDEL', KEYS[3], ARGV[2])
if ARGV[1] == 'retry' then
  redis.call('HSET', KEYS[1], ARGV[2], ARGV[4])
  redis.call('ZADD', KEYS[2], ARGV[5], ARGV[2])
  return 1
end
redis.call('HDEL', KEYS[1], ARGV[2])
redis.call('ZREM', KEYS[2], ARGV[2])
if ARGV[1] == 'dead' then redis.call('HSET', KEYS[4], ARGV[2], ARGV[4]) end
return 1
`);

const REPLAY = inlineScript(`
-- KEYS: dead, entries, due   ARGV: id, entry JSON, now
if redis.call('HDEL', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
return 1
`);

/** The outbox's keys under a prefix: also written by the ticket store's status change (setState.lua). */
export function notificationOutboxKeys(prefix = 'qihu:') {
  const p = `${prefix}notify:`;
  return {
    entries: `${p}entries`,
    due: `${p}due`,
    claims: `${p}claims`,
    dead: `${p}dead`,
    dedup: (key: string) => `${p}dedup:${createHash('sha256').update(key).digest('hex').slice(0, 40)}`,
  };
}

/** A new entry, due now. */
export const newNotificationEntry = (notification: NotificationEntry['notification'], dedupKey: string, nowMs: number): NotificationEntry => ({
  id: `n-${randomUUID()}`,
  notification,
  dedupKey,
  attempts: 0,
  enqueuedAt: nowMs,
  dueAt: nowMs,
});

export interface RedisNotificationOutboxOptions {
  url?: RedisTarget;
  /** A connected client owned by the caller (not closed by close()). */
  client?: AnyRedisClient;
  prefix?: string;
  dedupTtlMs?: number;
  onError?: (err: Error) => void;
}

const Claimed = z.array(z.string());

export async function createRedisNotificationOutbox(opts: RedisNotificationOutboxOptions): Promise<NotificationOutbox> {
  const { client, owned } = await openRedisClient(opts, 'notification outbox');
  const k = notificationOutboxKeys(opts.prefix);
  const dedupKey = k.dedup;
  const ttl = opts.dedupTtlMs ?? DEFAULT_DEDUP_TTL_MS;
  const run = (script: ReturnType<typeof inlineScript>, keys: string[], args: (string | number)[]) => evalScript(client, script, keys, args);
  const settle = async (mode: 'ack' | 'retry' | 'dead', e: ClaimedNotification, json = '', dueAt = 0) =>
    (await run(SETTLE, [k.entries, k.due, k.claims, k.dead], [mode, e.id, e.claim, json, dueAt])) === 1;

  return {
    async enqueue(notification, key, nowMs) {
      const entry = newNotificationEntry(notification, key, nowMs);
      const r = z.array(z.unknown()).parse(await run(ENQUEUE, [dedupKey(key), k.entries, k.due], [entry.id, JSON.stringify(entry), nowMs, ttl])).map(String);
      return r[0] === '1' ? { queued: true, id: entry.id } : { queued: false, reason: 'duplicate', id: r[1] ?? '' };
    },
    async claimDue(max, leaseMs, nowMs) {
      const flat = Claimed.parse(await run(CLAIM, [k.entries, k.due, k.claims], [nowMs, max, nowMs + leaseMs, randomUUID()]));
      const out: ClaimedNotification[] = [];
      for (let i = 0; i + 2 < flat.length; i += 3) {
        const entry = NotificationEntry.safeParse(JSON.parse(flat[i + 2]!));
        if (entry.success) out.push({ ...entry.data, claim: flat[i + 1]! });
        else opts.onError?.(new Error(`notification entry ${flat[i]} does not parse; left in place`));
      }
      return out;
    },
    ack: (e) => settle('ack', e),
    retryLater(e, dueAt, error) {
      const { claim: _claim, ...entry } = e;
      return settle('retry', e, JSON.stringify({ ...entry, attempts: e.attempts + 1, dueAt, lastError: clipError(error) }), dueAt);
    },
    deadLetter(e, error, nowMs) {
      const dead: NotificationDeadLetter = {
        id: e.id,
        notification: e.notification,
        dedupKey: e.dedupKey,
        attempts: e.attempts + 1,
        enqueuedAt: e.enqueuedAt,
        error: clipError(error),
        deadAt: nowMs,
      };
      return settle('dead', e, JSON.stringify(dead));
    },
    async listDeadLetters(limit = 100) {
      const all = Object.values(await client.hGetAll(k.dead));
      return all
        .map((json) => NotificationDeadLetter.safeParse(JSON.parse(String(json))))
        .flatMap((r) => (r.success ? [r.data] : []))
        .sort((a, b) => b.deadAt - a.deadAt)
        .slice(0, limit);
    },
    async replayDeadLetter(id, nowMs) {
      const json = await client.hGet(k.dead, id);
      if (!json) return false;
      const d = NotificationDeadLetter.parse(JSON.parse(String(json)));
      const entry: NotificationEntry = { id, notification: d.notification, dedupKey: d.dedupKey, attempts: 0, enqueuedAt: nowMs, dueAt: nowMs };
      return (await run(REPLAY, [k.dead, k.entries, k.due], [id, JSON.stringify(entry), nowMs])) === 1;
    },
    size: async () => Number(await client.hLen(k.entries)),
    deadLetterCount: async () => Number(await client.hLen(k.dead)),
    async close() {
      if (owned) await closeRedisClient(client);
    },
  };
}
