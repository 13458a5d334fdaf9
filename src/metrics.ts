/**
 * Prometheus metrics (prom-client), served at GET /metrics (src/http/metrics-router.ts). One
 * registry per qihu, made by the composition root: never prom-client's global default registry, so
 * several instances in one process (tests) keep their own counts. docs/operations.md lists every
 * metric with the dashboards and alerts built on them.
 *
 * Labels carry bounded values only: decision kinds, channels, route templates (never a raw path
 * with an id in it), statuses, scopes, client names. Series on the hot path are bound once and
 * cached, so counting a chat turn is a Map lookup and an addition.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { RecordKind, NewRecord } from './conversation/records';
import type { DispatchEvent } from './tickets/dispatcher';

/** Seconds: a turn served from the answer cache takes well under a millisecond, one waiting on a stalled Redis up to its deadline. */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export type RateLimitScope = 'session' | 'ip' | 'login' | 'token';

/** Read when /metrics is scraped: the outbox and the dead letters as the store has them now. */
export interface ScrapedGauges {
  outboxDepth?: () => Promise<number>;
  deadLetters?: () => Promise<number>;
}

export interface Metrics {
  readonly registry: Registry;
  /** A conversation turn served: its latency and the decisions it recorded. */
  turn(channel: string, seconds: number, records: readonly Pick<NewRecord, 'kind' | 'reason'>[]): void;
  /** An HTTP request answered: `route` is the route template ("/api/v1/tickets/:id"), never the raw path. */
  http(method: string, route: string, status: number, seconds: number): void;
  /** A ticket entered `status` (filed: queued; delivered; a status report from the routing backend). */
  ticket(status: string): void;
  /** What the dispatcher did with an outbox entry. */
  delivery(event: DispatchEvent): void;
  rateLimited(scope: RateLimitScope): void;
  /** A Redis client reported an error (connection lost, reconnecting …). */
  redisError(client: string): void;
  /** Where the gauges read on scrape come from (the stores are opened after the metrics). */
  gauges(sources: ScrapedGauges): void;
}

/** How long a scrape waits for a store before the gauge reads NaN. */
export const GAUGE_TIMEOUT_MS = 1000;

const DECISION_KINDS: ReadonlySet<RecordKind> = new Set(['answer', 'clarify', 'handoff']);

/** A cache of bound series, so the hot path never hashes a label object. */
function bound<T>(make: (...values: string[]) => T): (...values: string[]) => T {
  const cache = new Map<string, T>();
  return (...values) => {
    const key = values.join('\u0000');
    let series = cache.get(key);
    if (!series) {
      series = make(...values);
      cache.set(key, series);
    }
    return series;
  };
}

async function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export interface MetricsOptions {
  /** Node.js process metrics (CPU, memory, event loop lag, GC, handles). Default true. */
  defaultMetrics?: boolean;
}

export function createMetrics(opts: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: registry });

  const decisions = new Counter({
    name: 'qihu_decisions_total',
    help: 'Decisions of chat turns (answer, clarify, handoff), by channel (web, api, hotline).',
    labelNames: ['kind', 'channel'] as const,
    registers: [registry],
  });
  const handoffs = new Counter({
    name: 'qihu_handoffs_total',
    help: 'Hand-offs to a person, by reason (out_of_scope, low_confidence, asked_for_person, complaint …).',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  const answerSeconds = new Histogram({
    name: 'qihu_answer_seconds',
    help: 'Time to serve one chat turn (state read, engine, state write), by channel.',
    labelNames: ['channel'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const httpRequests = new Counter({
    name: 'qihu_http_requests_total',
    help: 'HTTP requests answered, by method, route template and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const httpSeconds = new Histogram({
    name: 'qihu_http_request_duration_seconds',
    help: 'HTTP request duration until the response is written, by method and route template.',
    labelNames: ['method', 'route'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const tickets = new Counter({
    name: 'qihu_tickets_total',
    help: 'Tickets entering a status on this instance (queued: filed; delivered; then the routing backend’s reports).',
    labelNames: ['status'] as const,
    registers: [registry],
  });
  const deliveries = new Counter({
    name: 'qihu_deliveries_total',
    help: 'Outbox entries handled by the dispatcher, by outcome (delivered, retry, dead, skipped, abandoned).',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const retries = new Counter({
    name: 'qihu_delivery_retries_total',
    help: 'Deliveries to the routing backend that failed and were scheduled again.',
    registers: [registry],
  });
  const rateLimited = new Counter({
    name: 'qihu_rate_limited_total',
    help: 'Requests refused by a rate limit, by scope (chat: session, ip; console: login, token).',
    labelNames: ['scope'] as const,
    registers: [registry],
  });
  const redisErrors = new Counter({
    name: 'qihu_redis_errors_total',
    help: 'Errors reported by a Redis client (connection lost, reconnect failed …), by client.',
    labelNames: ['client'] as const,
    registers: [registry],
  });

  let sources: ScrapedGauges = {};
  new Gauge({
    name: 'qihu_outbox_depth',
    help: 'Outbox entries still to deliver to the routing backend (new, leased or waiting for a retry).',
    registers: [registry],
    async collect() {
      if (!sources.outboxDepth) return;
      // A store that does not answer within a second reads NaN: the scrape itself must answer.
      this.set(await within(sources.outboxDepth(), GAUGE_TIMEOUT_MS).catch(() => NaN));
    },
  });
  new Gauge({
    name: 'qihu_dead_letters',
    help: 'Outbox entries the routing backend refused for good or that failed for 24 hours: they wait for an administrator.',
    registers: [registry],
    async collect() {
      if (!sources.deadLetters) return;
      this.set(await within(sources.deadLetters(), GAUGE_TIMEOUT_MS).catch(() => NaN));
    },
  });

  const decisionOf = bound((kind, channel) => decisions.labels(kind, channel));
  const handoffOf = bound((reason) => handoffs.labels(reason));
  const answerOf = bound((channel) => answerSeconds.labels(channel));
  const requestOf = bound((method, route, status) => httpRequests.labels(method, route, status));
  const durationOf = bound((method, route) => httpSeconds.labels(method, route));

  return {
    registry,
    turn(channel, seconds, records) {
      answerOf(channel).observe(seconds);
      for (const r of records) {
        if (!DECISION_KINDS.has(r.kind)) continue;
        decisionOf(r.kind, channel).inc();
        if (r.kind === 'handoff') handoffOf(r.reason ?? 'unknown').inc();
      }
    },
    http(method, route, status, seconds) {
      requestOf(method, route, String(status)).inc();
      durationOf(method, route).observe(seconds);
    },
    ticket(status) {
      tickets.labels(status).inc();
    },
    delivery(event) {
      deliveries.labels(event.type).inc();
      if (event.type === 'retry') retries.inc();
      // The dispatcher sends a ticket only while it is queued: its acknowledgement delivers it.
      if (event.type === 'delivered' && event.entry.kind === 'ticket') tickets.labels('delivered').inc();
    },
    rateLimited(scope) {
      rateLimited.labels(scope).inc();
    },
    redisError(client) {
      redisErrors.labels(client).inc();
    },
    gauges(given) {
      sources = { ...sources, ...given };
    },
  };
}
