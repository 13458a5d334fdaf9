/**
 * Redis implementations of the domains' interfaces, shared by every qihu instance: tickets and their
 * outbox (one Lua script per transition), the knowledge store, conversation state (botbuilder
 * Storage), chat rate limits, hotline calls and their events, inbox dismissals; and the client they
 * share. See docs/delivery.md.
 */
export * from './client';
export * from './scripts';
export * from './keys';
export * from './ticket-store';
export * from './replay-guard';
export * from './kb-keys';
export * from './kb-store';
export * from './botbuilder-storage';
export * from './rate-limit';
export * from './calls';
export * from './call-events';
export * from './dismissals';
export * from './embedding-cache';
export * from './record-store';
export * from './policy-stores';
