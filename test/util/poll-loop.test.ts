/** The dispatchers' poll loop: when it looks again, how it backs off, waking early, stopping. */
import { createPollLoop, pollPause, type PollLoop } from '../../src/util/poll-loop';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until `ok()` holds, failing after `ms`. */
async function until(ok: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(5);
  }
}

const loops: PollLoop[] = [];
afterEach(async () => {
  for (const l of loops.splice(0)) await l.stop();
});
const started = (opts: Parameters<typeof createPollLoop>[0]): PollLoop => {
  const l = createPollLoop(opts);
  loops.push(l);
  l.start();
  return l;
};

describe('the pause after a round', () => {
  it('is pollMs after a round that worked, doubling from twice that with each failure, at most 5 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 50].map((f) => pollPause(100, f))).toEqual([100, 200, 400, 800, 1600, 3200, 3200, 3200]);
    expect([0, 1, 2, 3, 4].map((f) => pollPause(500, f))).toEqual([500, 1000, 2000, 4000, 5000]);
  });
});

describe('the poll loop', () => {
  it('looks again at once after a full round, and pauses pollMs after one that was not', async () => {
    const at: number[] = [];
    const handled = [4, 4, 4, 1, 0];
    started({ round: async () => (at.push(Date.now()), handled[at.length - 1] ?? 0), batchSize: 4, pollMs: 150 });
    await until(() => at.length >= 6);
    const gaps = at.slice(1).map((t, i) => t - at[i]!);
    // Three full rounds: the next follows at once; after the short ones, a pause.
    expect(Math.max(...gaps.slice(0, 3))).toBeLessThan(100);
    for (const g of gaps.slice(3, 5)) expect(g).toBeGreaterThanOrEqual(145);
  });

  it('backs off while rounds fail, and starts afresh after a round that works', async () => {
    const at: number[] = [];
    const told: number[] = [];
    started({
      round: async () => {
        at.push(Date.now());
        if (at.length !== 4) throw new Error('store down');
        return 0;
      },
      batchSize: 4,
      pollMs: 20,
      onFailure: (_err, failures) => told.push(failures),
    });
    await until(() => at.length >= 6);
    const gaps = at.slice(1).map((t, i) => t - at[i]!);
    // 2, 4 and 8 × pollMs after the first three failures; pollMs after the round that worked; then
    // 2 × pollMs again after the next failure.
    expect(gaps[0]).toBeGreaterThanOrEqual(38);
    expect(gaps[1]).toBeGreaterThanOrEqual(78);
    expect(gaps[2]).toBeGreaterThanOrEqual(158);
    expect(gaps[3]).toBeGreaterThanOrEqual(18);
    expect(gaps[3]).toBeLessThan(gaps[2]!);
    expect(gaps[4]).toBeGreaterThanOrEqual(38);
    expect(gaps[4]).toBeLessThan(gaps[2]!);
    expect(told.slice(0, 2)).toEqual([1, 1]);
  });

  it('tells of the first failure in a row and of every 50th', async () => {
    const told: number[] = [];
    let rounds = 0;
    started({
      round: async () => {
        rounds++;
        throw new Error('store down');
      },
      batchSize: 4,
      pollMs: 1,
      onFailure: (_err, failures) => told.push(failures),
    });
    await until(() => rounds >= 51, 10_000);
    expect(told).toEqual([1, 50]);
  });

  it('wakes from a pause when asked, and not otherwise before it ends', async () => {
    let rounds = 0;
    const loop = started({ round: async () => (rounds++, 0), batchSize: 4, pollMs: 60_000 });
    await until(() => rounds === 1);
    await sleep(50);
    expect(rounds).toBe(1);
    loop.wake();
    await until(() => rounds === 2, 1000);
  });

  it('stops at once from a pause, and after the round in progress otherwise, starting none after', async () => {
    const idle = started({ round: async () => 0, batchSize: 4, pollMs: 60_000 });
    await sleep(20);
    const t = Date.now();
    await idle.stop();
    expect(Date.now() - t).toBeLessThan(1000);
    expect(idle.running).toBe(false);

    let rounds = 0;
    let finished = 0;
    const busy = started({
      round: async () => {
        rounds++;
        await sleep(200);
        finished++;
        return 4; // full: without stop it would go on at once
      },
      batchSize: 4,
      pollMs: 10,
    });
    await until(() => rounds === 1);
    await busy.stop();
    expect(finished).toBe(1);
    await sleep(50);
    expect(rounds).toBe(1);
  });

  it('runs one loop however often it is started', async () => {
    let inFlight = 0;
    let most = 0;
    let rounds = 0;
    const loop = started({
      round: async () => {
        rounds++;
        most = Math.max(most, ++inFlight);
        await sleep(5);
        inFlight--;
        return 0;
      },
      batchSize: 4,
      pollMs: 10,
    });
    loop.start();
    loop.start();
    await until(() => rounds >= 5);
    expect(most).toBe(1);
  });
});
