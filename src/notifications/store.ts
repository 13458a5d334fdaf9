/**
 * The notification outbox: what the dispatcher delivers, durable like the tickets' outbox. Two
 * implementations pass one contract suite (test/notifications/outbox.contract.ts): Redis
 * (src/storage/redis/notification-outbox.ts) and the embedded journal
 * (src/storage/file/notification-outbox.ts, in memory when given no directory).
 */
import type { ClaimedNotification, Notification, NotificationDeadLetter } from './schema';

export type EnqueueResult = { queued: true; id: string } | { queued: false; reason: 'duplicate'; id: string };

export interface NotificationOutbox {
  /** Store the notification unless its dedup key was seen within the dedup window. */
  enqueue(notification: Notification, dedupKey: string, nowMs: number): Promise<EnqueueResult>;
  /** Up to max entries due at nowMs (new, retries due, or leases of crashed consumers run out), leased for leaseMs. */
  claimDue(max: number, leaseMs: number, nowMs: number): Promise<ClaimedNotification[]>;
  /** Delivered: gone. False if the claim is no longer ours (another consumer took it over). */
  ack(entry: ClaimedNotification): Promise<boolean>;
  retryLater(entry: ClaimedNotification, dueAt: number, error: string): Promise<boolean>;
  deadLetter(entry: ClaimedNotification, error: string, nowMs: number): Promise<boolean>;
  listDeadLetters(limit?: number): Promise<NotificationDeadLetter[]>;
  /** Queue a dead letter again, attempts 0, due now. False if unknown. */
  replayDeadLetter(id: string, nowMs: number): Promise<boolean>;
  size(): Promise<number>;
  deadLetterCount(): Promise<number>;
  close(): Promise<void>;
}

/** How long a dedup key is remembered. Default 90 days. */
export const DEFAULT_DEDUP_TTL_MS = 90 * 24 * 60 * 60 * 1000;
