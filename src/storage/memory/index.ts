/** Conversation state in memory (no REDIS_URL), forgotten after the same time as in Redis. */
export * from './expiring-storage';
