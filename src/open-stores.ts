/**
 * The stores a qihu instance opens before it serves: tickets, and the conversation stores (state,
 * records, rate limits, calls, embeddings cache, live hand-off) in Redis with REDIS_URL or
 * REDIS_SENTINELS / REDIS_CLUSTER_NODES, else in memory and files under DATA_DIR.
 */
import './http-kit/zod-locale';
import { join, resolve } from 'node:path';
import type { Storage } from 'botbuilder';
import type { Config } from './config';
import type { RecordStore } from './conversation/records';
import { createMemoryLiveBus, createMemoryLiveStore, type LiveBus, type LiveStore } from './conversation';
import { openRedisLiveDesk } from './storage/redis/live-desk';
import { createMemoryRateLimiter, type RateLimiter } from './http-kit';
import type { DismissalStore } from './inbox';
import type { Logger } from './log';
import { type Metrics } from './metrics';
import { createFileRecordStore } from './storage/file/record-store';
import { createFileTicketStore } from './storage/file/ticket-store';
import { ExpiringMemoryStorage } from './storage/memory/expiring-storage';
import { createRedisStorage } from './storage/redis/botbuilder-storage';
import { createRedisRateLimiter } from './storage/redis/rate-limit';
import { closeRedisClient, createRedisClient, type AnyRedisClient } from './storage/redis/client';
import { describeRedisTarget, redisConnectionOf } from './storage/redis/connect';
import { createRedisDismissalStore } from './storage/redis/dismissals';
import { createRedisRecordStore } from './storage/redis/record-store';
import { createRedisCallStore } from './storage/redis/calls';
import { createRedisCallEvents } from './storage/redis/call-events';
import { createMemoryCallStore, type CallStore } from './hotline/calls';
import { createMemoryCallEvents, type CallEvents } from './hotline/call-events';
import { createFileEmbeddingCache, type EmbeddingCache } from './llm/embedding-cache';
import { createRedisEmbeddingCache } from './storage/redis/embedding-cache';
import { createRedisTicketStore } from './storage/redis/ticket-store';
import type { TicketStore } from './tickets/store';

export async function openTicketStore(config: Config, log: Logger, metrics: Metrics): Promise<TicketStore> {
  const redis = redisConnectionOf(config);
  if (redis) {
    log.info('tickets in Redis', { redis: describeRedisTarget(redis) });
    return createRedisTicketStore({
      url: redis,
      onError: (err) => {
        log.warn('redis error', { err });
        metrics.redisError('tickets');
      },
      // Acknowledged = durable: with replicas, a new ticket is acknowledged once one holds it.
      waitReplicas: config.REDIS_WAIT_REPLICAS ?? (redis.kind === 'sentinel' ? 1 : 0),
      waitTimeoutMs: config.REDIS_WAIT_TIMEOUT_MS,
      onWaitShort: (detail) => log.warn('ticket acknowledged before a replica held it', detail),
      // A status change and its notification in one step (ticket-updates.ts sends it).
      ...(config.NOTIFY_URL ? { statusNotices: {} } : {}),
    });
  }
  // A crash or a full disk may leave the journal torn or damaged: it is repaired, and said so.
  return createFileTicketStore({
    dir: resolve(config.DATA_DIR),
    onRepair: (detail) => log.warn('ticket journal repaired', { detail }),
    // A status change keeps its notice until it is queued (ticket-updates.ts queues it, again after a crash).
    statusNotices: Boolean(config.NOTIFY_URL),
  });
}

export interface ChatStores {
  state: Storage;
  records: RecordStore;
  limiter: RateLimiter;
  /** The inbox's dismissals, shared through Redis; without it, a file under DATA_DIR. */
  dismissals?: DismissalStore;
  /** Hotline calls in progress and the suggestions pushed to their consoles. */
  calls: CallStore;
  callEvents: CallEvents;
  /** Embeddings already computed, for the semantic layer: shared in Redis, else a file per model. */
  embeddings(model: string): EmbeddingCache;
  /** The live hand-off's queue, assignments and messages, and the events between instances. */
  live: { store: LiveStore; bus: LiveBus };
  /** For /healthz: whether the shared store answers. */
  checks: Record<string, () => Promise<boolean>>;
  close(): Promise<void>;
}

/** Conversation state, records and rate limits: in Redis (one shared client), or the embedded default. */
export async function openChatStores(config: Config, log: Logger, metrics: Metrics): Promise<ChatStores> {
  const windowMs = 60_000;
  const redis = redisConnectionOf(config);
  if (redis) {
    // The chat's hot path: no per-command timeout (turns have deadlines; rate limits sync in the background).
    const onError = (err: Error) => {
      log.warn('redis error (chat)', { err });
      metrics.redisError('chat');
    };
    const client: AnyRedisClient = createRedisClient(redis, onError, { commandTimeoutMs: 0, maxQueuedCommands: 20_000 });
    await client.connect();
    const state = await createRedisStorage({
      client,
      ttlMs: Math.round(config.STATE_TTL_DAYS * 24 * 60 * 60 * 1000),
      onError: (err) => log.warn('conversation state item skipped', { err }),
    });
    const records = await createRedisRecordStore({ client });
    const limiter = createRedisRateLimiter({ client, windowMs, log });
    const calls = createRedisCallStore({ client, onError: (err) => log.warn('hotline call item skipped', { err }) });
    const callEvents = await createRedisCallEvents({
      client,
      url: redis,
      onError: (err) => {
        log.warn('hotline call events', { err });
        metrics.redisError('call-events');
      },
    });
    const live = await openRedisLiveDesk({ client, url: redis, onError: (err) => (log.warn('live hand-off', { err }), metrics.redisError('live')) });
    log.info('conversation state, records, chat rate limits and hotline calls in Redis', { stateTtlDays: config.STATE_TTL_DAYS });
    return {
      state,
      records,
      limiter,
      dismissals: createRedisDismissalStore({ client }),
      calls,
      callEvents,
      embeddings: (model) => createRedisEmbeddingCache(client, model),
      live,
      checks: { redis: async () => (await client.ping()) === 'PONG' },
      async close() {
        await live.bus.close();
        await callEvents.close();
        await calls.close();
        await limiter.close();
        await records.close();
        await state.close();
        await closeRedisClient(client);
      },
    };
  }
  const dataDir = resolve(config.DATA_DIR);
  const records = await createFileRecordStore({ dir: dataDir });
  log.info('conversation state in memory (no REDIS_URL): a restart forgets open conversations; records under DATA_DIR', {
    dir: dataDir,
  });
  const limiter = createMemoryRateLimiter({ windowMs });
  const calls = createMemoryCallStore();
  const callEvents = createMemoryCallEvents();
  return {
    // Forgotten after STATE_TTL_DAYS without a turn, as in Redis.
    state: new ExpiringMemoryStorage(Math.round(config.STATE_TTL_DAYS * 24 * 60 * 60 * 1000)),
    records,
    limiter,
    calls,
    callEvents,
    embeddings: (model) => createFileEmbeddingCache(join(dataDir, 'embeddings'), model),
    live: { store: createMemoryLiveStore(), bus: createMemoryLiveBus() },
    checks: {},
    async close() {
      await callEvents.close();
      await calls.close();
      await records.close();
      await limiter.close();
    },
  };
}
