/**
 * Storage implements the interfaces the domains define (TicketStore, KbBackend, CallStore,
 * DismissalStore, RateLimiter, botbuilder's Storage …): in Redis (./redis), in files under DATA_DIR
 * (./file) or in memory (./memory). Only the composition root, the live knowledge base and auth's
 * assembly import it.
 */
export * from './redis';
export * from './file';
export * from './memory';
