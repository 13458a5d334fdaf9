/**
 * Small shared mechanisms that know nothing of the product: bounded waits on one sweep
 * (deadline.ts), batched writes (batcher.ts), a seeded random source
 * (random.ts), sliding-window counters shared through a store (shared-rate-limiter.ts), a worker's
 * poll loop with back-off (poll-loop.ts), one run at a time of a task asked for again while it runs
 * (coalesced.ts) and CSV safe to open in a spreadsheet (csv.ts).
 */
export * from './deadline';
export * from './batcher';
export * from './random';
export * from './shared-rate-limiter';
export * from './poll-loop';
export * from './coalesced';
export * from './today';
export * from './csv';
export * from './issues';
