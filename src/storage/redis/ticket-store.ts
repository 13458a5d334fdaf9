/**
 * TicketStore on Redis, safe for several qihu instances at once. Every change of more than one key
 * is one Lua script in ./commands (headed by its KEYS/ARGV/return codes); state transitions are
 * computed by the domain functions in TypeScript and written with compare-and-set on a version.
 *
 * The outbox is a stream read by the consumer group "dispatchers": XREADGROUP hands entries out,
 * XACK only after a 2xx, XAUTOCLAIM takes over entries a crashed instance left pending longer than
 * the lease, retries wait in a sorted set and go back to the stream when due, dead letters go to a
 * stream of their own. See docs/delivery.md.
 */
import { z } from 'zod';
import {
  Ticket,
  TicketState,
  SatisfactionRating,
  applyRating,
  applyStatusUpdate,
  markDelivered,
  recordDeliveryFailure,
  DeadLetter,
  OutboxEntry,
  clipError,
  DIGEST_VERSION,
  TicketDigest,
  digestOf,
  digestScores,
  ticketMatches,
  wholeTicketId,
  TICKET_TEXT_SCAN_MAX,
  type DigestIndex,
  type DigestRange,
  type TicketHit,
  type TransitionResult,
  type CreateTicketResult,
  type OutboxKind,
  type StoreTransitionResult,
  type TicketStore,
  statusNoticeOf,
} from '../../tickets';
import { DEFAULT_DEDUP_TTL_MS, dedupKeyOf } from '../../notifications';
import { newNotificationEntry, notificationOutboxKeys } from './notification-outbox';
import { closeRedisClient, openRedisClient, type AnyRedisClient, type RedisTarget } from './client';
import { currentMaster, waitForReplicas } from './connect';
import { CONSUMER_GROUP, redisKeys, SEARCH_INDEX_VERSION, type RedisKeys } from './keys';
import { errorMessage, runScript } from './scripts';
import { scanKeys } from './scan';

export { createRedisClient, type AnyRedisClient } from './client';

export interface RedisTicketStoreOptions {
  /** redis:// URL or a Sentinel/Cluster connection; a client is created, connected and closed with the store. */
  url?: RedisTarget;
  /** Or a connected client owned by the caller (not closed by close()). */
  client?: AnyRedisClient;
  prefix?: string;
  now?: () => number;
  /** Called with connection errors (the client reconnects by itself). */
  onError?: (err: Error) => void;
  /**
   * Replicas that must hold a new ticket before createTicket returns (WAIT, on the connection that
   * wrote it): with asynchronous replication, a failover right after the reply could otherwise
   * promote a replica that never received the ticket. Default 0 (a single server: its AOF decides).
   */
  waitReplicas?: number;
  /** How long WAIT may take (default 1000 ms). Past it the ticket is acknowledged all the same. */
  waitTimeoutMs?: number;
  /** Told when WAIT ran out before enough replicas held a ticket. */
  onWaitShort?: (detail: { ticketId: string; replicas: number; wanted: number }) => void;
  /**
   * A status change also queues its notification in the notification outbox (same prefix), in the
   * same script (StatusNotice). On with NOTIFY_URL.
   */
  statusNotices?: { dedupTtlMs?: number };
}

/** Digests read per HMGET. */
const DIGEST_BATCH = 1000;
/** Ticket ids read from an index at a time by a search. */
const SEARCH_PAGE = 100;
/** The index keys indexTicket.lua takes, in its KEYS order. */
const DIGEST_INDEXES_IN_SCRIPT = ['created', 'open', 'answered', 'rated'] as const satisfies readonly DigestIndex[];

/** A key prefix as a literal in a SCAN MATCH pattern. */
const globEscape = (text: string) => text.replace(/[*?[\]\\]/g, '\\$&');

/** Attempts at a compare-and-set before giving up (only under heavy contention on one ticket). */
const CAS_ATTEMPTS = 20;
/** After a WAIT ran out (no replica to wait for), tickets do not wait again for this long. */
const WAIT_BACKOFF_MS = 5000;

const CreateReply = z.union([
  z.tuple([z.literal(1), z.string(), z.string()]),
  z.tuple([z.literal(0), z.string()]),
  z.tuple([z.literal(-1), z.string()]),
]);
const IntReply = z.number().int();
const StringList = z.array(z.string());
const ClaimReply = z.array(z.union([z.string(), StringList]));

const EntryFields = z.object({
  ticket: z.string(),
  kind: z.string(),
  attempts: z.coerce.number().int().min(0),
  enqueuedAt: z.coerce.number().int().min(0),
  lastError: z.string().optional(),
});
const DeadFields = EntryFields.extend({ error: z.string(), deadAt: z.coerce.number().int().min(0) });

function fieldsToObject(flat: readonly string[]): Record<string, string> {
  const o: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) o[flat[i] as string] = flat[i + 1] as string;
  return o;
}

export interface RedisTicketStore extends TicketStore {
  readonly client: AnyRedisClient;
  readonly keys: RedisKeys;
}

export async function createRedisTicketStore(opts: RedisTicketStoreOptions): Promise<RedisTicketStore> {
  const keys = redisKeys(opts.prefix);
  const notifyKeys = notificationOutboxKeys(opts.prefix);
  const now = opts.now ?? Date.now;
  const { client, owned } = await openRedisClient(opts, 'createRedisTicketStore');

  await ensureGroup();

  const waitReplicas = opts.waitReplicas ?? 0;
  const waitTimeoutMs = opts.waitTimeoutMs ?? 1000;
  let waitShortUntil = 0;

  /**
   * Acknowledged = durable under failover: wait until `waitReplicas` replicas hold the ticket just
   * written (`master`: where it was written). While no replica answers (a failover just happened,
   * the replica is down) WAIT would hold every ticket for its whole timeout, so after a short WAIT
   * tickets are acknowledged without waiting for WAIT_BACKOFF_MS. If the master changed meanwhile,
   * the WAIT went to the new one: the ticket is read back there, and a ticket the failover lost is
   * an error (the caller retries with the same idempotency key and files it again).
   */
  async function replicate(ticketId: string, master: string | undefined): Promise<void> {
    if (waitReplicas > 0 && Date.now() >= waitShortUntil) {
      const held = await waitForReplicas(client, waitReplicas, waitTimeoutMs);
      if (held < waitReplicas) {
        waitShortUntil = Date.now() + WAIT_BACKOFF_MS;
        opts.onWaitShort?.({ ticketId, replicas: held, wanted: waitReplicas });
      }
    }
    if (currentMaster(client) !== master && (await client.get(keys.ticket(ticketId))) == null) {
      throw new Error(`ticket ${ticketId} was lost in a Redis failover before a replica held it; file it again`);
    }
  }

  async function ensureGroup(): Promise<void> {
    try {
      await client.xGroupCreate(keys.outbox, CONSUMER_GROUP, '0', { MKSTREAM: true });
    } catch (err) {
      if (!errorMessage(err).startsWith('BUSYGROUP')) throw err;
    }
  }

  /** Run a script; if the stream or its group vanished (FLUSHALL, lost AOF) recreate and retry once. */
  async function script(name: Parameters<typeof runScript>[1], k: string[], a: (string | number)[]): Promise<unknown> {
    try {
      return await runScript(client, name, k, a);
    } catch (err) {
      if (errorMessage(err).includes('NOGROUP')) {
        await ensureGroup();
        return runScript(client, name, k, a);
      }
      throw err;
    }
  }

  async function readState(id: string): Promise<{ version: string; state: TicketState } | undefined> {
    const [v, json] = await client.hmGet(keys.state(id), ['v', 'json']);
    if (v == null || json == null) return undefined;
    return { version: String(v), state: TicketState.parse(JSON.parse(String(json))) };
  }

  async function readTicket(id: string): Promise<Ticket | undefined> {
    const json = await client.get(keys.ticket(id));
    return json == null ? undefined : Ticket.parse(JSON.parse(String(json)));
  }

  /** A digest and its index scores as script arguments ('' : not in that index). */
  function digestArgs(ticket: Ticket, state: TicketState): { digest: string; scores: Record<DigestIndex, string> } {
    const d = digestOf(ticket, state);
    const s = digestScores(d);
    const arg = (v: number | undefined) => (v === undefined ? '' : String(v));
    return { digest: JSON.stringify(d), scores: { created: arg(s.created), open: arg(s.open), answered: arg(s.answered), rated: arg(s.rated) } };
  }

  /** Read, compute with the domain function, compare-and-set; repeat on a version conflict. */
  /** The notification outbox's keys and arguments for setState.lua: the status change's notice, queued with it. */
  function noticeArgs(id: string, state: TicketState): { keys: string[]; args: (string | number)[] } {
    const notification = { kind: 'ticket_status' as const, ...statusNoticeOf(id, state) };
    const dedup = dedupKeyOf(notification);
    const entry = newNotificationEntry(notification, dedup, now());
    return {
      keys: [notifyKeys.dedup(dedup), notifyKeys.entries, notifyKeys.due],
      args: [entry.id, JSON.stringify(entry), entry.dueAt, opts.statusNotices?.dedupTtlMs ?? DEFAULT_DEDUP_TTL_MS],
    };
  }

  async function transition(
    id: string,
    step: (s: TicketState) => TransitionResult,
    enqueue?: OutboxKind,
    notice = false,
  ): Promise<StoreTransitionResult> {
    for (let i = 0; i < CAS_ATTEMPTS; i++) {
      const [cur, ticket] = await Promise.all([readState(id), readTicket(id)]);
      if (!cur || !ticket) return { ok: false, code: 'not_found' };
      const r = step(cur.state);
      if (!r.ok || !r.changed) return r;
      const { digest, scores } = digestArgs(ticket, r.state);
      const n = notice ? noticeArgs(id, r.state) : { keys: [], args: [] };
      const reply = IntReply.parse(
        await script(
          'setState',
          [keys.state(id), keys.outbox, keys.digests, keys.digestIndex('open'), keys.digestIndex('answered'), keys.digestIndex('rated'), ...n.keys],
          [cur.version, JSON.stringify(r.state), enqueue ?? '', id, now(), digest, scores.open, scores.answered, scores.rated, ...n.args],
        ),
      );
      if (reply === -2) return { ok: false, code: 'not_found' };
      if (reply > 0) return notice ? { ...r, noticeQueued: true } : r;
    }
    throw new Error(`state of ${id} kept changing; gave up after ${CAS_ATTEMPTS} attempts`);
  }

  /**
   * Settle an outbox entry with a script that also (for ticket entries) writes the state computed by
   * `nextState`, compare-and-set. `call(version, json)` runs the script ('' version: no state change).
   */
  async function settle(
    entry: OutboxEntry,
    nextState: (s: TicketState) => TicketState,
    call: (version: string, json: string, digest: string) => Promise<unknown>,
  ): Promise<boolean> {
    for (let i = 0; i < CAS_ATTEMPTS; i++) {
      let version = '';
      let json = '';
      let digest = '';
      if (entry.kind === 'ticket') {
        const cur = await readState(entry.ticketId);
        if (cur) {
          const next = nextState(cur.state);
          if (next !== cur.state) {
            version = cur.version;
            json = JSON.stringify(next);
            const ticket = await readTicket(entry.ticketId);
            if (ticket) digest = JSON.stringify(digestOf(ticket, next));
          }
        }
      }
      const reply = await call(version, json, digest);
      if (reply === -1) continue;
      return reply !== 0;
    }
    throw new Error(`state of ${entry.ticketId} kept changing; gave up after ${CAS_ATTEMPTS} attempts`);
  }

  function parseEntry(id: string, flat: readonly string[]): OutboxEntry | undefined {
    const f = EntryFields.safeParse(fieldsToObject(flat));
    if (!f.success) return undefined;
    const e = OutboxEntry.safeParse({
      id,
      ticketId: f.data.ticket,
      kind: f.data.kind,
      attempts: f.data.attempts,
      enqueuedAt: f.data.enqueuedAt,
      ...(f.data.lastError ? { lastError: f.data.lastError } : {}),
    });
    return e.success ? e.data : undefined;
  }

  const scoreArg = (v: number | undefined, open: string) => (v === undefined ? open : String(v));
  const onDigestError = (id: string) => opts.onError?.(new Error(`digest of ${id} does not match the current TicketDigest`));

  /** The ids of a digest range, in its order (ZRANGE … BYSCORE [REV] [LIMIT]). */
  async function rangeIds(range: DigestRange): Promise<string[]> {
    const min = scoreArg(range.min, '-inf');
    const max = scoreArg(range.max, '+inf');
    const offset = Math.max(0, Math.floor(range.offset ?? 0));
    const limit = range.limit === undefined ? undefined : Math.max(0, Math.floor(range.limit));
    if (limit === 0) return [];
    const key = keys.digestIndex(range.index);
    const options = {
      BY: 'SCORE' as const,
      ...(range.reverse ? { REV: true as const } : {}),
      ...(offset > 0 || limit !== undefined ? { LIMIT: { offset, count: limit ?? -1 } } : {}),
    };
    // With REV, ZRANGE takes the higher bound first.
    const ids = range.reverse ? await client.zRange(key, max, min, options) : await client.zRange(key, min, max, options);
    return StringList.parse(ids);
  }

  /**
   * Digests and indexes for every ticket, once per DIGEST_VERSION: tickets filed before the digests
   * existed (or under an older version) are indexed when an instance first opens the store. A
   * ticket whose state changes meanwhile is indexed by that change.
   */
  async function ensureDigests(): Promise<void> {
    if ((await client.get(keys.digestVersion)) === String(DIGEST_VERSION)) return;
    const ticketPrefix = keys.ticket('');
    for await (const batch of scanKeys(client, `${globEscape(ticketPrefix)}*`, ticketPrefix)) {
      for (const key of batch) await indexOne(key.slice(ticketPrefix.length));
    }
    await client.set(keys.digestVersion, String(DIGEST_VERSION));
  }

  async function indexOne(id: string): Promise<void> {
    for (let i = 0; i < CAS_ATTEMPTS; i++) {
      const [cur, ticket] = await Promise.all([readState(id), readTicket(id)]);
      if (!cur || !ticket) return;
      const { digest, scores } = digestArgs(ticket, cur.state);
      const reply = IntReply.parse(
        await script(
          'indexTicket',
          [keys.state(id), keys.digests, ...DIGEST_INDEXES_IN_SCRIPT.map((x) => keys.digestIndex(x))],
          [cur.version, id, digest, scores.created, scores.open, scores.answered, scores.rated],
        ),
      );
      if (reply === 1) return;
    }
  }

  /**
   * The phone index for every ticket, once per SEARCH_INDEX_VERSION: tickets filed before it existed
   * are indexed when an instance first opens the store; createTicket indexes every new one. Adding
   * twice is harmless, so instances opening together may both do it.
   */
  async function ensurePhoneIndex(): Promise<void> {
    if ((await client.get(keys.searchIndexVersion)) === SEARCH_INDEX_VERSION) return;
    const ticketPrefix = keys.ticket('');
    for await (const batch of scanKeys(client, `${globEscape(ticketPrefix)}*`, ticketPrefix)) {
      for (const key of batch) {
        const ticket = await readTicket(key.slice(ticketPrefix.length)).catch(() => undefined);
        if (ticket) await client.zAdd(keys.ticketsByPhone(ticket.contact.phone), { score: Date.parse(ticket.createdAt), value: ticket.id });
      }
    }
    await client.set(keys.searchIndexVersion, SEARCH_INDEX_VERSION);
  }

  /** The digests (and filers) of these ids, in their order; an id without a readable digest is left out. */
  async function hitsOf(ids: readonly string[]): Promise<TicketHit[]> {
    if (ids.length === 0) return [];
    const [rows, filers] = await Promise.all([client.hmGet(keys.digests, [...ids]), client.hmGet(keys.ticketFiledBy, [...ids])]);
    const hits: TicketHit[] = [];
    rows.forEach((row, i) => {
      if (row == null) return;
      const d = TicketDigest.safeParse(JSON.parse(String(row)));
      if (!d.success) return onDigestError(ids[i]!);
      const by = filers[i];
      hits.push(by == null ? { digest: d.data } : { digest: d.data, filedBy: String(by) });
    });
    return hits;
  }

  await ensureDigests();
  await ensurePhoneIndex();

  const store: RedisTicketStore = {
    client,
    keys,

    async nextSequence(day) {
      const k = keys.sequence(day);
      const n = Number(await client.incr(k));
      if (n === 1) await client.expire(k, 3 * 24 * 3600);
      return n;
    },

    async createTicket(ticket, state, meta): Promise<CreateTicketResult> {
      const t = Ticket.parse(ticket);
      const s = TicketState.parse(state);
      const filedBy = meta?.filedBy ?? '';
      const master = currentMaster(client);
      const { digest, scores } = digestArgs(t, s);
      const reply = CreateReply.parse(
        await script(
          'createTicket',
          [
            keys.idempotency(t.idempotencyKey),
            keys.ticket(t.id),
            keys.state(t.id),
            keys.outbox,
            keys.digests,
            keys.digestIndex('created'),
            keys.digestIndex('open'),
            keys.ticketsByPhone(t.contact.phone),
            keys.ticketsByFiler(filedBy),
            keys.ticketFiledBy,
          ],
          [t.id, JSON.stringify(t), JSON.stringify(s), now(), digest, scores.created, scores.open, filedBy],
        ),
      );
      if (reply[0] !== -1) await replicate(reply[1], master);
      if (reply[0] === 1) return { created: true, ticketId: reply[1] };
      if (reply[0] === 0) return { created: false, reason: 'duplicate', ticketId: reply[1] };
      return { created: false, reason: 'id_taken', ticketId: reply[1] };
    },

    async findByIdempotencyKey(key) {
      const id = await client.get(keys.idempotency(key));
      return id == null ? undefined : String(id);
    },

    getTicket: readTicket,

    async getState(id) {
      return (await readState(id))?.state;
    },

    async searchTickets(query) {
      const whole = wholeTicketId(query.text);
      if (whole !== undefined) {
        const [hit] = await hitsOf([whole]);
        const phoneOk = query.phone === undefined || (await client.zScore(keys.ticketsByPhone(query.phone), whole)) != null;
        return { hits: hit && phoneOk && ticketMatches(hit, { ...query, text: undefined }) ? [hit] : [], truncated: false };
      }
      // The narrowest index the query names; the rest of the query filters what it lists.
      const index =
        query.phone !== undefined ? keys.ticketsByPhone(query.phone) : query.filedBy !== undefined ? keys.ticketsByFiler(query.filedBy) : keys.digestIndex('created');
      const bounded = query.phone === undefined && query.filedBy === undefined;
      const hits: TicketHit[] = [];
      for (let start = 0; hits.length < query.limit; start += SEARCH_PAGE) {
        if (bounded && start >= TICKET_TEXT_SCAN_MAX) return { hits, truncated: Number(await client.zCard(index)) > start };
        const ids = StringList.parse(await client.zRange(index, start, start + SEARCH_PAGE - 1, { REV: true }));
        if (ids.length === 0) break;
        for (const hit of await hitsOf(ids)) if (hits.length < query.limit && ticketMatches(hit, query)) hits.push(hit);
      }
      return { hits, truncated: false };
    },

    applyStatus(id, update) {
      return transition(id, (s) => applyStatusUpdate(s, update), undefined, opts.statusNotices !== undefined);
    },

    setRating(id, rating) {
      const parsed = SatisfactionRating.parse(rating);
      return transition(id, (s) => applyRating(s, parsed), 'rating');
    },

    async claimDue(consumer, max, leaseMs) {
      const reply = ClaimReply.parse(
        await script(
          'claimDue',
          [keys.outbox, keys.retry],
          [CONSUMER_GROUP, consumer, Math.max(1, Math.floor(max)), Math.max(1, Math.floor(leaseMs)), now()],
        ),
      );
      const out: OutboxEntry[] = [];
      for (let i = 0; i + 1 < reply.length; i += 2) {
        const id = reply[i];
        const fields = reply[i + 1];
        if (typeof id !== 'string' || !Array.isArray(fields)) continue;
        const e = parseEntry(id, fields);
        if (e) out.push(e);
        // A malformed entry stays pending; it shows in XPENDING for an operator.
      }
      return out;
    },

    ack(entry, deliveredAt) {
      return settle(
        entry,
        (s) => {
          const r = markDelivered(s, deliveredAt);
          return r.ok ? r.state : s;
        },
        (version, json, digest) =>
          script(
            'ack',
            [keys.outbox, keys.state(entry.ticketId), keys.digests],
            [CONSUMER_GROUP, entry.id, version, json, entry.ticketId, digest],
          ),
      );
    },

    retryLater(entry, dueAt, error) {
      const lastError = clipError(error);
      const member = JSON.stringify({
        ticket: entry.ticketId,
        kind: entry.kind,
        attempts: entry.attempts + 1,
        enqueuedAt: entry.enqueuedAt,
        lastError,
        from: entry.id, // keeps members unique
      });
      return settle(
        entry,
        (s) => recordDeliveryFailure(s, lastError),
        (version, json) =>
          script(
            'retryLater',
            [keys.outbox, keys.retry, keys.state(entry.ticketId)],
            [CONSUMER_GROUP, entry.id, Math.floor(dueAt), member, version, json],
          ),
      );
    },

    deadLetter(entry, error) {
      const text = clipError(error);
      return settle(
        entry,
        (s) => recordDeliveryFailure(s, text),
        (version, json) =>
          script(
            'deadLetter',
            [keys.outbox, keys.dead, keys.state(entry.ticketId)],
            [
              CONSUMER_GROUP,
              entry.id,
              entry.ticketId,
              entry.kind,
              entry.attempts + 1,
              entry.enqueuedAt,
              text,
              now(),
              version,
              json,
            ],
          ),
      );
    },

    async listDeadLetters(limit = 1000) {
      const rows = await client.xRange(keys.dead, '-', '+', { COUNT: limit });
      const out: DeadLetter[] = [];
      for (const row of rows ?? []) {
        if (!row) continue;
        const f = DeadFields.safeParse(row.message);
        if (!f.success) continue;
        const d = DeadLetter.safeParse({
          id: String(row.id),
          ticketId: f.data.ticket,
          kind: f.data.kind,
          attempts: f.data.attempts,
          enqueuedAt: f.data.enqueuedAt,
          error: f.data.error,
          deadAt: f.data.deadAt,
        });
        if (d.success) out.push(d.data);
      }
      return out;
    },

    async deadLetterCount() {
      return Number(await client.xLen(keys.dead));
    },

    async replayDeadLetter(id) {
      if (!/^\d+-\d+$/.test(id)) return undefined;
      const reply = await script('replayDeadLetter', [keys.dead, keys.outbox], [id, now()]);
      return typeof reply === 'string' ? reply : undefined;
    },

    async listDigests(range) {
      const ids = await rangeIds(range);
      const batches: string[][] = [];
      for (let i = 0; i < ids.length; i += DIGEST_BATCH) batches.push(ids.slice(i, i + DIGEST_BATCH));
      // Sent together (the client pipelines them), read in order.
      const replies = await Promise.all(batches.map((batch) => client.hmGet(keys.digests, batch)));
      const out: TicketDigest[] = [];
      replies.forEach((rows, b) =>
        rows.forEach((row, j) => {
          // A ticket indexed but not yet digested (an index written by an older instance) is skipped.
          if (row == null) return;
          const d = TicketDigest.safeParse(JSON.parse(String(row)));
          if (d.success) out.push(d.data);
          else onDigestError(batches[b]![j]!);
        }),
      );
      return out;
    },

    async countDigests(range) {
      return Number(await client.zCount(keys.digestIndex(range.index), scoreArg(range.min, '-inf'), scoreArg(range.max, '+inf')));
    },

    async outboxSize() {
      const [len, retries] = await Promise.all([client.xLen(keys.outbox), client.zCard(keys.retry)]);
      return Number(len) + Number(retries);
    },

    async close() {
      if (owned) await closeRedisClient(client);
    },
  };
  return store;
}
