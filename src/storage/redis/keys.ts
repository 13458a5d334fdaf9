/**
 * Every Redis key qihu uses, built in this one place. The prefix defaults to "qihu:"; on Redis
 * Cluster use a hash-tagged prefix such as "{qihu}:" so a Lua script's keys share a slot.
 */
import { createHash } from 'node:crypto';

/** A phone number or a username inside a key name: hashed, so key listings show neither. */
const keyHash = (value: string): string => createHash('sha256').update(value).digest('hex').slice(0, 32);

/** Bumped when the ticket search indexes change shape: the store rebuilds them from the tickets once. */
export const TICKET_INDEX_VERSION = '1';
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
  /** Every ticket id (sorted set, score = createdAt in ms): the search's newest-first list. */
  readonly ticketsByTime: string;
  /** The ticket ids of one contact phone (sorted set, score = createdAt in ms). */
  ticketsByPhone(phone: string): string;
  /** The ticket ids one user filed (sorted set, score = createdAt in ms). */
  ticketsByFiler(username: string): string;
  /** Ticket id → the username who filed it (hash). */
  readonly ticketFiledBy: string;
  /** The TICKET_INDEX_VERSION the indexes above were built for (string). */
  readonly ticketIndexVersion: string;
  /** The pattern (SCAN MATCH) of every ticket key. */
  readonly ticketPattern: string;
}

/** A prefix as a SCAN pattern matches it literally. */
const globLiteral = (text: string): string => text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);

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
    ticketsByTime: `${prefix}tickets:by-time`,
    ticketsByPhone: (phone) => `${prefix}tickets:by-phone:${keyHash(phone)}`,
    ticketsByFiler: (username) => `${prefix}tickets:by-filer:${keyHash(username)}`,
    ticketFiledBy: `${prefix}tickets:filed-by`,
    ticketIndexVersion: `${prefix}tickets:index-version`,
    ticketPattern: `${globLiteral(prefix)}ticket:*`,
  };
}
