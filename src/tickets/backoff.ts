/**
 * Retry policy for deliveries to the routing backend: exponential back-off with full jitter
 * (delay = random(0, min(cap, base · 2^attempt))) for at most maxElapsedMs after the first attempt,
 * then the entry goes to the dead letters. Pure: the clock and the random source are parameters.
 */
import { z } from 'zod';

export const RetryPolicy = z.strictObject({
  /** Delay scale for the first retry. Default 1 s. */
  baseMs: z.number().int().positive().default(1000),
  /** Largest delay between two attempts. Default 10 min. */
  capMs: z.number().int().positive().default(10 * 60 * 1000),
  /** Give up (dead letter) once this much time has passed since the first attempt. Default 24 h. */
  maxElapsedMs: z.number().int().nonnegative().default(24 * 60 * 60 * 1000),
});
export type RetryPolicy = z.infer<typeof RetryPolicy>;
export type RetryPolicyInput = z.input<typeof RetryPolicy>;

export const DEFAULT_RETRY_POLICY: RetryPolicy = RetryPolicy.parse({});

/** Upper bound of the delay before retry number `attempt` (0 = the first retry). */
export function backoffCeiling(attempt: number, policy: Pick<RetryPolicy, 'baseMs' | 'capMs'>): number {
  const exp = Math.min(Math.max(0, Math.floor(attempt)), 60); // 2^60 ms is far beyond any cap
  return Math.min(policy.capMs, policy.baseMs * 2 ** exp);
}

/** Full jitter: a delay drawn uniformly from [0, ceiling). `random` returns [0, 1) like Math.random. */
export function backoffDelay(
  attempt: number,
  policy: Pick<RetryPolicy, 'baseMs' | 'capMs'> = DEFAULT_RETRY_POLICY,
  random: () => number = Math.random,
): number {
  return Math.floor(random() * backoffCeiling(attempt, policy));
}

export type RetryDecision = { retry: true; dueAt: number; delayMs: number } | { retry: false };

/**
 * What to do after failed attempt number `attempts` (1 = the first attempt failed) of an entry first
 * tried at `firstAttemptAt`: retry at dueAt, or give up when the next try would fall outside the
 * window. An explicit server hint (Retry-After) raises the delay but never past the cap.
 */
export function nextRetry(
  attempts: number,
  firstAttemptAt: number,
  now: number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  random: () => number = Math.random,
  minDelayMs = 0,
): RetryDecision {
  const delayMs = Math.max(backoffDelay(attempts - 1, policy, random), Math.min(minDelayMs, policy.capMs));
  const dueAt = now + delayMs;
  if (dueAt - firstAttemptAt > policy.maxElapsedMs) return { retry: false };
  return { retry: true, dueAt, delayMs };
}
