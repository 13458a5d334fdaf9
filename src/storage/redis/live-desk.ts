/**
 * The live hand-off's queue, assignments and messages in Redis (src/conversation/live/store.ts),
 * shared by every instance, and its events over pub/sub. Keys: liveDeskKeys (keys.ts), one hash tag.
 *
 * A conversation's JSON is written once, when it is enqueued; who took it is a second hash set by
 * the take script with HSETNX, so two operators (on any instances) cannot both take it, and a
 * conversation finished or expired by one instance is gone for all (each script removes it whole).
 */
import { z } from 'zod';
import {
  createLocalLiveListeners,
  HELD_KEPT,
  HELD_TTL_MS,
  HeldMessage,
  LiveConversation,
  LiveEvent,
  LiveMessage,
  LiveOperator,
  MESSAGES_KEPT,
  TAKES_KEPT,
  type LiveBus,
  type LiveStore,
} from '../../conversation';
import type { AnyRedisClient, RedisTarget } from './client';
import { liveDeskKeys, type LiveDeskKeys } from './keys';
import { evalScript, inlineScript } from './scripts';
import { openFanOut } from './fan-out';

/** A day: messages of a conversation nobody finished (an instance died) do not stay for ever. */
const MESSAGES_TTL_MS = 24 * 60 * 60 * 1000;

/** KEYS: queue, conversations, place. ARGV: session id, JSON, enqueued at (ms), place TTL (ms). Returns the place (1 = next), recorded as told. */
const ENQUEUE = inlineScript(`
if redis.call('HSETNX', KEYS[2], ARGV[1], ARGV[2]) == 1 then redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1]) end
local r = redis.call('ZRANK', KEYS[1], ARGV[1])
if not r then return 0 end
redis.call('SET', KEYS[3], r + 1, 'PX', ARGV[4])
return r + 1`);

/** KEYS: place. ARGV: place, TTL (ms). Returns the place told before, or nil. */
const TELL_PLACE = inlineScript(`
local before = redis.call('GET', KEYS[1])
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return before`);

/**
 * KEYS: held, held-seq. ARGV: now (ms), kept, TTL (ms), each message's JSON. Each gets seq =
 * max(last + 1, now): higher than any given before, even once the counters expired.
 */
const HOLD = inlineScript(`
local last = tonumber(redis.call('HGET', KEYS[2], 'last') or '0')
for i = 4, #ARGV do
  last = math.max(last + 1, tonumber(ARGV[1]))
  local seq = string.format('%d', last)
  redis.call('ZADD', KEYS[1], seq, '{"seq":' .. seq .. ',"message":' .. ARGV[i] .. '}')
end
redis.call('HSET', KEYS[2], 'last', string.format('%d', last))
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -tonumber(ARGV[2]) - 1)
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('PEXPIRE', KEYS[2], ARGV[3])
return last`);

/** KEYS: held, held-seq. ARGV: '1' for again (the unacknowledged ones too). The messages, oldest first; all marked sent. */
const RELEASE = inlineScript(`
local sent = redis.call('HGET', KEYS[2], 'sent') or '0'
local from = '(' .. sent
if ARGV[1] == '1' then from = '-inf' end
local out = redis.call('ZRANGEBYSCORE', KEYS[1], from, '+inf')
local last = redis.call('HGET', KEYS[2], 'last')
if last then redis.call('HSET', KEYS[2], 'sent', last) end
return out`);

/** KEYS: queue, conversations, assignments, takes. ARGV: session id, assignment JSON, now (ms), takes kept. */
const TAKE = inlineScript(`
local json = redis.call('HGET', KEYS[2], ARGV[1])
if not json then return false end
if redis.call('HSETNX', KEYS[3], ARGV[1], ARGV[2]) == 0 then return false end
local enqueued = redis.call('ZSCORE', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[1], ARGV[1])
if enqueued then
  redis.call('RPUSH', KEYS[4], tonumber(ARGV[3]) - tonumber(enqueued))
  redis.call('LTRIM', KEYS[4], -tonumber(ARGV[4]), -1)
end
return json`);

/** KEYS: queue, conversations, assignments, messages. ARGV: session id. Returns {json, assignment or ''} or nil. */
const FINISH = inlineScript(`
local json = redis.call('HGET', KEYS[2], ARGV[1])
if not json then return false end
local assigned = redis.call('HGET', KEYS[3], ARGV[1]) or ''
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('DEL', KEYS[4])
return { json, assigned }`);

/** KEYS: queue, conversations. ARGV: cutoff (ms, exclusive). Returns the JSON of each removed conversation. */
const EXPIRE = inlineScript(`
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[1])
local out = {}
for _, id in ipairs(ids) do
  local json = redis.call('HGET', KEYS[2], id)
  redis.call('ZREM', KEYS[1], id)
  redis.call('HDEL', KEYS[2], id)
  if json then table.insert(out, json) end
end
return out`);

const Assignment = z.object({ operator: LiveOperator, takenAt: z.string() });
// node-redis's replies as the client types them (strings, by the client's defaults).
const Str = z.string().nullable();
const Strings = z.array(z.string());
const Pairs = z.record(z.string(), z.string());

export interface RedisLiveDeskOptions {
  client: AnyRedisClient;
  /** For the subscriber's own connection. */
  url: RedisTarget;
  prefix?: string;
  /** Items that do not parse, subscriber errors. */
  onError?: (err: Error) => void;
}

const jsonOf = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
};

export function createRedisLiveStore(opts: Omit<RedisLiveDeskOptions, 'url'>): LiveStore {
  const { client } = opts;
  const keys: LiveDeskKeys = liveDeskKeys(opts.prefix);

  function conversationOf(json: string, assignment?: string): LiveConversation | undefined {
    const parsed = LiveConversation.safeParse(jsonOf(json));
    if (!parsed.success) {
      opts.onError?.(new Error('a live conversation in Redis does not parse'));
      return undefined;
    }
    const taken = assignment ? Assignment.safeParse(jsonOf(assignment)) : undefined;
    return taken?.success ? { ...parsed.data, status: 'active', operator: taken.data.operator, takenAt: taken.data.takenAt } : parsed.data;
  }

  return {
    async enqueue(c) {
      const place = await evalScript(
        client,
        ENQUEUE,
        [keys.queue, keys.conversations, keys.place(c.sessionId)],
        [c.sessionId, JSON.stringify(c), Date.parse(c.enqueuedAt), HELD_TTL_MS],
      );
      return Number(place);
    },
    async get(sessionId) {
      const [json, assignment] = (await Promise.all([client.hGet(keys.conversations, sessionId), client.hGet(keys.assignments, sessionId)])).map((r) => Str.parse(r));
      return json ? conversationOf(json, assignment ?? undefined) : undefined;
    },
    async position(sessionId) {
      const rank = await client.zRank(keys.queue, sessionId);
      return rank === null ? undefined : Number(rank) + 1;
    },
    async list() {
      const [ids, everything, assigned] = await Promise.all([
        client.zRange(keys.queue, 0, -1),
        client.hGetAll(keys.conversations),
        client.hGetAll(keys.assignments),
      ]);
      const waitingIds = Strings.parse(ids);
      const all = Pairs.parse(everything);
      const assignments = Pairs.parse(assigned);
      const out: LiveConversation[] = [];
      for (const id of waitingIds) {
        const json = all[id];
        const c = json && !assignments[id] ? conversationOf(json) : undefined;
        if (c) out.push(c);
      }
      for (const [id, assignment] of Object.entries(assignments)) {
        const json = all[id];
        const c = json ? conversationOf(json, assignment) : undefined;
        if (c) out.push(c);
      }
      return out;
    },
    async take(sessionId, operator, at) {
      const assignment = JSON.stringify({ operator, takenAt: at.toISOString() });
      const json = await evalScript(client, TAKE, [keys.queue, keys.conversations, keys.assignments, keys.takes], [sessionId, assignment, at.getTime(), TAKES_KEPT]);
      return typeof json === 'string' ? conversationOf(json, assignment) : undefined;
    },
    async finish(sessionId) {
      const reply = await evalScript(client, FINISH, [keys.queue, keys.conversations, keys.assignments, keys.messages(sessionId)], [sessionId]);
      if (!Array.isArray(reply)) return undefined;
      const [json, assignment] = reply as [string, string];
      return conversationOf(json, assignment || undefined);
    },
    async expire(before) {
      const reply = await evalScript(client, EXPIRE, [keys.queue, keys.conversations], [before.getTime()]);
      const gone = (Array.isArray(reply) ? (reply as string[]) : []).flatMap((json) => conversationOf(json) ?? []);
      if (gone.length) await client.del(gone.map((c) => keys.messages(c.sessionId)));
      return gone;
    },
    async addMessage(sessionId, message) {
      const key = keys.messages(sessionId);
      await client.multi().rPush(key, JSON.stringify(message)).lTrim(key, -MESSAGES_KEPT, -1).pExpire(key, MESSAGES_TTL_MS).exec();
    },
    async messages(sessionId) {
      const raw = Strings.parse(await client.lRange(keys.messages(sessionId), 0, -1));
      return raw.flatMap((text) => {
        const parsed = LiveMessage.safeParse(jsonOf(text));
        return parsed.success ? [parsed.data] : [];
      });
    },
    async hold(sessionId, messages) {
      if (!messages.length) return;
      const json = messages.map((m) => JSON.stringify(m));
      await evalScript(client, HOLD, [keys.held(sessionId), keys.heldSeq(sessionId)], [Date.now(), HELD_KEPT, HELD_TTL_MS, ...json]);
    },
    async release(sessionId, again) {
      const reply = await evalScript(client, RELEASE, [keys.held(sessionId), keys.heldSeq(sessionId)], [again ? '1' : '0']);
      return Strings.parse(reply).flatMap((text) => {
        const parsed = HeldMessage.safeParse(jsonOf(text));
        if (!parsed.success) opts.onError?.(new Error('a held live message in Redis does not parse'));
        return parsed.success ? [parsed.data] : [];
      });
    },
    async acknowledge(sessionId, upTo) {
      await client.zRemRangeByScore(keys.held(sessionId), '-inf', upTo);
    },
    async tellPlace(sessionId, place) {
      const before = Str.parse(await evalScript(client, TELL_PLACE, [keys.place(sessionId)], [place, HELD_TTL_MS]) ?? null);
      return before === null ? undefined : Number(before);
    },
    async averageTakeMs() {
      const raw = Strings.parse(await client.lRange(keys.takes, 0, -1)).map(Number).filter(Number.isFinite);
      return raw.length ? raw.reduce((a, b) => a + b, 0) / raw.length : undefined;
    },
    async present(operator, at) {
      await client.zAdd(keys.operators, { score: at.getTime(), value: keys.operator(operator) });
    },
    async presentCount(since) {
      return Number(await client.zCount(keys.operators, since.getTime(), '+inf'));
    },
    async close() {},
  };
}


/** LiveEvents over pub/sub: one subscriber connection per instance; its own events are delivered at once, not twice. */
export async function createRedisLiveBus(opts: RedisLiveDeskOptions): Promise<LiveBus> {
  const channel = liveDeskKeys(opts.prefix).events;
  const local = createLocalLiveListeners();
  const bus = await openFanOut({ ...opts, channel, field: 'event', payload: LiveEvent, what: 'live event', deliver: (e) => local.deliver(e) });
  return {
    publish: (event) => bus.publish(event),
    subscribe: (listener) => local.subscribe(listener),
    async close() {
      local.clear();
      await bus.close();
    },
  };
}

/** The store and the bus together, as the composition root opens them. */
export async function openRedisLiveDesk(opts: RedisLiveDeskOptions): Promise<{ store: LiveStore; bus: LiveBus }> {
  return { store: createRedisLiveStore(opts), bus: await createRedisLiveBus(opts) };
}
