/**
 * Prometheus metrics (prom-client), served at GET /metrics (src/http/metrics-router.ts). One
 * registry per qihu, made by the composition root: never prom-client's global default registry, so
 * several instances in one process (tests) keep their own counts. docs/operations.md lists every
 * metric with the dashboards and alerts built on them.
 *
 * Labels carry bounded values only: decision kinds, channels, route templates (never a raw path
 * with an id in it), statuses, scopes, client names. The series counted on every chat turn and
 * request are plain numbers (HotCounter, HotHistogram), so counting a turn is a Map lookup and an
 * addition.
 */
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
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

/**
 * Counters and histograms of the hot path (every chat turn, every request), kept as plain numbers
 * per series and turned into the exposition only when scraped: prom-client's own would hash the
 * label set on every increment. Registered with the registry as any metric (its get()).
 */
abstract class HotMetric<S> {
  private readonly series = new Map<string, { labels: Record<string, string>; data: S }>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly labelNames: readonly string[],
    registry: Registry,
  ) {
    registry.registerMetric(this as unknown as Parameters<Registry['registerMetric']>[0]);
  }

  protected abstract fresh(): S;

  /** The series of these label values (in labelNames' order), made on first use. */
  protected of(values: readonly string[]): S {
    const key = values.length === 1 ? values[0]! : values.join('\u0000');
    let s = this.series.get(key);
    if (!s) {
      s = { labels: Object.fromEntries(this.labelNames.map((n, i) => [n, values[i] ?? ''])), data: this.fresh() };
      this.series.set(key, s);
    }
    return s.data;
  }

  protected all(): Iterable<{ labels: Record<string, string>; data: S }> {
    return this.series.values();
  }
}

class HotCounter extends HotMetric<{ value: number }> {
  readonly type = 'counter';
  protected fresh() {
    return { value: 0 };
  }
  inc(...values: string[]): void {
    this.of(values).value++;
  }
  get() {
    return { name: this.name, help: this.help, type: this.type, aggregator: 'sum', values: [...this.all()].map((s) => ({ labels: s.labels, value: s.data.value })) };
  }
}

class HotHistogram extends HotMetric<{ buckets: Float64Array; sum: number; count: number }> {
  readonly type = 'histogram';
  constructor(name: string, help: string, labelNames: readonly string[], registry: Registry, private readonly bounds: readonly number[]) {
    super(name, help, labelNames, registry);
  }
  protected fresh() {
    return { buckets: new Float64Array(this.bounds.length), sum: 0, count: 0 };
  }
  observe(value: number, ...values: string[]): void {
    const s = this.of(values);
    const b = this.bounds;
    let i = 0;
    while (i < b.length && value > b[i]!) i++;
    if (i < b.length) s.buckets[i]!++;
    s.sum += value;
    s.count++;
  }
  get() {
    const values: { labels: Record<string, string | number>; value: number; metricName: string }[] = [];
    for (const { labels, data } of this.all()) {
      let cumulative = 0;
      this.bounds.forEach((le, i) => {
        cumulative += data.buckets[i]!;
        values.push({ labels: { ...labels, le }, value: cumulative, metricName: `${this.name}_bucket` });
      });
      values.push({ labels: { ...labels, le: '+Inf' }, value: data.count, metricName: `${this.name}_bucket` });
      values.push({ labels, value: data.sum, metricName: `${this.name}_sum` });
      values.push({ labels, value: data.count, metricName: `${this.name}_count` });
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: 'sum', values };
  }
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

  const decisions = new HotCounter(
    'qihu_decisions_total',
    'Decisions of chat turns (answer, clarify, handoff), by channel (web, api, hotline).',
    ['kind', 'channel'],
    registry,
  );
  const handoffs = new HotCounter(
    'qihu_handoffs_total',
    'Hand-offs to a person, by reason (out_of_scope, low_confidence, asked_for_person, complaint …).',
    ['reason'],
    registry,
  );
  const answerSeconds = new HotHistogram(
    'qihu_answer_seconds',
    'Time to serve one chat turn (state read, engine, state write), by channel.',
    ['channel'],
    registry,
    LATENCY_BUCKETS,
  );
  const httpRequests = new HotCounter('qihu_http_requests_total', 'HTTP requests answered, by method, route template and status.', ['method', 'route', 'status'], registry);
  const httpSeconds = new HotHistogram(
    'qihu_http_request_duration_seconds',
    'HTTP request duration until the response is written, by method and route template.',
    ['method', 'route'],
    registry,
    LATENCY_BUCKETS,
  );
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

  return {
    registry,
    turn(channel, seconds, records) {
      answerSeconds.observe(seconds, channel);
      for (const r of records) {
        if (!DECISION_KINDS.has(r.kind)) continue;
        decisions.inc(r.kind, channel);
        if (r.kind === 'handoff') handoffs.inc(r.reason ?? 'unknown');
      }
    },
    http(method, route, status, seconds) {
      httpRequests.inc(method, route, String(status));
      httpSeconds.observe(seconds, method, route);
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
