import { createMemorySessionStore, type SessionStore } from '../../src/auth/sessions';
import { runSessionStoreContract } from './session-store.contract';

let open: SessionStore[] = [];

runSessionStoreContract('memory', {
  async open(opts) {
    const store = createMemorySessionStore(opts);
    open.push(store);
    return store;
  },
  async teardown() {
    await Promise.all(open.map((s) => s.close()));
    open = [];
  },
});

describe('memory session store', () => {
  it('keeps at most maxSessions, dropping the oldest', async () => {
    const store = createMemorySessionStore({ maxSessions: 3 });
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push((await store.create({ username: `u${i}`, role: 'operator', credential: 'x' })).id);
    expect(await store.get(ids[0]!)).toBeUndefined();
    expect(await store.get(ids[4]!)).toBeDefined();
  });

  it('follows an injected clock', async () => {
    let t = 1_000_000;
    const store = createMemorySessionStore({ idleTtlMs: 1000, absoluteTtlMs: 5000, now: () => t });
    const s = await store.create({ username: 'a', role: 'admin', credential: 'x' });
    t += 999;
    expect(await store.touch(s.id)).toBeDefined();
    t += 999;
    expect(await store.get(s.id)).toBeDefined();
    t += 1;
    expect(await store.get(s.id)).toBeUndefined();
  });
});
