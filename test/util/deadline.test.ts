import { createDeadlines, DeadlineError } from '../../src/util/deadline';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('deadlines', () => {
  it('passes a settled outcome through and forgets it', async () => {
    const d = createDeadlines({ sweepMs: 10 });
    await expect(d.within(Promise.resolve(7), 1000, 'quick')).resolves.toBe(7);
    await expect(d.within(Promise.reject(new Error('boom')), 1000, 'failing')).rejects.toThrow('boom');
    expect(d.size).toBe(0);
  });

  it('rejects with a DeadlineError once the time is up, whatever the promise does later', async () => {
    const d = createDeadlines({ sweepMs: 10 });
    let finish!: (v: string) => void;
    const slow = new Promise<string>((r) => (finish = r));
    const started = Date.now();
    const err = await d.within(slow, 50, 'slow thing').catch((e: unknown) => e);
    const waited = Date.now() - started;
    expect(err).toBeInstanceOf(DeadlineError);
    expect((err as DeadlineError).message).toBe('slow thing did not finish within 50 ms');
    expect(waited).toBeGreaterThanOrEqual(45);
    expect(waited).toBeLessThan(1000);
    expect(d.size).toBe(0);
    finish('late'); // settling after the deadline changes nothing
    await sleep(20);
  });

  it('watches many operations with one timer, each against its own deadline', async () => {
    const d = createDeadlines({ sweepMs: 10 });
    const never = new Promise<never>(() => {});
    const outcomes = await Promise.allSettled([d.within(never, 30, 'a'), d.within(sleep(5).then(() => 'b'), 500, 'b'), d.within(never, 80, 'c')]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'fulfilled', 'rejected']);
    expect(d.size).toBe(0);
  });
});
