/**
 * Calls in progress in Redis (src/hotline/calls.ts), seen by every qihu instance: a call's CTI feed,
 * its suggestions and its ticket may each reach a different instance behind the load balancer.
 *
 * Five keys per call, under one hash tag `{callId}`: `meta` (a hash: createdAt, ticketId), `u` (the
 * utterances, a list of JSON), `tried` (a hash entryId → JSON) with `order` (a list of entry ids,
 * in first-shown order) and `used` (a list; "" for "none fitted"). Each change is one script that
 * applies it atomically, refreshes the idle TTL of every key and returns the call as it now is, so
 * two instances feeding the same call never lose an utterance.
 */
import { z } from 'zod';
import {
  Call,
  DEFAULT_CALL_IDLE_TTL_MS,
  TRIED_KEPT,
  TriedSuggestion,
  Utterance,
  USED_KEPT,
  UTTERANCES_KEPT,
  type CallStore,
  type CallStoreOptions,
} from '../../hotline';
import type { AnyRedisClient } from './client';
import { evalScript, inlineScript } from './scripts';

export const DEFAULT_CALLS_PREFIX = 'qihu:call:';

/** Every script's tail: the call's five keys read back (meta, utterances, tried, order, used). */
const READ_BACK = `
return { redis.call('HGETALL', KEYS[1]), redis.call('LRANGE', KEYS[2], 0, -1), redis.call('HGETALL', KEYS[3]),
  redis.call('LRANGE', KEYS[4], 0, -1), redis.call('LRANGE', KEYS[5], 0, -1) }`;

/** Every change's head: the call exists from now, and keeps ARGV[1] ms of idle life (ARGV[2]: createdAt). */
const TOUCH = `
redis.call('HSETNX', KEYS[1], 'createdAt', ARGV[2])
local function expire() for i = 1, #KEYS do redis.call('PEXPIRE', KEYS[i], ARGV[1]) end end`;

/** ARGV[3]: speaker, ARGV[4]: the utterance's JSON, ARGV[5]: utterances kept. */
const ADD_UTTERANCE = inlineScript(`${TOUCH}
local last = redis.call('LINDEX', KEYS[2], -1)
local replace = false
if last then
  local ok, d = pcall(cjson.decode, last)
  replace = ok and type(d) == 'table' and d['final'] == false and d['speaker'] == ARGV[3]
end
if replace then redis.call('LSET', KEYS[2], -1, ARGV[4]) else redis.call('RPUSH', KEYS[2], ARGV[4]) end
redis.call('LTRIM', KEYS[2], -tonumber(ARGV[5]), -1)
expire()${READ_BACK}`);

/** ARGV[3]: entries kept; then per suggestion: entry id, its JSON, its score. A known entry keeps its best score. */
const NOTE_SUGGESTIONS = inlineScript(`${TOUCH}
for i = 4, #ARGV, 3 do
  local id, json, score = ARGV[i], ARGV[i + 1], tonumber(ARGV[i + 2])
  local old = redis.call('HGET', KEYS[3], id)
  if old then
    local ok, o = pcall(cjson.decode, old)
    if ok and type(o) == 'table' and type(o['score']) == 'number' and o['score'] > score then
      local d = cjson.decode(json)
      d['score'] = o['score']
      json = cjson.encode(d)
    end
  else
    redis.call('RPUSH', KEYS[4], id)
  end
  redis.call('HSET', KEYS[3], id, json)
end
local over = redis.call('LLEN', KEYS[4]) - tonumber(ARGV[3])
for _ = 1, over do redis.call('HDEL', KEYS[3], redis.call('LPOP', KEYS[4])) end
expire()${READ_BACK}`);

/** ARGV[3]: the entry used ("" for none), ARGV[4]: notes kept. */
const NOTE_USED = inlineScript(`${TOUCH}
redis.call('RPUSH', KEYS[5], ARGV[3])
redis.call('LTRIM', KEYS[5], -tonumber(ARGV[4]), -1)
expire()${READ_BACK}`);

/** A read: no key is created or refreshed. */
const GET_CALL = inlineScript(READ_BACK);

/** Opens the call; ARGV[3]: a ticket id to note as well, or "". */
const OPEN_CALL = inlineScript(`${TOUCH}
if ARGV[3] ~= '' then redis.call('HSET', KEYS[1], 'ticketId', ARGV[3]) end
expire()${READ_BACK}`);

const Reply = z.tuple([z.array(z.string()), z.array(z.string()), z.array(z.string()), z.array(z.string()), z.array(z.string())]);

const jsonOf = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
};

export interface RedisCallStoreOptions extends CallStoreOptions {
  client: AnyRedisClient;
  prefix?: string;
  /** A stored utterance or suggestion that does not parse (it is left out). */
  onError?: (err: Error) => void;
}

export function createRedisCallStore(opts: RedisCallStoreOptions): CallStore {
  const { client } = opts;
  const prefix = opts.prefix ?? DEFAULT_CALLS_PREFIX;
  const idleTtlMs = opts.idleTtlMs ?? DEFAULT_CALL_IDLE_TTL_MS;
  const now = opts.now ?? Date.now;
  const keysOf = (id: string) => ['meta', 'u', 'tried', 'order', 'used'].map((part) => `${prefix}{${id}}:${part}`);

  /** Items that do not parse are reported and left out: one bad line must not lose the call. */
  function items<T>(raw: readonly string[], schema: z.ZodType<T>, what: string, id: string): T[] {
    const out: T[] = [];
    for (const text of raw) {
      const parsed = schema.safeParse(jsonOf(text));
      if (parsed.success) out.push(parsed.data);
      else opts.onError?.(new Error(`call ${id}: a stored ${what} does not parse`));
    }
    return out;
  }

  function callOf(id: string, reply: unknown): Call | undefined {
    const [metaPairs, utterances, triedPairs, order, used] = Reply.parse(reply);
    if (metaPairs.length === 0) return undefined;
    const meta = pairs(metaPairs);
    const triedById = pairs(triedPairs);
    const tried = items(
      order.flatMap((entryId) => (triedById[entryId] === undefined ? [] : [triedById[entryId]])),
      TriedSuggestion,
      'suggestion',
      id,
    );
    return Call.parse({
      id,
      createdAt: meta.createdAt,
      utterances: items(utterances, Utterance, 'utterance', id),
      tried,
      used: used.map((u) => (u === '' ? null : u)),
      ...(meta.ticketId ? { ticketId: meta.ticketId } : {}),
    });
  }

  async function change(id: string, script: ReturnType<typeof inlineScript>, args: (string | number)[]): Promise<Call> {
    const reply = await evalScript(client, script, keysOf(id), [idleTtlMs, new Date(now()).toISOString(), ...args]);
    const call = callOf(id, reply);
    if (!call) throw new Error(`call ${id} vanished while being changed`);
    return call;
  }

  return {
    async get(id) {
      return callOf(id, await evalScript(client, GET_CALL, keysOf(id), []));
    },
    open: (id) => change(id, OPEN_CALL, ['']),
    addUtterance(id, u) {
      const utterance: Utterance = { speaker: u.speaker, text: u.text, final: u.final, at: new Date(now()).toISOString() };
      return change(id, ADD_UTTERANCE, [u.speaker, JSON.stringify(utterance), UTTERANCES_KEPT]);
    },
    async noteSuggestions(id, shown) {
      const args = shown.flatMap((s) => [s.entryId, JSON.stringify(s), s.score]);
      await change(id, NOTE_SUGGESTIONS, [TRIED_KEPT, ...args]);
    },
    noteUsed: (id, entryId) => change(id, NOTE_USED, [entryId ?? '', USED_KEPT]),
    async noteTicket(id, ticketId) {
      await change(id, OPEN_CALL, [ticketId]);
    },
    async close() {},
  };
}

/** A flat [k1, v1, k2, v2 …] list as an object. */
function pairs(flat: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) out[flat[i]!] = flat[i + 1]!;
  return out;
}
