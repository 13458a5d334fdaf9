/**
 * HMAC signatures between qihu and the routing backend, both directions.
 *
 *   X-Qihu-Timestamp: <unix seconds>
 *   X-Qihu-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>
 *
 * The receiver recomputes the HMAC over the exact bytes it received, compares in constant time and
 * refuses timestamps more than the window (5 min) away from its clock. A ReplayGuard remembers
 * signatures seen within the window so a captured request cannot be played again.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const TIMESTAMP_HEADER = 'X-Qihu-Timestamp';
export const SIGNATURE_HEADER = 'X-Qihu-Signature';
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
export const SIGNATURE_WINDOW_MS = 5 * 60 * 1000;

const SIGNATURE_RE = /^sha256=([0-9a-f]{64})$/;
const TIMESTAMP_RE = /^\d{1,12}$/;

export function computeSignature(secret: string, timestamp: string, body: string | Buffer): string {
  const mac = createHmac('sha256', secret);
  mac.update(`${timestamp}.`);
  mac.update(body);
  return `sha256=${mac.digest('hex')}`;
}

/** The two signature headers for a body sent at `nowMs`. */
export function signBody(secret: string, body: string | Buffer, nowMs: number = Date.now()): Record<string, string> {
  const timestamp = String(Math.floor(nowMs / 1000));
  return { [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: computeSignature(secret, timestamp, body) };
}

export type VerifyFailure = 'missing' | 'malformed' | 'stale' | 'mismatch';
export type VerifyResult = { ok: true } | { ok: false; reason: VerifyFailure };

export interface VerifyInput {
  secret: string;
  body: string | Buffer;
  timestamp: string | undefined;
  signature: string | undefined;
  nowMs?: number;
  windowMs?: number;
}

export function verifySignature(input: VerifyInput): VerifyResult {
  const { timestamp, signature } = input;
  if (timestamp === undefined || signature === undefined || timestamp === '' || signature === '')
    return { ok: false, reason: 'missing' };
  const m = SIGNATURE_RE.exec(signature);
  if (!TIMESTAMP_RE.test(timestamp) || !m) return { ok: false, reason: 'malformed' };
  const now = input.nowMs ?? Date.now();
  const window = input.windowMs ?? SIGNATURE_WINDOW_MS;
  if (Math.abs(now - Number(timestamp) * 1000) > window) return { ok: false, reason: 'stale' };
  const expected = Buffer.from(computeSignature(input.secret, timestamp, input.body).slice('sha256='.length), 'hex');
  const given = Buffer.from(m[1] ?? '', 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'mismatch' };
  return { ok: true };
}

/** Remembers signatures already accepted; `firstSeen` is false for a replay. */
export interface ReplayGuard {
  firstSeen(signature: string, ttlMs: number): Promise<boolean>;
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
