/**
 * One contract for every SessionStore: run by sessions.memory.test.ts and sessions.redis.test.ts.
 */
import type { SessionStore, SessionStoreOptions } from '../../src/auth/sessions';
import { sleep } from './support';

export interface SessionStoreFactory {
  open(opts?: SessionStoreOptions): Promise<SessionStore>;
  teardown(): Promise<void>;
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

    it('ends a session after the idle TTL without a touch', async () => {
      const store = await factory.open({ idleTtlMs: 300, absoluteTtlMs: 60_000 });
      const s = await store.create(input);
      await sleep(150);
      expect(await store.get(s.id)).toBeDefined();
      await sleep(250);
      expect(await store.get(s.id)).toBeUndefined();
    });

    it('extends the idle expiry on touch', async () => {
      const store = await factory.open({ idleTtlMs: 300, absoluteTtlMs: 60_000 });
      const s = await store.create(input);
      for (let i = 0; i < 5; i++) {
        await sleep(120);
        const touched = await store.touch(s.id);
        expect(touched).toBeDefined();
        expect(touched!.lastSeenAt).toBeGreaterThan(s.lastSeenAt);
        expect(touched!.csrfToken).toBe(s.csrfToken);
      }
      // 600 ms after creation, twice the idle TTL, and still alive.
      expect(await store.get(s.id)).toBeDefined();
    });

    it('ends a session at the absolute TTL however often it is touched', async () => {
      const store = await factory.open({ idleTtlMs: 300, absoluteTtlMs: 650 });
      const s = await store.create(input);
      const seen: number[] = [];
      for (let i = 0; i < 10; i++) {
        await sleep(100);
        const touched = await store.touch(s.id);
        if (!touched) break;
        expect(touched.expiresAt).toBeLessThanOrEqual(s.absoluteExpiresAt);
        seen.push(i);
      }
      expect(seen.length).toBeGreaterThanOrEqual(4);
      expect(seen.length).toBeLessThan(10);
      expect(await store.get(s.id)).toBeUndefined();
    });
  });
}
