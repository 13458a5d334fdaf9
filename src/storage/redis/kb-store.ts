/**
 * The KbStore on Redis, shared by every qihu instance (keys in kb-keys.ts). Each write is one Lua
 * script, so a change set — every target's new state and version, the change-set record, its index
 * entry and its audit record — lands completely or not at all, and only if the draft is still at
 * the revision it was computed from (compare-and-set on the change-set counter). Publishing is a
 * second script that stores the revision and PUBLISHes its id on the channel in the same step, so a
 * subscriber that hears of a revision can always read it.
 *
 * Reads of the draft are cached per instance by revision: a GET of the counter decides whether the
 * cached snapshot is still current; otherwise the whole draft hash is read in one MULTI with the
 * counter, so the snapshot is consistent.
 */
import { z } from 'zod';
import { closeRedisClient, openRedisClient, type AnyRedisClient, type RedisTarget } from './client';
import { evalScript, inlineScript } from './scripts';
import { kbRedisKeys, type KbRedisKeys } from './kb-keys';
import {
  createKbStore,
  AuditRecord,
  ChangeSet,
  PublishedContent,
  PublishMeta,
  TargetState,
  VersionRecord,
  parseTargetValue,
  type CoreOptions,
  type Commit,
  type DraftSnapshot,
  type KbBackend,
  type KbStore,
} from '../../kb/store';

/**
 * Commit one change set.
 *   KEYS[1] seq  KEYS[2] draft hash  KEYS[3] change-set key  KEYS[4] change-set index  KEYS[5] audit stream
 *   KEYS[5+i] version list of target i
 *   ARGV[1] expected seq  ARGV[2] change-set JSON  ARGV[3] change-set id  ARGV[4] audit JSON  ARGV[5] n targets
 *   ARGV[5+3(i-1)+1..3] target i: field, state JSON, version JSON
 * Returns the new seq, or 0 when the draft is no longer at the expected seq (nothing written).
 */
const COMMIT = `
local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
if cur ~= tonumber(ARGV[1]) then return 0 end
local seq = redis.call('INCR', KEYS[1])
local n = tonumber(ARGV[5])
for i = 1, n do
  local b = 5 + (i - 1) * 3
  redis.call('HSET', KEYS[2], ARGV[b + 1], ARGV[b + 2])
  redis.call('RPUSH', KEYS[5 + i], ARGV[b + 3])
end
redis.call('SET', KEYS[3], ARGV[2])
redis.call('ZADD', KEYS[4], seq, ARGV[3])
redis.call('XADD', KEYS[5], '*', 'json', ARGV[4])
return seq
`;

/**
 * Store a published revision and announce it.
 *   KEYS[1] published hash  KEYS[2] audit stream
 *   ARGV[1] expected n (0 = none yet)  ARGV[2] n  ARGV[3] revision  ARGV[4] meta JSON
 *   ARGV[5] content JSON  ARGV[6] audit JSON  ARGV[7] channel
 * Returns 1, or 0 when another revision was published meanwhile (nothing written).
 */
const PUBLISH = `
local cur = tonumber(redis.call('HGET', KEYS[1], 'n') or '0')
if cur ~= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'n', ARGV[2], 'revision', ARGV[3], 'meta', ARGV[4], 'content', ARGV[5])
redis.call('XADD', KEYS[2], '*', 'json', ARGV[6])
redis.call('PUBLISH', ARGV[7], ARGV[3])
return 1
`;

const SCRIPTS = { commit: inlineScript(COMMIT), publish: inlineScript(PUBLISH) } as const;

const runScript = (client: AnyRedisClient, name: keyof typeof SCRIPTS, keys: string[], args: string[]): Promise<unknown> =>
  evalScript(client, SCRIPTS[name], keys, args);

const Count = z.coerce.number().int().min(0);
const StreamRows = z.array(z.object({ id: z.string(), message: z.record(z.string(), z.string()) }));

export interface RedisKbStoreOptions extends CoreOptions {
  /** redis:// URL or a Sentinel/Cluster connection; a client is created, connected and closed with the store. */
  url?: RedisTarget;
  /** Or a connected client owned by the caller (not closed by close()). */
  client?: AnyRedisClient;
  prefix?: string;
  onError?: (err: Error) => void;
}

function parseVersion(json: string): VersionRecord {
  const v = VersionRecord.parse(JSON.parse(json));
  v.value = parseTargetValue(v.target, v.value);
  return v;
}

export async function createRedisKbBackend(opts: RedisKbStoreOptions): Promise<KbBackend & { keys: KbRedisKeys }> {
  const keys = kbRedisKeys(opts.prefix);
  const { client, owned } = await openRedisClient(opts, 'createRedisKbStore');

  async function seq(): Promise<number> {
    return Count.parse((await client.get(keys.seq)) ?? 0);
  }

  return {
    mode: 'redis',
    keys,
    seq,
    async readDraft(): Promise<DraftSnapshot> {
      const [rawSeq, rawDraft] = (await client.multi().get(keys.seq).hGetAll(keys.draft).exec()) as unknown as [
        string | null,
        Record<string, string>,
      ];
      const states = new Map<string, TargetState>();
      for (const [target, json] of Object.entries(rawDraft ?? {})) {
        const s = TargetState.parse(JSON.parse(json));
        if (s.target !== target) throw new Error(`draft field ${target} holds the state of ${s.target}`);
        s.value = parseTargetValue(target, s.value);
        states.set(target, s);
      }
      return { seq: Count.parse(rawSeq ?? 0), states };
    },
    async commit(expectedSeq: number, commit: Commit) {
      const k = [keys.seq, keys.draft, keys.changeSet(commit.changeSet.id), keys.changeSets, keys.audit];
      const a = [String(expectedSeq), JSON.stringify(commit.changeSet), commit.changeSet.id, JSON.stringify(commit.audit), String(commit.versions.length)];
      for (const v of commit.versions) {
        const { diff: _diff, ...state } = v;
        k.push(keys.versions(v.target));
        a.push(v.target, JSON.stringify(state), JSON.stringify(v));
      }
      const reply = Count.parse(await runScript(client, 'commit', k, a));
      return reply > 0;
    },
    async history(target) {
      return (await client.lRange(keys.versions(target), 0, -1)).map((j) => parseVersion(String(j)));
    },
    async version(target, version) {
      if (!Number.isInteger(version) || version < 1) return undefined;
      const json = await client.lIndex(keys.versions(target), version - 1);
      return json == null ? undefined : parseVersion(String(json));
    },
    async changeSet(id) {
      const json = await client.get(keys.changeSet(id));
      return json == null ? undefined : ChangeSet.parse(JSON.parse(String(json)));
    },
    async listChangeSets(offset, limit) {
      const ids = (await client.zRange(keys.changeSets, offset, offset + limit - 1, { REV: true })).map(String);
      if (!ids.length) return [];
      const rows = await client.mGet(ids.map((id) => keys.changeSet(id)));
      return rows.filter((r) => r != null).map((r) => ChangeSet.parse(JSON.parse(String(r))));
    },
    async audit(sinceMs, limit) {
      const rows = StreamRows.parse(await client.xRevRange(keys.audit, '+', sinceMs === undefined ? '-' : String(sinceMs), { COUNT: limit }));
      return rows
        .map((r) => AuditRecord.parse(JSON.parse(r.message.json ?? 'null')))
        .filter((r) => sinceMs === undefined || Date.parse(r.at) >= sinceMs);
    },
    async publishedMeta() {
      const json = await client.hGet(keys.published, 'meta');
      return json == null ? undefined : PublishMeta.parse(JSON.parse(String(json)));
    },
    async published() {
      const [meta, content] = await client.hmGet(keys.published, ['meta', 'content']);
      if (meta == null || content == null) return undefined;
      return { meta: PublishMeta.parse(JSON.parse(String(meta))), content: PublishedContent.parse(JSON.parse(String(content))) };
    },
    async publish(expectedN, meta, content, audit) {
      const reply = Count.parse(
        await runScript(
          client,
          'publish',
          [keys.published, keys.audit],
          [String(expectedN), String(meta.n), meta.revision, JSON.stringify(meta), JSON.stringify(content), JSON.stringify(audit), keys.channel],
        ),
      );
      return reply === 1;
    },
    async putBlob(name, data) {
      // Write-once (NX): a blob's name is its content's version.
      await client.set(keys.blob(name), data, { NX: true });
    },
    async getBlob(name) {
      const value = await client.get(keys.blob(name));
      return value === null ? undefined : String(value);
    },
    async close() {
      if (owned) await closeRedisClient(client);
    },
  };
}

/** The shared store (REDIS_URL set): any number of instances. */
export async function createRedisKbStore(opts: RedisKbStoreOptions): Promise<KbStore & { readonly keys: KbRedisKeys }> {
  const backend = await createRedisKbBackend(opts);
  return Object.assign(createKbStore(backend, opts), { keys: backend.keys });
}
