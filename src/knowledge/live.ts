/**
 * The live knowledge base: the engine (and routing table) of the store's published revision, kept
 * current on every running instance.
 *
 * How a publish reaches an instance (within 1 s; measured in test/kb-store/live.test.ts):
 *   - Redis mode: the publish script PUBLISHes the revision id on the channel right after storing
 *     the revision; every instance subscribes, reads the revision and swaps. Reconnecting
 *     subscribers check at once (messages sent while disconnected are lost), and a poll of the
 *     revision id every few seconds is the safety net for anything else missed.
 *   - File mode (one instance): the store notifies this process directly after a publish.
 *
 * The swap never blocks or drops a request: the new engine is built outside any request, then
 * the reference is replaced in one assignment. The index of the past cases (src/cases) is built in
 * slices between other work, and kept as it is when a revision's cases did not change (most
 * publishes change entries only; the 2,774 real cases take seconds to index). A request calls `engine()` once and keeps that
 * engine to the end, so requests in flight finish on the revision they started with. A revision
 * that fails to build is logged and skipped; the previous engine keeps serving.
 */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { buildCaseIndex, type CaseIndex } from '../cases';
import { createEngine, type Engine, type EngineOptions } from '../engine';
import type { CasesFile, KnowledgeBase } from '../kb';
import type { KbStore, Published } from '../kb/store';
import type { Logger } from '../log';
import { closeRedisClient, createRedisClient, kbRedisKeys, type AnyRedisClient, type RedisTarget } from '../storage/redis';
import { compileRouting, type RoutingTable } from '../tickets';
import { parseModel, TriageClassifier } from '../classifier';
import { coalesced } from '../util';

export interface LiveKnowledgeBaseOptions {
  store: KbStore;
  /** Set with the Redis store (a URL or a Sentinel/Cluster connection): subscribe to its publish channel. */
  redisUrl?: RedisTarget;
  /** The Redis store's key prefix (default "qihu:"). */
  redisPrefix?: string;
  log: Logger;
  /** Safety-net poll of the published revision id. Default 3000 ms; 0 turns it off. */
  pollIntervalMs?: number;
  /** Options of every engine built (its analysis cache). */
  engine?: EngineOptions;
  /** Told of each error of the subscriber's Redis client (metrics; it is logged too). */
  onRedisError?: (err: Error) => void;
}

export interface LiveChange {
  revision: string;
  previous: string;
  entries: number;
  buildMs: number;
}

export interface LiveKnowledgeBase {
  /** The current engine. Call once per request and keep the result for that request. */
  engine(): Engine;
  /** The revision the current engine was built from (r1, r2 …). */
  revision(): string;
  kb(): KnowledgeBase;
  /** The published routing table, compiled; undefined when the store has none. */
  routing(): RoutingTable | undefined;
  /** The index of the published past cases (empty when there are none). */
  cases(): CaseIndex;
  /** Called after each swap. Returns an unsubscribe function. */
  onChange(cb: (change: LiveChange) => void): () => void;
  /** Check for a new revision now and swap if there is one; resolves with the current revision. */
  refresh(): Promise<string>;
  close(): Promise<void>;
}

interface IndexedCases {
  /** A hash of the cases' content: the same cases need no new index. */
  key: string;
  index: CaseIndex;
}

interface Loaded {
  revision: string;
  engine: Engine;
  kb: KnowledgeBase;
  routing: RoutingTable | undefined;
  cases: IndexedCases;
}

async function indexCases(file: CasesFile | null, previous: IndexedCases | undefined): Promise<IndexedCases> {
  const key = createHash('sha256').update(JSON.stringify(file?.cases ?? [])).digest('hex');
  if (previous?.key === key) return previous;
  return { key, index: await buildCaseIndex(file?.cases ?? []) };
}

async function build(p: Published, model: TriageClassifier | undefined, engineOptions: EngineOptions | undefined, previous?: Loaded): Promise<Loaded> {
  const engine = createEngine(p.kb, engineOptions);
  return {
    revision: p.revision,
    engine,
    kb: p.kb,
    routing: p.routing ? compileRouting(p.routing, model) : undefined,
    cases: await indexCases(p.cases, previous?.cases),
  };
}

/**
 * The revision's triage model, loaded once per model version (a model is megabytes and most
 * publishes do not change it). A revision whose model cannot be read fails to build like any
 * broken revision: the previous one keeps serving.
 */
function modelLoader(store: KbStore) {
  let loaded: TriageClassifier | undefined;
  return async (p: Published): Promise<TriageClassifier | undefined> => {
    const ref = p.triageModel;
    if (!ref) return undefined;
    if (loaded?.version === ref.version) return loaded;
    const json = await store.triageModelJson(ref.version);
    if (json === undefined) throw new Error(`triage model ${ref.version} of revision ${p.revision} is not in the store`);
    const model = new TriageClassifier(parseModel(json));
    if (model.version !== ref.version) throw new Error(`triage model blob ${ref.version} holds model ${model.version}`);
    return (loaded = model);
  };
}

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function createLiveKnowledgeBase(opts: LiveKnowledgeBaseOptions): Promise<LiveKnowledgeBase> {
  const { store, log } = opts;
  const first = await store.published();
  if (!first) throw new Error('the knowledge-base store has no published revision: seed it first (store.seedIfEmpty)');
  const loadModel = modelLoader(store);
  let current = await build(first, await loadModel(first), opts.engine);
  log.info('knowledge base live', { revision: current.revision, entries: first.kb.entries.length, mode: store.mode });

  const listeners = new Set<(c: LiveChange) => void>();
  let closed = false;
  let failedRevision: string | undefined;
  async function reload(reason: string): Promise<void> {
    const revision = await store.publishedRevision();
    if (!revision || revision === current.revision || revision === failedRevision) return;
    const published = await store.published();
    if (!published || published.revision === current.revision || closed) return;
    // Build outside whatever callback brought us here, then swap the reference in one step.
    await nextTick();
    const started = performance.now();
    let next: Loaded;
    try {
      next = await build(published, await loadModel(published), opts.engine, current);
    } catch (err) {
      failedRevision = published.revision;
      log.error('knowledge base revision failed to build; keeping the previous one', {
        revision: published.revision,
        live: current.revision,
        err,
      });
      return;
    }
    const buildMs = Math.round(performance.now() - started);
    const previous = current;
    current = next;
    failedRevision = undefined;
    const change: LiveChange = { revision: next.revision, previous: previous.revision, entries: next.kb.entries.length, buildMs };
    log.info('knowledge base revision live', { ...change, reason });
    for (const cb of listeners) {
      try {
        cb(change);
      } catch (err) {
        log.warn('knowledge base change listener failed', { err });
      }
    }
  }

  /** One reload at a time; a request for another while one runs makes it run once more after. */
  let reason = 'start';
  const reloadOnce = coalesced(
    async () => {
      try {
        await reload(reason);
      } catch (err) {
        log.warn('knowledge base revision check failed', { reason, err });
      }
    },
    () => closed,
  );
  function check(why: string): Promise<void> {
    reason = why;
    return reloadOnce();
  }

  const offLocal = store.onPublished(() => void check('local'));

  let sub: AnyRedisClient | undefined;
  if (opts.redisUrl) {
    const channel = kbRedisKeys(opts.redisPrefix).channel;
    sub = createRedisClient(opts.redisUrl, (err) => {
      log.warn('knowledge base subscriber error', { err });
      opts.onRedisError?.(err);
    });
    let connectedOnce = false;
    sub.on('ready', () => {
      // Messages published while disconnected are lost: look for a missed revision at once.
      if (connectedOnce) void check('reconnect');
      connectedOnce = true;
    });
    await sub.connect();
    await sub.subscribe(channel, () => void check('pubsub'));
  }

  const pollMs = opts.pollIntervalMs ?? 3000;
  const timer = pollMs > 0 ? setInterval(() => void check('poll'), pollMs) : undefined;
  timer?.unref();

  // A revision published between reading `first` and subscribing would otherwise wait for the poll.
  void check('start');

  return {
    engine: () => current.engine,
    revision: () => current.revision,
    kb: () => current.kb,
    routing: () => current.routing,
    cases: () => current.cases.index,
    onChange(cb) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    async refresh() {
      await check('refresh');
      return current.revision;
    },
    async close() {
      closed = true;
      if (timer) clearInterval(timer);
      offLocal();
      listeners.clear();
      await reloadOnce.idle();
      if (sub) await closeRedisClient(sub);
    },
  };
}
