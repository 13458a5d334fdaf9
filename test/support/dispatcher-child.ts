/**
 * A qihu dispatcher as its own process, for the fault script and the reliability test (so it can
 * be SIGKILLed mid-delivery). Configured by environment; prints one JSON line per event on stdout.
 *
 *   REDIS_URL (or REDIS_SENTINELS and REDIS_SENTINEL_NAME), BACKEND_URL, ROUTING_SECRET, CONSUMER, REDIS_PREFIX,
 *   REQUEST_TIMEOUT_MS, LEASE_MS, BATCH_SIZE, RETRY_BASE_MS, RETRY_CAP_MS, POLL_MS
 */
import { z } from 'zod';
import { createRedisTicketStore } from '../../src/storage/redis/ticket-store';
import { redisConnectionOf } from '../../src/storage/redis/connect';
import { createDispatcher } from '../../src/tickets/dispatcher';

const Env = z.object({
  REDIS_URL: z.string().optional(),
  REDIS_SENTINELS: z.string().optional(),
  REDIS_SENTINEL_NAME: z.string().optional(),
  BACKEND_URL: z.string(),
  ROUTING_SECRET: z.string().min(16),
  CONSUMER: z.string().min(1),
  REDIS_PREFIX: z.string().optional(),
  REQUEST_TIMEOUT_MS: z.coerce.number().int().positive().default(1000),
  LEASE_MS: z.coerce.number().int().positive().default(3000),
  BATCH_SIZE: z.coerce.number().int().positive().default(16),
  RETRY_BASE_MS: z.coerce.number().int().positive().default(50),
  RETRY_CAP_MS: z.coerce.number().int().positive().default(2000),
  POLL_MS: z.coerce.number().int().positive().default(25),
});

const out = (o: Record<string, unknown>) => process.stdout.write(JSON.stringify(o) + '\n');

async function main(): Promise<void> {
  const env = Env.parse(process.env);
  const url = redisConnectionOf(env);
  if (!url) throw new Error('REDIS_URL or REDIS_SENTINELS is required');
  const store = await createRedisTicketStore({
    url,
    ...(env.REDIS_PREFIX ? { prefix: env.REDIS_PREFIX } : {}),
    onError: () => {},
  });
  const dispatcher = createDispatcher({
    store,
    backendUrl: env.BACKEND_URL,
    secret: env.ROUTING_SECRET,
    consumer: env.CONSUMER,
    requestTimeoutMs: env.REQUEST_TIMEOUT_MS,
    leaseMs: env.LEASE_MS,
    batchSize: env.BATCH_SIZE,
    pollIntervalMs: env.POLL_MS,
    retry: { baseMs: env.RETRY_BASE_MS, capMs: env.RETRY_CAP_MS },
    onEvent: (e) => out({ e: e.type, ticket: e.entry.ticketId, kind: e.entry.kind, attempts: e.entry.attempts }),
  });
  dispatcher.start();
  out({ e: 'ready', consumer: env.CONSUMER });
  const stop = () => {
    void dispatcher
      .stop()
      .then(() => store.close())
      .then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
