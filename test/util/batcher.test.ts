import { createBatcher } from '../../src/util/batcher';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('batcher', () => {
  it('writes what arrives together as one batch, after the delay', async () => {
    const batches: number[][] = [];
    const b = createBatcher<number>(async (items) => void batches.push(items), { maxDelayMs: 30 });
    const appends = [b.append(1), b.append(2), b.append(3)];
    expect(batches).toEqual([]);
    expect(b.waiting).toBe(3);
    await Promise.all(appends);
    expect(batches).toEqual([[1, 2, 3]]);
    expect(b.waiting).toBe(0);
  });

  it('cuts a batch as soon as it is full, and keeps batches in order, one at a time', async () => {
    const log: string[] = [];
    const b = createBatcher<number>(
      async (items) => {
        log.push(`start ${items.join(',')}`);
        await sleep(10);
        log.push(`end ${items.join(',')}`);
      },
      { maxItems: 2, maxDelayMs: 1000 },
    );
    await Promise.all([1, 2, 3, 4, 5].map((n) => b.append(n)).slice(0, 4));
    await b.flush();
    expect(log).toEqual(['start 1,2', 'end 1,2', 'start 3,4', 'end 3,4', 'start 5', 'end 5']);
  });

  it('flush() waits for everything appended so far', async () => {
    const written: number[] = [];
    const b = createBatcher<number>(async (items) => void written.push(...items), { maxDelayMs: 10_000 });
    void b.append(1);
    void b.append(2);
    await b.flush();
    expect(written).toEqual([1, 2]);
  });

  it('a failed batch rejects its own appends only; flush() does not reject, later batches go on', async () => {
    let fail = true;
    const written: number[] = [];
    const b = createBatcher<number>(
      async (items) => {
        if (fail) throw new Error('disk full');
        written.push(...items);
      },
      { maxDelayMs: 5 },
    );
    const first = b.append(1);
    await expect(first).rejects.toThrow('disk full');
    await expect(b.flush()).resolves.toBeUndefined();
    fail = false;
    await b.append(2);
    expect(written).toEqual([2]);
  });
});
