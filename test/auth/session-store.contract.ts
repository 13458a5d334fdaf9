/**
 * One contract for every SessionStore: run by sessions.memory.test.ts and sessions.redis.test.ts.
 */
import type { SessionStore, SessionStoreOptions } from '../../src/auth/sessions';

export interface SessionStoreFactory {
  open(opts?: SessionStoreOptions): Promise<SessionStore>;
  teardown(): Promise<void>;
}

function fakeClock() {
  let t = Date.now();
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

const input = { username: 'zhang.san', role: 'operator' as const, displayName: '张三', credential: 'fp-1' };

export function runSessionStoreContract(name: string, factory: SessionStoreFactory): void {
  describe(`SessionStore contract: ${name}`, () => {
    afterEach(() => factory.teardown());

    it('creates sessions with a 32-byte base64url id and a CSRF token, and reads them back', async () => {
      const store = await factory.open();
      const s = await store.create(input);
      expect(s.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(s.id, 'base64url')).toHaveLength(32);
      expect(s.csrfToken.length).toBeGreaterThanOrEqual(43);
      expect(s).toMatchObject(input);
      expect(s.absoluteExpiresAt - s.createdAt).toBe(store.absoluteTtlMs);
      expect(s.expiresAt).toBe(Math.min(s.lastSeenAt + store.idleTtlMs, s.absoluteExpiresAt));
      const again = await store.get(s.id);
      expect(again).toEqual(s);
      const other = await store.create(input);
      expect(other.id).not.toBe(s.id);
      expect(other.csrfToken).not.toBe(s.csrfToken);
    });

    it('knows nothing of unknown or malformed ids', async () => {
      const store = await factory.open();
      await store.create(input);
      expect(await store.get('A'.repeat(43))).toBeUndefined();
      expect(await store.get('')).toBeUndefined();
      expect(await store.get('../../etc/passwd')).toBeUndefined();
      expect(await store.get('x'.repeat(10_000))).toBeUndefined();
      expect(await store.touch('A'.repeat(43))).toBeUndefined();
      await expect(store.destroy('not-an-id')).resolves.toBeUndefined();
    });

    it('destroys a session for good: a later touch does not bring it back', async () => {
      const store = await factory.open();
      const s = await store.create(input);
      await store.destroy(s.id);
      expect(await store.get(s.id)).toBeUndefined();
      expect(await store.touch(s.id)).toBeUndefined();
      expect(await store.get(s.id)).toBeUndefined();
    });

    // The clock is injected: real-time TTLs of a few hundred ms flake on a stalled machine. The fake
    // TTLs are minutes long, so a Redis key's own expiry (PX) never runs out during a test; the Redis
    // suite checks that expiry separately.
    it('ends a session after the idle TTL without a touch', async () => {
      const clock = fakeClock();
      const store = await factory.open({ idleTtlMs: 300_000, absoluteTtlMs: 3_600_000, now: clock.now });
      const s = await store.create(input);
      clock.advance(150_000);
      expect(await store.get(s.id)).toBeDefined();
      clock.advance(149_999);
      expect(await store.get(s.id)).toBeDefined();
      clock.advance(1);
      expect(await store.get(s.id)).toBeUndefined();
      expect(await store.touch(s.id)).toBeUndefined();
    });

    it('extends the idle expiry on touch', async () => {
      const clock = fakeClock();
      const store = await factory.open({ idleTtlMs: 300_000, absoluteTtlMs: 3_600_000, now: clock.now });
      const s = await store.create(input);
      for (let i = 0; i < 5; i++) {
        clock.advance(120_000);
        const touched = await store.touch(s.id);
        expect(touched).toBeDefined();
        expect(touched!.lastSeenAt).toBe(clock.now());
        expect(touched!.expiresAt).toBe(clock.now() + 300_000);
        expect(touched!.csrfToken).toBe(s.csrfToken);
      }
      // Twice the idle TTL after creation, and still alive until the idle TTL after the last touch.
      clock.advance(299_999);
      expect(await store.get(s.id)).toBeDefined();
      clock.advance(1);
      expect(await store.get(s.id)).toBeUndefined();
    });

    it('ends a session at the absolute TTL however often it is touched', async () => {
      const clock = fakeClock();
      const store = await factory.open({ idleTtlMs: 300_000, absoluteTtlMs: 650_000, now: clock.now });
      const s = await store.create(input);
      const seen: number[] = [];
      for (let i = 0; i < 10; i++) {
        clock.advance(100_000);
        const touched = await store.touch(s.id);
        if (!touched) break;
        expect(touched.expiresAt).toBeLessThanOrEqual(s.absoluteExpiresAt);
        seen.push(i);
      }
      // Touched at 100k … 600k; at 700k the absolute TTL (650k) has passed.
      expect(seen).toHaveLength(6);
      expect(await store.get(s.id)).toBeUndefined();
    });
  });
}
