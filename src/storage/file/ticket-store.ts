/**
 * The embedded TicketStore: everything in memory, every change first written to a journal on local
 * disk (see journal.ts) and fsynced before the caller hears of it. On start the journal is replayed.
 * One process only: leases of claimed outbox entries live in memory and are void after a restart
 * (every unfinished entry is due again at once).
 *
 * Mutations run one at a time (a promise chain): each validates against memory, appends its
 * records, fsyncs, then changes memory. A failed write changes nothing.
 */
import { join } from 'node:path';
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
  OutboxKind,
  clipError,
  digestOf,
  digestScores,
  FiledBy,
  ticketMatches,
  wholeTicketId,
  TICKET_TEXT_SCAN_MAX,
  type TicketHit,
  type DigestIndex,
  type DigestRange,
  type TicketDigest,
  type StatusUpdate,
  type TransitionResult,
  type CreateTicketResult,
  type OutboxEntry,
  type StoreTransitionResult,
  type TicketStore,
  StatusNotice,
  statusNoticeOf,
} from '../../tickets';
import { describeRepair, JournalWriter, readJournal } from './journal';

// ---------------------------------------------------------------- journal records

const StoredEntry = z.strictObject({
  id: z.string(),
  ticketId: z.string(),
  kind: OutboxKind,
  attempts: z.number().int().min(0),
  enqueuedAt: z.number().int().min(0),
  lastError: z.string().optional(),
  dueAt: z.number().int().min(0),
});
type StoredEntry = z.infer<typeof StoredEntry>;


export const JournalRecord = z.discriminatedUnion('t', [
  z.strictObject({ t: z.literal('seq'), day: z.string(), n: z.number().int() }),
  z.strictObject({ t: z.literal('ticket'), ticket: Ticket, state: TicketState, filedBy: FiledBy.optional() }),
  // `notice`: a status change to tell the enterprise of, on the change's own line (pending until 'noticed').
  z.strictObject({ t: z.literal('state'), ticketId: z.string(), state: TicketState, notice: StatusNotice.optional() }),
  z.strictObject({ t: z.literal('notice'), notice: StatusNotice }),
  z.strictObject({ t: z.literal('noticed'), notice: StatusNotice }),
  z.strictObject({ t: z.literal('entry'), entry: StoredEntry }),
  z.strictObject({ t: z.literal('remove'), entryId: z.string() }),
  z.strictObject({ t: z.literal('dead'), dead: DeadLetter }),
  z.strictObject({ t: z.literal('undead'), deadId: z.string() }),
  z.strictObject({ t: z.literal('counter'), next: z.number().int().min(0) }),
]);
export type JournalRecord = z.infer<typeof JournalRecord>;

export interface FileTicketStoreOptions {
  /** Directory for the journal (DATA_DIR). */
  dir: string;
  fileName?: string;
  now?: () => number;
  /** Compact on open when the journal holds more than this many records beyond the live ones. */
  compactAfter?: number;
  /** Told, in a sentence, what opening the journal repaired (a torn tail, damaged lines set aside). */
  onRepair?: (message: string) => void;
  /** A status change keeps its notice, pending until queued (StatusNotice). On with NOTIFY_URL. */
  statusNotices?: boolean;
}

export interface FileTicketStore extends TicketStore {
  pendingStatusNotices(): Promise<StatusNotice[]>;
  statusNoticeQueued(notice: StatusNotice): Promise<void>;
  /** Rewrite the journal with only the live data. */
  compact(): Promise<void>;
  /** Bytes cut from a torn last line when the journal was opened. */
  readonly repairedBytes: number;
}

interface Lease {
  consumer: string;
  until: number;
}

interface IndexEntry {
  score: number;
  id: string;
}

/** The first position in `entries` (sorted by score) whose score is at least `score` (or above it, with `after`). */
function lowerBound(entries: readonly IndexEntry[], score: number, after = false): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const s = entries[mid]!.score;
    if (s < score || (after && s === score)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export async function createFileTicketStore(opts: FileTicketStoreOptions): Promise<FileTicketStore> {
  const file = join(opts.dir, opts.fileName ?? 'tickets.journal');
  const now = opts.now ?? Date.now;

  const seq = new Map<string, number>();
  const tickets = new Map<string, Ticket>();
  const states = new Map<string, TicketState>();
  const idem = new Map<string, string>();
  const outbox = new Map<string, StoredEntry>(); // insertion order = queue order
  const dead = new Map<string, DeadLetter>();
  const leases = new Map<string, Lease>();
  let counter = 0;
  // Search indexes: ticket ids in the order they were filed, by contact phone, and who filed each.
  const order: string[] = [];
  const byPhone = new Map<string, string[]>();
  const filedBy = new Map<string, string>();
  // Digests are derived when first asked for and forgotten when their ticket changes; the sorted
  // indexes are rebuilt after any change (tens of milliseconds for tens of thousands of tickets).
  const digests = new Map<string, TicketDigest>();
  let sorted = new Map<DigestIndex, IndexEntry[]>();
  // Status notices kept but not yet queued in the notification outbox.
  const notices = new Map<string, StatusNotice>();
  const noticeKey = (n: StatusNotice) => `${n.ticketId}|${n.status}|${n.at}`;
  const changed = (id: string) => {
    digests.delete(id);
    if (sorted.size > 0) sorted = new Map();
  };

  function apply(r: JournalRecord): void {
    switch (r.t) {
      case 'seq':
        seq.set(r.day, r.n);
        break;
      case 'ticket':
        if (!tickets.has(r.ticket.id)) {
          order.push(r.ticket.id);
          const phone = byPhone.get(r.ticket.contact.phone);
          if (phone) phone.push(r.ticket.id);
          else byPhone.set(r.ticket.contact.phone, [r.ticket.id]);
        }
        if (r.filedBy !== undefined) filedBy.set(r.ticket.id, r.filedBy);
        tickets.set(r.ticket.id, r.ticket);
        states.set(r.ticket.id, r.state);
        idem.set(r.ticket.idempotencyKey, r.ticket.id);
        changed(r.ticket.id);
        break;
      case 'state':
        states.set(r.ticketId, r.state);
        if (r.notice) notices.set(noticeKey(r.notice), r.notice);
        changed(r.ticketId);
        break;
      case 'notice':
        notices.set(noticeKey(r.notice), r.notice);
        break;
      case 'noticed':
        notices.delete(noticeKey(r.notice));
        break;
      case 'entry':
        outbox.delete(r.entry.id); // re-append moves it to the back of the queue
        leases.delete(r.entry.id);
        outbox.set(r.entry.id, r.entry);
        counter = Math.max(counter, entryNumber(r.entry.id) + 1);
        break;
      case 'remove':
        outbox.delete(r.entryId);
        leases.delete(r.entryId);
        break;
      case 'dead':
        dead.set(r.dead.id, r.dead);
        break;
      case 'undead':
        dead.delete(r.deadId);
        break;
      case 'counter':
        counter = Math.max(counter, r.next);
        break;
    }
  }

  const replay = readJournal(file);
  const repaired = describeRepair(file, replay);
  if (repaired) opts.onRepair?.(repaired);
  replay.records.forEach((raw, i) => {
    const parsed = JournalRecord.safeParse(raw);
    if (!parsed.success) throw new Error(`journal ${file}: record ${i + 1} is not a valid record`);
    apply(parsed.data);
  });
  const writer = await JournalWriter.open(file);

  // ---------------------------------------------------------------- serialised commits

  let chain: Promise<unknown> = Promise.resolve();
  let closed = false;
  /** Run `fn` after every earlier commit has finished, and before any later one starts. */
  function exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = chain.then(() => {
      if (closed) throw new Error('ticket store is closed');
      return fn();
    });
    chain = run.catch(() => undefined);
    return run;
  }
  /** `fn` reads memory and returns the records to commit and its result; memory changes after fsync. */
  function mutate<T>(fn: () => { records: JournalRecord[]; result: T }): Promise<T> {
    return exclusive(async () => {
      const { records, result } = fn();
      if (records.length > 0) {
        await writer.append(records);
        records.forEach(apply);
      }
      return result;
    });
  }

  function newEntryId(): string {
    return `e${String(counter++).padStart(10, '0')}`;
  }

  function entryNumber(id: string): number {
    const n = Number(id.slice(1));
    return Number.isFinite(n) ? n : -1;
  }

  function toEntry(e: StoredEntry): OutboxEntry {
    const out: OutboxEntry = {
      id: e.id,
      ticketId: e.ticketId,
      kind: e.kind,
      attempts: e.attempts,
      enqueuedAt: e.enqueuedAt,
    };
    if (e.lastError !== undefined) out.lastError = e.lastError;
    return out;
  }

  function digestFor(id: string): TicketDigest | undefined {
    let d = digests.get(id);
    if (d) return d;
    const ticket = tickets.get(id);
    const state = states.get(id);
    if (!ticket || !state) return undefined;
    d = digestOf(ticket, state);
    digests.set(id, d);
    return d;
  }

  /** One index, by score and then id (as a Redis sorted set orders equal scores). */
  function indexOf(index: DigestIndex): IndexEntry[] {
    let entries = sorted.get(index);
    if (entries) return entries;
    entries = [];
    for (const id of tickets.keys()) {
      const d = digestFor(id);
      const score = d ? digestScores(d)[index] : undefined;
      if (score !== undefined) entries.push({ score, id });
    }
    entries.sort((a, b) => a.score - b.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    sorted.set(index, entries);
    return entries;
  }

  /** The positions [from, to) of a range's scores in its index. */
  function bounds(range: DigestRange): { entries: IndexEntry[]; from: number; to: number } {
    if (closed) throw new Error('ticket store is closed');
    const entries = indexOf(range.index);
    const from = range.min === undefined ? 0 : lowerBound(entries, range.min);
    const to = range.max === undefined ? entries.length : lowerBound(entries, range.max, true);
    return { entries, from, to: Math.max(from, to) };
  }

  /** A state transition on a ticket, plus whatever else must be committed with it. */
  function transition(
    id: string,
    step: (state: TicketState) => TransitionResult,
    extra: (changed: boolean) => JournalRecord[] = () => [],
  ): Promise<StoreTransitionResult> {
    return mutate((): { records: JournalRecord[]; result: StoreTransitionResult } => {
      const state = states.get(id);
      if (!state) return { records: [], result: { ok: false, code: 'not_found' } };
      const r = step(state);
      if (!r.ok) return { records: [], result: r };
      const records: JournalRecord[] = r.changed ? [{ t: 'state', ticketId: id, state: r.state }] : [];
      records.push(...extra(r.changed));
      return { records, result: r };
    });
  }

  /** The state record for a delivery outcome of a ticket entry (none for ratings). */
  function deliveryState(entry: StoredEntry, step: (s: TicketState) => TicketState): JournalRecord[] {
    if (entry.kind !== 'ticket') return [];
    const state = states.get(entry.ticketId);
    if (!state) return [];
    const next = step(state);
    return next === state ? [] : [{ t: 'state', ticketId: entry.ticketId, state: next }];
  }

  const store: FileTicketStore = {
    repairedBytes: replay.truncatedBytes,

    nextSequence(day) {
      return mutate(() => {
        const n = (seq.get(day) ?? 0) + 1;
        return { records: [{ t: 'seq', day, n }], result: n };
      });
    },

    createTicket(ticket, state, meta) {
      return mutate((): { records: JournalRecord[]; result: CreateTicketResult } => {
        const existing = idem.get(ticket.idempotencyKey);
        if (existing !== undefined)
          return { records: [], result: { created: false, reason: 'duplicate', ticketId: existing } };
        if (tickets.has(ticket.id))
          return { records: [], result: { created: false, reason: 'id_taken', ticketId: ticket.id } };
        const entry: StoredEntry = {
          id: newEntryId(),
          ticketId: ticket.id,
          kind: 'ticket',
          attempts: 0,
          enqueuedAt: now(),
          dueAt: 0,
        };
        return {
          records: [
            { t: 'ticket', ticket, state, ...(meta?.filedBy !== undefined ? { filedBy: meta.filedBy } : {}) },
            { t: 'entry', entry },
          ],
          result: { created: true, ticketId: ticket.id },
        };
      });
    },

    async findByIdempotencyKey(key) {
      return idem.get(key);
    },
    async getTicket(id) {
      return tickets.get(id);
    },
    async getState(id) {
      return states.get(id);
    },

    async searchTickets(query) {
      if (closed) throw new Error('ticket store is closed');
      const hitOf = (id: string): TicketHit | undefined => {
        const digest = digestFor(id);
        if (!digest) return undefined;
        const by = filedBy.get(id);
        return by === undefined ? { digest } : { digest, filedBy: by };
      };
      const whole = wholeTicketId(query.text);
      const phoneIds = query.phone === undefined ? undefined : (byPhone.get(query.phone) ?? []);
      if (whole !== undefined) {
        const hit = hitOf(whole);
        const ok = hit && (phoneIds === undefined || phoneIds.includes(whole)) && ticketMatches(hit, { ...query, text: undefined });
        return { hits: ok ? [hit] : [], truncated: false };
      }
      // Candidates newest first: the phone's tickets, or every ticket (a text alone is bounded).
      const ids = phoneIds ?? order;
      const bounded = query.phone === undefined && query.filedBy === undefined;
      const hits: TicketHit[] = [];
      let read = 0;
      for (let i = ids.length - 1; i >= 0 && hits.length < query.limit; i--) {
        if (bounded && read >= TICKET_TEXT_SCAN_MAX) return { hits, truncated: true };
        read++;
        const hit = hitOf(ids[i]!);
        if (hit && ticketMatches(hit, query)) hits.push(hit);
      }
      return { hits, truncated: false };
    },

    applyStatus(id, update: StatusUpdate) {
      if (!opts.statusNotices) return transition(id, (s) => applyStatusUpdate(s, update));
      return mutate((): { records: JournalRecord[]; result: StoreTransitionResult } => {
        const state = states.get(id);
        if (!state) return { records: [], result: { ok: false, code: 'not_found' } };
        const r = applyStatusUpdate(state, update);
        if (!r.ok || !r.changed) return { records: [], result: r };
        return { records: [{ t: 'state', ticketId: id, state: r.state, notice: statusNoticeOf(id, r.state) }], result: r };
      });
    },
    async pendingStatusNotices() {
      return [...notices.values()];
    },
    statusNoticeQueued(notice) {
      return mutate(() => ({ records: notices.has(noticeKey(notice)) ? [{ t: 'noticed', notice }] : [], result: undefined }));
    },

    setRating(id, rating) {
      const parsed = SatisfactionRating.parse(rating);
      return transition(
        id,
        (s) => applyRating(s, parsed),
        (changed) =>
          changed
            ? [
                {
                  t: 'entry',
                  entry: { id: newEntryId(), ticketId: id, kind: 'rating', attempts: 0, enqueuedAt: now(), dueAt: 0 },
                },
              ]
            : [],
      );
    },

    async claimDue(consumer, max, leaseMs) {
      if (closed) throw new Error('ticket store is closed');
      const t = now();
      const out: OutboxEntry[] = [];
      for (const e of outbox.values()) {
        if (out.length >= max) break;
        if (e.dueAt > t) continue;
        const lease = leases.get(e.id);
        if (lease && lease.until > t) continue;
        leases.set(e.id, { consumer, until: t + leaseMs });
        out.push(toEntry(e));
      }
      return out;
    },

    ack(entry, deliveredAt) {
      return mutate(() => {
        const e = outbox.get(entry.id);
        if (!e) return { records: [], result: false };
        const records: JournalRecord[] = [
          ...deliveryState(e, (s) => {
            const r = markDelivered(s, deliveredAt);
            return r.ok ? r.state : s;
          }),
          { t: 'remove', entryId: e.id },
        ];
        return { records, result: true };
      });
    },

    retryLater(entry, dueAt, error) {
      return mutate(() => {
        const e = outbox.get(entry.id);
        if (!e) return { records: [], result: false };
        const lastError = clipError(error);
        const records: JournalRecord[] = [
          ...deliveryState(e, (s) => recordDeliveryFailure(s, lastError)),
          // A new id, as in Redis: whoever still holds the old one can no longer settle it.
          { t: 'remove', entryId: e.id },
          { t: 'entry', entry: { ...e, id: newEntryId(), attempts: e.attempts + 1, lastError, dueAt: Math.floor(dueAt) } },
        ];
        return { records, result: true };
      });
    },

    deadLetter(entry, error) {
      return mutate(() => {
        const e = outbox.get(entry.id);
        if (!e) return { records: [], result: false };
        const text = clipError(error);
        const records: JournalRecord[] = [
          ...deliveryState(e, (s) => recordDeliveryFailure(s, text)),
          { t: 'remove', entryId: e.id },
          {
            t: 'dead',
            dead: {
              id: e.id,
              ticketId: e.ticketId,
              kind: e.kind,
              attempts: e.attempts + 1,
              enqueuedAt: e.enqueuedAt,
              error: text,
              deadAt: now(),
            },
          },
        ];
        return { records, result: true };
      });
    },

    async listDeadLetters(limit = 1000) {
      return [...dead.values()].slice(0, limit);
    },

    async deadLetterCount() {
      return dead.size;
    },

    replayDeadLetter(id) {
      return mutate(() => {
        const d = dead.get(id);
        if (!d) return { records: [], result: undefined };
        const entry: StoredEntry = {
          id: newEntryId(),
          ticketId: d.ticketId,
          kind: d.kind,
          attempts: 0,
          enqueuedAt: now(),
          dueAt: 0,
        };
        return {
          records: [
            { t: 'undead', deadId: id },
            { t: 'entry', entry },
          ],
          result: entry.id,
        };
      });
    },

    async listDigests(range) {
      const { entries, from, to } = bounds(range);
      const offset = Math.max(0, Math.floor(range.offset ?? 0));
      const count = Math.max(0, Math.min(to - from - offset, range.limit === undefined ? Infinity : Math.floor(range.limit)));
      const out: TicketDigest[] = [];
      for (let i = 0; i < count; i++) {
        const at = range.reverse ? to - 1 - offset - i : from + offset + i;
        out.push(digestFor(entries[at]!.id)!);
      }
      return out;
    },

    async countDigests(range) {
      const { from, to } = bounds(range);
      return to - from;
    },

    async outboxSize() {
      return outbox.size;
    },

    compact() {
      return exclusive(() => writer.rewrite(snapshot()));
    },

    async close() {
      if (closed) return;
      await exclusive(async () => {
        closed = true;
        leases.clear();
        await writer.close();
      });
    },
  };

  function snapshot(): JournalRecord[] {
    const records: JournalRecord[] = [{ t: 'counter', next: counter }];
    for (const [day, n] of seq) records.push({ t: 'seq', day, n });
    for (const [id, ticket] of tickets) {
      const state = states.get(id);
      const by = filedBy.get(id);
      if (state) records.push({ t: 'ticket', ticket, state, ...(by !== undefined ? { filedBy: by } : {}) });
    }
    for (const entry of outbox.values()) records.push({ t: 'entry', entry });
    for (const d of dead.values()) records.push({ t: 'dead', dead: d });
    for (const notice of notices.values()) records.push({ t: 'notice', notice });
    return records;
  }

  const live = 1 + seq.size + tickets.size + outbox.size + dead.size + notices.size;
  if (replay.records.length - live > (opts.compactAfter ?? 100_000)) await store.compact();
  return store;
}
