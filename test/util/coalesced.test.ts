/**
 * coalesced: one run at a time; calls during a run share its promise and cause exactly one more run,
 * which sees the state as it is then; a stopped task runs no more.
 */
import { coalesced } from '../../src/util';

/** A task whose runs the test finishes by hand. */
function gatedTask() {
  const gates: (() => void)[] = [];
  let active = 0;
  let maxActive = 0;
  const task = () =>
    new Promise<void>((resolve) => {
      active++;
      maxActive = Math.max(maxActive, active);
      gates.push(() => {
        active--;
        resolve();
      });
    });
  const openNext = async () => {
    while (gates.length === 0) await new Promise((r) => setImmediate(r));
    gates.shift()!();
    await new Promise((r) => setImmediate(r));
  };
  return { task, openNext, maxActive: () => maxActive };
}

describe('coalesced', () => {
  it('runs once more after a run for any number of calls made during it, never two at once', async () => {
    const g = gatedTask();
    let started = 0;
    const run = coalesced(() => {
      started++;
      return g.task();
    });
    const first = run();
    const during = [run(), run(), run()];
    expect(during.every((p) => p === first)).toBe(true);
    await g.openNext();
    expect(started).toBe(2);
    await g.openNext();
    await Promise.all([first, ...during]);
    expect(started).toBe(2);
    expect(g.maxActive()).toBe(1);
  });

  it('runs again for a call made after the last run ended', async () => {
    let started = 0;
    const run = coalesced(async () => {
      started++;
    });
    await run();
    await run();
    expect(started).toBe(2);
  });

  it('does not run once stopped, and ends the pending repeat', async () => {
    const g = gatedTask();
    let stopped = false;
    let started = 0;
    const run = coalesced(
      () => {
        started++;
        return g.task();
      },
      () => stopped,
    );
    const first = run();
    void run();
    stopped = true;
    await g.openNext();
    await first;
    expect(started).toBe(1);
    await run();
    expect(started).toBe(1);
  });

  it('idle() waits for the run in progress, and a failed run rejects its callers but not idle()', async () => {
    const g = gatedTask();
    let finished = false;
    const run = coalesced(async () => {
      await g.task();
      finished = true;
      throw new Error('boom');
    });
    const p = run();
    const idle = run.idle();
    await g.openNext();
    await expect(p).rejects.toThrow('boom');
    await idle;
    expect(finished).toBe(true);
    await expect(run.idle()).resolves.toBeUndefined();
  });
});
