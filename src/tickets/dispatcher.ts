/**
 * The dispatcher: takes due entries from the outbox and POSTs them, signed, to the routing backend.
 *
 *   2xx                    → ack (ticket: queued → delivered)
 *   4xx except 408/429     → dead letter at once (PermanentDeliveryError: resending cannot help)
 *   5xx, 408, 429, timeout,
 *   connection errors      → retry later, exponential back-off with full jitter (backoff.ts),
 *                            for up to 24 h after the entry was queued, then dead letter
 *
 * Delivery is at least once: an instance can crash after the backend answered and before the ack,
 * and the entry is then delivered again after its lease; the backend drops repeats by
 * Idempotency-Key. Several dispatchers may share one store (Redis): each claims its own entries.
 * Logs name tickets by id and errors by status or code, never the payload.
 */
import { randomUUID, createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { RetryPolicy, nextRetry, type RetryPolicyInput } from './backoff';
import { IDEMPOTENCY_HEADER, signRequest } from './signing';
import { createPollLoop } from '../util';
import type { OutboxEntry, TicketStore } from './store';

/** The backend refused the request for good (4xx other than 408/429). */
export class PermanentDeliveryError extends Error {
  constructor(
    readonly status: number,
    message = `HTTP ${status}`,
  ) {
    super(message);
    this.name = 'PermanentDeliveryError';
  }
}

/** Worth trying again: 5xx, 408, 429, timeout, connection refused/reset … */
export class TransientDeliveryError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs = 0,
  ) {
    super(message);
    this.name = 'TransientDeliveryError';
  }
}

export interface DispatcherLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export const silentLogger: DispatcherLogger = { info: () => {}, warn: () => {}, error: () => {} };

export type DispatchEvent =
  | { type: 'delivered'; entry: OutboxEntry; status: number }
  | { type: 'skipped'; entry: OutboxEntry; reason: string }
  | { type: 'retry'; entry: OutboxEntry; error: string; dueAt: number }
  | { type: 'dead'; entry: OutboxEntry; error: string }
  | { type: 'abandoned'; entry: OutboxEntry; error: string };

export interface DispatcherOptions {
  store: TicketStore;
  /** Base URL of the routing backend (http://host:port), or its tickets endpoint (…/api/v1/tickets). */
  backendUrl: string;
  /** Shared HMAC secret (ROUTING_SECRET). */
  secret: string;
  /** Name in the consumer group; unique per instance. Default hostname:pid:random. */
  consumer?: string;
  /** Per request. Default 10 s. */
  requestTimeoutMs?: number;
  /** How long a claimed entry is ours before another instance may take it. Default max(60 s, 3 × timeout). */
  leaseMs?: number;
  /** Entries claimed (and sent in parallel) per round. Default 16. */
  batchSize?: number;
  /** Pause when the outbox is empty. Default 200 ms. */
  pollIntervalMs?: number;
  retry?: RetryPolicyInput;
  now?: () => number;
  random?: () => number;
  fetch?: typeof globalThis.fetch;
  logger?: DispatcherLogger;
  onEvent?: (event: DispatchEvent) => void;
}

export interface Dispatcher {
  readonly consumer: string;
  /** Start the loop (idempotent). */
  start(): void;
  /** Stop claiming, let deliveries in flight finish (bounded by the request timeout), then resolve. */
  stop(): Promise<void>;
  /** One round: claim, deliver, settle. The number of entries handled. */
  runOnce(): Promise<number>;
  readonly running: boolean;
}

export function ticketsEndpoint(backendUrl: string): string {
  const u = new URL(backendUrl);
  const path = u.pathname.replace(/\/+$/, '');
  u.pathname = path.endsWith('/tickets') ? path : `${path}/api/v1/tickets`;
  u.search = '';
  return u.toString();
}

function parseRetryAfter(value: string | null, now: number): number {
  if (!value) return 0;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : 0;
}

/** A short, payload-free description of a transport failure. Duck-typed: fetch's errors may come
 * from another realm (test runners), where instanceof Error is false. */
function describeError(err: unknown, timeoutMs: number): string {
  if (typeof err === 'object' && err !== null) {
    const e = err as { name?: unknown; message?: unknown; cause?: { code?: unknown; message?: unknown } };
    if (e.name === 'TimeoutError') return `timeout after ${timeoutMs} ms`;
    if (e.name === 'AbortError') return 'aborted';
    const cause = e.cause;
    if (cause && typeof cause.code === 'string') return `connection error ${cause.code}`;
    if (cause && typeof cause.message === 'string') return `connection error: ${cause.message.slice(0, 200)}`;
    if (typeof e.message === 'string') return e.message.slice(0, 200);
  }
  return String(err).slice(0, 200);
}

export function createDispatcher(opts: DispatcherOptions): Dispatcher {
  const store = opts.store;
  const consumer = opts.consumer ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const timeoutMs = opts.requestTimeoutMs ?? 10_000;
  const leaseMs = opts.leaseMs ?? Math.max(60_000, 3 * timeoutMs);
  if (leaseMs <= timeoutMs) throw new Error('leaseMs must be longer than requestTimeoutMs');
  const batchSize = opts.batchSize ?? 16;
  const pollMs = opts.pollIntervalMs ?? 200;
  const policy = RetryPolicy.parse(opts.retry ?? {});
  const now = opts.now ?? Date.now;
  const random = opts.random ?? Math.random;
  const doFetch = opts.fetch ?? globalThis.fetch;
  const log = opts.logger ?? silentLogger;
  const emit = opts.onEvent ?? (() => {});
  const endpoint = ticketsEndpoint(opts.backendUrl);

  /** What to send for an entry, or a reason to settle it without sending. */
  async function buildRequest(
    entry: OutboxEntry,
  ): Promise<{ url: string; body: string; key: string } | { skip: string } | { dead: string }> {
    const ticket = await store.getTicket(entry.ticketId);
    if (!ticket) return { dead: 'ticket not found in store' };
    if (entry.kind === 'ticket') {
      const state = await store.getState(entry.ticketId);
      // The backend already reported on this ticket (its callback beat our ack): it has it.
      if (state && state.status !== 'queued') return { skip: `already ${state.status}` };
      return { url: endpoint, body: JSON.stringify(ticket), key: ticket.idempotencyKey };
    }
    const state = await store.getState(entry.ticketId);
    const rating = state?.rating;
    if (!rating) return { dead: 'rating not found in store' };
    const body = JSON.stringify({ ticketId: ticket.id, ...rating });
    return { url: `${endpoint}/${encodeURIComponent(ticket.id)}/rating`, body, key: `${ticket.idempotencyKey}:rating` };
  }

  async function send(url: string, body: string, key: string): Promise<number> {
    let res: Response;
    try {
      res = await doFetch(url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          [IDEMPOTENCY_HEADER]: key,
          // The delivery is one event whatever the attempt: its id follows from the idempotency key.
          ...signRequest(opts.secret, { method: 'POST', path: new URL(url).pathname, eventId: eventIdOf(key), body }, now()),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      // Drain the body so the connection can be reused; its content is not needed.
      await res.arrayBuffer();
    } catch (err) {
      throw new TransientDeliveryError(describeError(err, timeoutMs));
    }
    const s = res.status;
    if (s >= 200 && s < 300) return s;
    if (s === 408 || s === 429 || s >= 500)
      throw new TransientDeliveryError(`HTTP ${s}`, parseRetryAfter(res.headers.get('retry-after'), now()));
    throw new PermanentDeliveryError(s);
  }

  /** Store calls after a delivery: retried briefly, since the entry is otherwise sent again. */
  async function settle(what: string, entry: OutboxEntry, fn: () => Promise<boolean>): Promise<void> {
    for (let i = 0; ; i++) {
      try {
        const ok = await fn();
        if (!ok) log.info('entry already settled by another consumer', { entry: entry.id, ticket: entry.ticketId });
        return;
      } catch (err) {
        if (i >= 4) {
          // The lease runs out and the entry is delivered again; the backend drops the repeat.
          log.error(`could not ${what}`, { entry: entry.id, ticket: entry.ticketId, error: describeError(err, 0) });
          emit({ type: 'abandoned', entry, error: describeError(err, 0) });
          return;
        }
        await new Promise((r) => setTimeout(r, 100 * 2 ** i));
      }
    }
  }

  async function deliver(entry: OutboxEntry): Promise<void> {
    const req = await buildRequest(entry);
    if ('skip' in req) {
      await settle('ack', entry, () => store.ack(entry, new Date(now()).toISOString()));
      emit({ type: 'skipped', entry, reason: req.skip });
      return;
    }
    if ('dead' in req) {
      log.error('dead letter', { entry: entry.id, ticket: entry.ticketId, kind: entry.kind, error: req.dead });
      await settle('dead-letter', entry, () => store.deadLetter(entry, req.dead));
      emit({ type: 'dead', entry, error: req.dead });
      return;
    }
    try {
      const status = await send(req.url, req.body, req.key);
      await settle('ack', entry, () => store.ack(entry, new Date(now()).toISOString()));
      log.info('delivered', { ticket: entry.ticketId, kind: entry.kind, attempts: entry.attempts + 1 });
      emit({ type: 'delivered', entry, status });
    } catch (err) {
      if (err instanceof PermanentDeliveryError) {
        log.error('refused by the routing backend; dead letter', { ticket: entry.ticketId, kind: entry.kind, error: err.message });
        await settle('dead-letter', entry, () => store.deadLetter(entry, err.message));
        emit({ type: 'dead', entry, error: err.message });
        return;
      }
      const error = err instanceof TransientDeliveryError ? err.message : describeError(err, timeoutMs);
      const retryAfter = err instanceof TransientDeliveryError ? err.retryAfterMs : 0;
      const decision = nextRetry(entry.attempts + 1, entry.enqueuedAt, now(), policy, random, retryAfter);
      if (decision.retry) {
        log.warn('delivery failed; will retry', { ticket: entry.ticketId, kind: entry.kind, attempts: entry.attempts + 1, error, inMs: decision.delayMs });
        await settle('schedule a retry', entry, () => store.retryLater(entry, decision.dueAt, error));
        emit({ type: 'retry', entry, error, dueAt: decision.dueAt });
      } else {
        const final = `retries exhausted: ${error}`;
        log.error('delivery failed for too long; dead letter', { ticket: entry.ticketId, kind: entry.kind, attempts: entry.attempts + 1, error });
        await settle('dead-letter', entry, () => store.deadLetter(entry, final));
        emit({ type: 'dead', entry, error: final });
      }
    }
  }

  async function runOnce(): Promise<number> {
    const entries = await store.claimDue(consumer, batchSize, leaseMs);
    await Promise.all(
      entries.map((e) =>
        deliver(e).catch((err: unknown) => {
          // A store read failed before sending: the entry stays leased and comes back later.
          log.error('delivery round failed', { entry: e.id, ticket: e.ticketId, error: describeError(err, 0) });
        }),
      ),
    );
    return entries.length;
  }

  const loop = createPollLoop({
    round: runOnce,
    batchSize,
    pollMs,
    onFailure: (err, failures) => log.warn('cannot read the outbox', { consumer, error: describeError(err, 0), failures }),
  });

  return {
    consumer,
    get running() {
      return loop.running;
    },
    start: () => loop.start(),
    stop: () => loop.stop(),
    runOnce,
  };
}

/** A delivery's event id: derived from its idempotency key, so every retry carries the same one. */
export function eventIdOf(idempotencyKey: string): string {
  return `d-${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32)}`;
}
