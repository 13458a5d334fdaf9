import { DEFAULT_RETRY_POLICY, RetryPolicy, backoffCeiling, backoffDelay, nextRetry } from '../../src/tickets/backoff';
import { computeSignature, createMemoryReplayGuard, signRequest, verifySignature } from '../../src/tickets/signing';

const SECRET = 'unit-secret-0123456789';

describe('signing', () => {
  const body = '{"status":"received","at":"2026-11-25T02:00:00.000Z"}';
  const now = Date.UTC(2026, 10, 25, 2, 0, 0);
  const request = { method: 'POST', path: '/api/v1/tickets/QH-20261125-000001/status', eventId: 'cb-0001-abcdef', body };
  const h = signRequest(SECRET, request, now);
  const ts = h['X-Qihu-Timestamp'];
  const sig = h['X-Qihu-Signature'];

  test('signs timestamp, method, path, event id and body with HMAC-SHA256, hex, sha256= prefix', () => {
    expect(ts).toBe(String(now / 1000));
    expect(h['X-Qihu-Event-Id']).toBe('cb-0001-abcdef');
    expect(sig).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(sig).toBe(computeSignature(SECRET, String(ts), request));
  });
  test('verifies good signatures and names what is wrong with bad ones', () => {
    const base = { secret: SECRET, ...request, timestamp: ts, signature: sig, nowMs: now };
    expect(verifySignature(base)).toEqual({ ok: true });
    expect(verifySignature({ ...base, body: Buffer.from(body) })).toEqual({ ok: true });
    expect(verifySignature({ ...base, signature: undefined })).toEqual({ ok: false, reason: 'missing' });
    expect(verifySignature({ ...base, timestamp: '' })).toEqual({ ok: false, reason: 'missing' });
    expect(verifySignature({ ...base, eventId: undefined })).toEqual({ ok: false, reason: 'missing' });
    expect(verifySignature({ ...base, signature: 'md5=abc' })).toEqual({ ok: false, reason: 'malformed' });
    expect(verifySignature({ ...base, timestamp: '12x' })).toEqual({ ok: false, reason: 'malformed' });
    expect(verifySignature({ ...base, eventId: 'no spaces allowed' })).toEqual({ ok: false, reason: 'malformed' });
    expect(verifySignature({ ...base, nowMs: now + 5 * 60_000 + 1000 })).toEqual({ ok: false, reason: 'stale' });
    expect(verifySignature({ ...base, nowMs: now - 5 * 60_000 - 1000 })).toEqual({ ok: false, reason: 'stale' });
    expect(verifySignature({ ...base, nowMs: now + 4 * 60_000 })).toEqual({ ok: true });
    expect(verifySignature({ ...base, body: body + ' ' })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifySignature({ ...base, secret: 'another-secret-0123456' })).toEqual({ ok: false, reason: 'mismatch' });
    // Each of method, path (the ticket) and event id is covered.
    expect(verifySignature({ ...base, method: 'PUT' })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifySignature({ ...base, path: '/api/v1/tickets/QH-20261125-000002/status' })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifySignature({ ...base, eventId: 'cb-0002-abcdef' })).toEqual({ ok: false, reason: 'mismatch' });
  });
  test('two tickets with the same update in the same second carry different signatures', () => {
    const other = signRequest(SECRET, { ...request, path: '/api/v1/tickets/QH-20261125-000002/status' }, now);
    expect(other['X-Qihu-Signature']).not.toBe(sig);
  });
  test('a timestamp in milliseconds verifies too', () => {
    const ms = String(now);
    const signature = computeSignature(SECRET, ms, request);
    expect(verifySignature({ secret: SECRET, ...request, timestamp: ms, signature, nowMs: now })).toEqual({ ok: true });
  });
  test('the replay guard remembers signatures for their ttl', async () => {
    let t = 0;
    const guard = createMemoryReplayGuard(() => t);
    expect(await guard.firstSeen('a', 100)).toBe(true);
    expect(await guard.firstSeen('a', 100)).toBe(false);
    expect(await guard.firstSeen('b', 100)).toBe(true);
    t = 101;
    expect(await guard.firstSeen('a', 100)).toBe(true);
  });
});

describe('backoff', () => {
  test('ceilings double from the base up to the cap', () => {
    const p = { baseMs: 1000, capMs: 600_000 };
    expect([0, 1, 2, 3].map((a) => backoffCeiling(a, p))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffCeiling(9, p)).toBe(512_000);
    expect(backoffCeiling(10, p)).toBe(600_000);
    expect(backoffCeiling(500, p)).toBe(600_000);
  });
  test('full jitter: uniform in [0, ceiling)', () => {
    expect(backoffDelay(3, DEFAULT_RETRY_POLICY, () => 0)).toBe(0);
    expect(backoffDelay(3, DEFAULT_RETRY_POLICY, () => 0.5)).toBe(4000);
    expect(backoffDelay(3, DEFAULT_RETRY_POLICY, () => 0.999999)).toBeLessThan(8000);
    for (let i = 0; i < 200; i++) {
      const d = backoffDelay(20);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThan(600_000);
    }
  });
  test('defaults: 1 s base, 10 min cap, 24 h window', () => {
    expect(DEFAULT_RETRY_POLICY).toEqual({ baseMs: 1000, capMs: 600_000, maxElapsedMs: 86_400_000 });
  });
  test('nextRetry gives up once the next try would fall outside the window', () => {
    const p = RetryPolicy.parse({});
    const first = 1_000_000;
    expect(nextRetry(1, first, first + 10, p, () => 0.5)).toEqual({ retry: true, dueAt: first + 10 + 500, delayMs: 500 });
    expect(nextRetry(200, first, first + 86_400_000 - 1000, p, () => 0.5).retry).toBe(false);
    // Retry-After raises the delay, but not past the cap
    expect(nextRetry(1, first, first, p, () => 0, 30_000)).toMatchObject({ delayMs: 30_000 });
    expect(nextRetry(1, first, first, p, () => 0, 3_600_000)).toMatchObject({ delayMs: 600_000 });
  });
});
