/**
 * Every Redis key qihu uses, built in this one place. The prefix defaults to "qihu:"; on Redis
 * Cluster use a hash-tagged prefix such as "{qihu}:" so a Lua script's keys share a slot.
 */
import { createHash } from 'node:crypto';
import type { DigestIndex } from '../../tickets';

/** A phone number or a username inside a key name: hashed, so key listings show neither. */
const keyHash = (value: string): string => createHash('sha256').update(value).digest('hex').slice(0, 32);

/** Bumped when the phone index changes shape: a store opening on another indexes every ticket's phone again. */
export const SEARCH_INDEX_VERSION = '1';

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
  /** The ticket ids of one contact phone (sorted set, score = filing time in ms): a caller's history. */
  ticketsByPhone(phone: string): string;
  /** The ticket ids one user filed (sorted set, score = filing time in ms). */
  ticketsByFiler(username: string): string;
  /** Ticket id → the username who filed it (hash). */
  readonly ticketFiledBy: string;
  /** The SEARCH_INDEX_VERSION the phone index was last built for (string). */
  readonly searchIndexVersion: string;
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
    ticketsByPhone: (phone) => `${prefix}tickets:by-phone:${keyHash(phone)}`,
    ticketsByFiler: (username) => `${prefix}tickets:by-filer:${keyHash(username)}`,
    ticketFiledBy: `${prefix}tickets:filed-by`,
    searchIndexVersion: `${prefix}tickets:search-version`,
  };
}

/**
 * The live hand-off's keys (src/storage/redis/live-desk.ts), all under one hash tag `{live}`: its
 * scripts (take, finish, expire) touch the queue and a conversation at once, so on Redis Cluster
 * they must share a slot.
 */
export interface LiveDeskKeys {
  /** Waiting conversations (sorted set: session id, score = enqueued at, ms). */
  readonly queue: string;
  /** Conversations waiting or with an operator (hash: session id → LiveConversation JSON, as enqueued). */
  readonly conversations: string;
  /** Who took which (hash: session id → {operator, takenAt} JSON); set once, by the take script. */
  readonly assignments: string;
  /** A conversation's messages (list of LiveMessage JSON). */
  messages(sessionId: string): string;
  /** Messages for the user's chat page not acknowledged yet (sorted set of HeldMessage JSON, score = seq). */
  held(sessionId: string): string;
  /** The held messages' counters (hash: last = the highest seq given, sent = the highest sent). */
  heldSeq(sessionId: string): string;
  /** The queue place the waiting user was last told (a number). */
  place(sessionId: string): string;
  /** Recent take times in ms (list, newest last). */
  readonly takes: string;
  /** Operators with the console open (sorted set: username hash, score = last seen, ms). */
  readonly operators: string;
  /** The pub/sub channel of LiveEvents. */
  readonly events: string;
  /** An operator's username as it goes into `operators`. */
  operator(username: string): string;
}

export function liveDeskKeys(prefix = 'qihu:'): LiveDeskKeys {
  const tag = `${prefix}{live}:`;
  return {
    queue: `${tag}queue`,
    conversations: `${tag}conversations`,
    assignments: `${tag}assignments`,
    messages: (sessionId) => `${tag}messages:${sessionId}`,
    held: (sessionId) => `${tag}held:${sessionId}`,
    heldSeq: (sessionId) => `${tag}held-seq:${sessionId}`,
    place: (sessionId) => `${tag}place:${sessionId}`,
    takes: `${tag}takes`,
    operators: `${tag}operators`,
    events: `${tag}events`,
    operator: keyHash,
  };
}

/** The enterprise registry, 免申即享 notices and policy analytics (src/storage/redis/policy-stores.ts). */
export interface PolicyKeys {
  /** The registry in force: JSON {version, info} (string). */
  readonly registryCurrent: string;
  /** INCR counter of registry versions (string). */
  readonly registryVersion: string;
  /** One registry version's enterprises, JSON arrays of up to 1,000 in registry order (list). */
  registryChunks(version: number): string;
  /** One registry version's enterprises by credit code (hash: code → JSON). */
  registryByCode(version: number): string;
  /** Notices (hash: `<policyId>|<enterpriseId>` → JSON): HSETNX is the deduplication. */
  readonly notices: string;
  /** Notice ids by time (sorted set, score = ms). */
  readonly noticesByTime: string;
  /** One enterprise's notice ids (set); the credit code hashed. */
  noticesByCode(creditCode: string): string;
  /** Verification lists (hash: policy id → JSON array of rows). */
  readonly verification: string;
  /** Analytics counters (hash: matches, notices, policy:<id>, fact:<fact>). */
  readonly stats: string;
}

export function policyKeys(prefix = 'qihu:'): PolicyKeys {
  return {
    registryCurrent: `${prefix}enterprises:current`,
    registryVersion: `${prefix}enterprises:version`,
    registryChunks: (v) => `${prefix}enterprises:${v}:chunks`,
    registryByCode: (v) => `${prefix}enterprises:${v}:by-code`,
    notices: `${prefix}policy-notices`,
    noticesByTime: `${prefix}policy-notices:by-time`,
    noticesByCode: (code) => `${prefix}policy-notices:by-code:${keyHash(code)}`,
    verification: `${prefix}policy-notices:verify`,
    stats: `${prefix}policy-stats`,
  };
}
