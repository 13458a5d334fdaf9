/**
 * Delivers the notification outbox to NOTIFY_URL (an SMS or WeChat gateway), signed like every
 * request qihu sends (tickets/signing.ts, with NOTIFY_SECRET):
 *
 *   2xx                       → ack
 *   4xx except 408/429, 3xx   → dead letter at once (resending cannot help)
 *   5xx, 408, 429, timeout,
 *   connection errors         → retry with full-jitter back-off (tickets/backoff.ts) for up to 24 h,
 *                               then dead letter
 *
 * At least once: the gateway drops repeats by Idempotency-Key (the notification's dedup key).
 * Logs name an entry by id, kind and ticket or policy id, errors by status or code; never the
 * payload, which may carry a phone number.
 */
import { createHash } from 'node:crypto';
import { RetryPolicy, nextRetry, type RetryPolicyInput } from '../tickets';
import { IDEMPOTENCY_HEADER, signRequest } from '../tickets';
import { createPollLoop } from '../util';
import type { NotificationOutbox } from './store';
import type { ClaimedNotification, Notification } from './schema';

export const NOTIFICATION_SCHEMA = 'qihu.notification/v1';

/** The gateway's body for a notification; null: nothing to send any more (acknowledged unsent). */
export type RenderNotification = (n: Notification) => Promise<Record<string, unknown> | null>;

export interface NotificationLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export type NotificationEvent =
  | { type: 'delivered' | 'skipped'; entry: ClaimedNotification }
  | { type: 'retry' | 'dead'; entry: ClaimedNotification; error: string };

export interface NotificationDispatcherOptions {
  outbox: NotificationOutbox;
  url: string;
  secret: string;
  /** Builds the body; default: the notification as it is. */
  render?: RenderNotification;
  requestTimeoutMs?: number;
  leaseMs?: number;
  batchSize?: number;
  pollIntervalMs?: number;
  retry?: RetryPolicyInput;
  now?: () => number;
  random?: () => number;
  logger?: NotificationLogger;
  onEvent?: (e: NotificationEvent) => void;
}

export interface NotificationDispatcher {
  start(): void;
  stop(): Promise<void>;
  /** One round: claim, send, settle. The number of entries handled. */
  runOnce(): Promise<number>;
  /** Something was queued: look now instead of at the next poll. */
  kick(): void;
}

class Refused extends Error {}

/** What an entry is about, for logs: ids only. */
export function describeNotification(n: Notification): Record<string, string> {
  return n.kind === 'ticket_status' ? { kind: n.kind, ticket: n.ticketId, status: n.status } : { kind: n.kind, policy: n.policyId };
}

const eventIdOf = (dedupKey: string) => `n-${createHash('sha256').update(dedupKey).digest('hex').slice(0, 32)}`;

function describeError(err: unknown, timeoutMs: number): string {
  const e = err as { name?: unknown; message?: unknown; cause?: { code?: unknown } } | null;
  if (e?.name === 'TimeoutError') return `timeout after ${timeoutMs} ms`;
  if (e?.cause && typeof e.cause.code === 'string') return `connection error ${e.cause.code}`;
  return typeof e?.message === 'string' ? e.message.slice(0, 200) : String(err).slice(0, 200);
}

export function createNotificationDispatcher(opts: NotificationDispatcherOptions): NotificationDispatcher {
  const { outbox } = opts;
  const timeoutMs = opts.requestTimeoutMs ?? 10_000;
  const leaseMs = opts.leaseMs ?? Math.max(60_000, 3 * timeoutMs);
  const batchSize = opts.batchSize ?? 16;
  const pollMs = opts.pollIntervalMs ?? 500;
  const policy = RetryPolicy.parse(opts.retry ?? {});
  const now = opts.now ?? Date.now;
  const random = opts.random ?? Math.random;
  const render: RenderNotification = opts.render ?? (async (n) => ({ ...n }));
  const log = opts.logger ?? { info: () => {}, warn: () => {}, error: () => {} };
  const emit = opts.onEvent ?? (() => {});
  const path = new URL(opts.url).pathname;

  async function send(entry: ClaimedNotification, payload: Record<string, unknown>): Promise<void> {
    const body = JSON.stringify({ schema: NOTIFICATION_SCHEMA, id: entry.id, dedupKey: entry.dedupKey, ...payload });
    let res: Response;
    try {
      res = await fetch(opts.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          [IDEMPOTENCY_HEADER]: entry.dedupKey,
          ...signRequest(opts.secret, { method: 'POST', path, eventId: eventIdOf(entry.dedupKey), body }, now()),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      await res.arrayBuffer();
    } catch (err) {
      throw new Error(describeError(err, timeoutMs), { cause: err });
    }
    const s = res.status;
    if (s >= 200 && s < 300) return;
    if (s === 408 || s === 429 || s >= 500) throw new Error(`HTTP ${s}`);
    throw new Refused(`HTTP ${s}`);
  }

  async function deliver(entry: ClaimedNotification): Promise<void> {
    const about = describeNotification(entry.notification);
    const payload = await render(entry.notification);
    if (!payload) {
      await outbox.ack(entry);
      emit({ type: 'skipped', entry });
      return;
    }
    try {
      await send(entry, payload);
      await outbox.ack(entry);
      log.info('notification delivered', { ...about, entry: entry.id, attempts: entry.attempts + 1 });
      emit({ type: 'delivered', entry });
    } catch (err) {
      const error = (err as Error).message;
      const decision = err instanceof Refused ? { retry: false as const } : nextRetry(entry.attempts + 1, entry.enqueuedAt, now(), policy, random);
      if (decision.retry) {
        log.warn('notification failed; will retry', { ...about, entry: entry.id, attempts: entry.attempts + 1, error, inMs: decision.delayMs });
        await outbox.retryLater(entry, decision.dueAt, error);
        emit({ type: 'retry', entry, error });
      } else {
        const final = err instanceof Refused ? `refused: ${error}` : `retries exhausted: ${error}`;
        log.error('notification dead letter', { ...about, entry: entry.id, attempts: entry.attempts + 1, error: final });
        await outbox.deadLetter(entry, final, now());
        emit({ type: 'dead', entry, error: final });
      }
    }
  }

  async function runOnce(): Promise<number> {
    const entries = await outbox.claimDue(batchSize, leaseMs, now());
    await Promise.all(
      entries.map((e) =>
        deliver(e).catch((err: unknown) => {
          // The store failed while settling: the lease runs out and the entry is sent again.
          log.error('notification round failed', { entry: e.id, error: describeError(err, 0) });
        }),
      ),
    );
    return entries.length;
  }

  const loop = createPollLoop({
    round: runOnce,
    batchSize,
    pollMs,
    onFailure: (err, failures) => log.warn('cannot read the notification outbox', { error: describeError(err, 0), failures }),
  });

  return {
    start: () => loop.start(),
    stop: () => loop.stop(),
    runOnce,
    kick: () => loop.wake(),
  };
}
