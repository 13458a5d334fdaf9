/**
 * HMAC signatures between qihu and the routing backend, both directions.
 *
 *   X-Qihu-Timestamp: <unix seconds> (milliseconds are accepted too)
 *   X-Qihu-Event-Id:  <the event's id, the same on every retry of it>
 *   X-Qihu-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>\n<METHOD>\n<path>\n<event id>\n<raw body>")>
 *
 * The method, the path (which names the ticket) and the event id are signed with the body: two
 * tickets receiving the same update in the same second carry different signatures, and a request
 * signed for one ticket does not verify for another. The receiver recomputes the HMAC over the
 * exact bytes it received, compares in constant time, refuses timestamps more than the window
 * (5 min) away from its clock, and handles each event id once (a ReplayGuard): a retry or a replay
 * of an event already applied is answered as done, not applied again.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const TIMESTAMP_HEADER = 'X-Qihu-Timestamp';
export const SIGNATURE_HEADER = 'X-Qihu-Signature';
export const EVENT_HEADER = 'X-Qihu-Event-Id';
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
export const SIGNATURE_WINDOW_MS = 5 * 60 * 1000;

const SIGNATURE_RE = /^sha256=([0-9a-f]{64})$/;
const TIMESTAMP_RE = /^\d{1,13}$/;
const EVENT_ID_RE = /^[A-Za-z0-9._:-]{8,128}$/;

/** What a signature covers besides the timestamp. */
export interface SignedRequest {
  method: string;
  /** The request path as the receiver sees it, without the query: /api/v1/tickets/QH-…/status. */
  path: string;
  eventId: string;
  body: string | Buffer;
}

export function computeSignature(secret: string, timestamp: string, req: SignedRequest): string {
  const mac = createHmac('sha256', secret);
  mac.update(`${timestamp}\n${req.method.toUpperCase()}\n${req.path}\n${req.eventId}\n`);
  mac.update(req.body);
  return `sha256=${mac.digest('hex')}`;
}

/** The signature headers for a request sent at `nowMs`. */
export function signRequest(secret: string, req: SignedRequest, nowMs: number = Date.now()): Record<string, string> {
  const timestamp = String(Math.floor(nowMs / 1000));
  return { [TIMESTAMP_HEADER]: timestamp, [EVENT_HEADER]: req.eventId, [SIGNATURE_HEADER]: computeSignature(secret, timestamp, req) };
}

export type VerifyFailure = 'missing' | 'malformed' | 'stale' | 'mismatch';
export type VerifyResult = { ok: true } | { ok: false; reason: VerifyFailure };

export interface VerifyInput extends Omit<SignedRequest, 'eventId'> {
  secret: string;
  eventId: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
  nowMs?: number;
  windowMs?: number;
}

/** A timestamp in seconds, or in milliseconds (13 digits), as milliseconds. */
function timestampMs(timestamp: string): number {
  return timestamp.length >= 13 ? Number(timestamp) : Number(timestamp) * 1000;
}

export function verifySignature(input: VerifyInput): VerifyResult {
  const { timestamp, signature, eventId } = input;
  if (!timestamp || !signature || !eventId) return { ok: false, reason: 'missing' };
  const m = SIGNATURE_RE.exec(signature);
  if (!TIMESTAMP_RE.test(timestamp) || !EVENT_ID_RE.test(eventId) || !m) return { ok: false, reason: 'malformed' };
  const now = input.nowMs ?? Date.now();
  const window = input.windowMs ?? SIGNATURE_WINDOW_MS;
  if (Math.abs(now - timestampMs(timestamp)) > window) return { ok: false, reason: 'stale' };
  const expected = Buffer.from(computeSignature(input.secret, timestamp, { ...input, eventId }).slice('sha256='.length), 'hex');
  const given = Buffer.from(m[1] ?? '', 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'mismatch' };
  return { ok: true };
}

/** The path a receiver signs: the request's URL as it arrived, without the query. */
export function requestPath(originalUrl: string): string {
  const q = originalUrl.indexOf('?');
  return q < 0 ? originalUrl : originalUrl.slice(0, q);
}

/** Remembers the event ids already handled; `firstSeen` is false for a retry or replay of one. */
export interface ReplayGuard {
  firstSeen(eventId: string, ttlMs: number): Promise<boolean>;
}

/** In-process guard (single instance); the Redis one in storage/redis shares it across instances. */
export function createMemoryReplayGuard(now: () => number = Date.now, maxEntries = 100_000): ReplayGuard {
  const seen = new Map<string, number>(); // signature → expiry, in insertion order
  return {
    async firstSeen(signature, ttlMs) {
      const t = now();
      for (const [sig, exp] of seen) {
        if (exp > t && seen.size < maxEntries) break;
        seen.delete(sig);
      }
      const exp = seen.get(signature);
      if (exp !== undefined && exp > t) return false;
      seen.delete(signature);
      seen.set(signature, t + ttlMs);
      return true;
    },
  };
}
