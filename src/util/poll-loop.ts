/**
 * A worker's poll loop (the outbox dispatchers): runs a round, looks again at once when the round
 * was full (more is likely waiting), pauses `pollMs` when it was not, and pauses longer while
 * rounds fail (the store is down: doubling from 2 × pollMs up to 5 s, so a long outage is retried
 * every few seconds, not hammered). `wake()` ends a pause early (something was queued); `stop()`
 * ends a pause at once and resolves when the round in progress has finished.
 */

/** The longest pause after failed rounds. */
export const MAX_FAILURE_PAUSE_MS = 5000;

/** The pause after a round: `pollMs` after a round that worked, doubling with each failure in a row. */
export function pollPause(pollMs: number, failures: number): number {
  return failures > 0 ? Math.min(pollMs * 2 ** Math.min(failures, 5), MAX_FAILURE_PAUSE_MS) : pollMs;
}

export interface PollLoopOptions {
  /** One round: the number of items it handled. A throw counts as a failed round. */
  round: () => Promise<number>;
  /** A round that handled this many is followed by another at once. */
  batchSize: number;
  pollMs: number;
  /** Told of the first failure in a row and of every 50th after it: a log, not a flood of them. */
  onFailure?: (err: unknown, failures: number) => void;
}

export interface PollLoop {
  /** Starts the loop (idempotent). */
  start(): void;
  /** Stops it: no round starts after this; resolves once the one in progress has finished. */
  stop(): Promise<void>;
  /** Ends the current pause now (nothing happens while a round runs). */
  wake(): void;
  readonly running: boolean;
}

export function createPollLoop(opts: PollLoopOptions): PollLoop {
  const { round, batchSize, pollMs } = opts;
  let running = false;
  let done: Promise<void> = Promise.resolve();
  let wake: (() => void) | undefined;

  function pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(end, ms);
      function end() {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = end;
    });
  }

  async function loop(): Promise<void> {
    let failures = 0;
    while (running) {
      let handled = 0;
      try {
        handled = await round();
        failures = 0;
      } catch (err) {
        failures++;
        if (failures === 1 || failures % 50 === 0) opts.onFailure?.(err, failures);
      }
      if (!running) break;
      if (failures > 0 || handled < batchSize) await pause(pollPause(pollMs, failures));
    }
  }

  return {
    get running() {
      return running;
    },
    start() {
      if (running) return;
      running = true;
      done = loop();
    },
    async stop() {
      running = false;
      wake?.();
      await done;
    },
    wake: () => wake?.(),
  };
}
