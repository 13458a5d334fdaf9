/**
 * Every Redis key qihu uses, built in this one place. The prefix defaults to "qihu:"; on Redis
 * Cluster use a hash-tagged prefix such as "{qihu}:" so a Lua script's keys share a slot.
 */
import type { DigestIndex } from '../../tickets';

export const CONSUMER_GROUP = 'dispatchers';

export interface RedisKeys {
  /** INCR counter of the day's ticket numbers (string). */
  sequence(day: string): string;
  /** Ticket JSON (string). */
  ticket(id: string): string;
  /** Ticket state (hash: v = version, json = TicketState JSON). */
  state(id: string): string;
  /** Idempotency key → ticket id (string). */
  idempotency(key: string): string;
  /** Outbox stream read by the dispatchers' consumer group. */
  readonly outbox: string;
  /** Scheduled retries (sorted set, score = due time in ms). */
  readonly retry: string;
  /** Dead letters (stream). */
  readonly dead: string;
  /** Signatures of accepted callbacks, for replay protection (string with PX expiry). */
  replay(signature: string): string;
  /** Ticket digests for the 督办 view (hash: ticket id → TicketDigest JSON). */
  readonly digests: string;
  /** A digest index (sorted set of ticket ids; score: ms, see tickets/digest.ts digestScores). */
  digestIndex(index: DigestIndex): string;
  /** The DIGEST_VERSION the digests and indexes were last built for (string). */
  readonly digestVersion: string;
}

export function redisKeys(prefix = 'qihu:'): RedisKeys {
  return {
    sequence: (day) => `${prefix}seq:${day}`,
    ticket: (id) => `${prefix}ticket:${id}`,
    state: (id) => `${prefix}state:${id}`,
    idempotency: (key) => `${prefix}idem:${key}`,
    outbox: `${prefix}outbox`,
    retry: `${prefix}outbox:retry`,
    dead: `${prefix}outbox:dead`,
    replay: (signature) => `${prefix}replay:${signature}`,
    digests: `${prefix}digests`,
    digestIndex: (index) => `${prefix}idx:${index}`,
    digestVersion: `${prefix}idx:version`,
  };
}
