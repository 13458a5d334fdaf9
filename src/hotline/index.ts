/**
 * The 12345 hotline (see docs/operator-console.md): calls in progress (CallStore, in memory here;
 * Redis in src/storage/redis), the suggestions pushed to their consoles (CallEvents), answer
 * suggestions over the engine, and the ticket draft prefilled from a call.
 */
export * from './calls';
export * from './call-events';
export * from './suggest';
export * from './draft';
export * from './match';
export * from './read-out';
