/**
 * The embedded notification outbox: in memory, each change first appended to
 * DATA_DIR/notifications.journal (checksummed lines, fsynced; journal.ts) and replayed on open.
 * Without a directory it is memory only (tests, or a deliberate choice). One process: leases live in
 * memory, and after a restart every unfinished entry is due at once.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';
import {
  DEFAULT_DEDUP_TTL_MS,
  NotificationDeadLetter,
  NotificationEntry,
  clipError,
  type ClaimedNotification,
  type NotificationOutbox,
} from '../../notifications';
import { describeRepair, JournalWriter, readJournal } from './journal';

const Record = z.discriminatedUnion('t', [
  z.strictObject({ t: z.literal('entry'), entry: NotificationEntry }),
  z.strictObject({ t: z.literal('remove'), id: z.string() }),
  z.strictObject({ t: z.literal('dead'), dead: NotificationDeadLetter }),
  z.strictObject({ t: z.literal('undead'), id: z.string() }),
  z.strictObject({ t: z.literal('dedup'), key: z.string(), id: z.string(), until: z.number() }),
]);
type Record = z.infer<typeof Record>;

export const NOTIFICATIONS_JOURNAL = 'notifications.journal';
/** Compact on open once the journal holds this many more records than live ones. */
const COMPACT_SLACK = 10_000;

export interface FileNotificationOutboxOptions {
  /** DATA_DIR; without it, memory only. */
  dir?: string;
  dedupTtlMs?: number;
  onRepair?: (detail: string) => void;
}

export async function createFileNotificationOutbox(opts: FileNotificationOutboxOptions = {}): Promise<NotificationOutbox> {
  const ttl = opts.dedupTtlMs ?? DEFAULT_DEDUP_TTL_MS;
  const entries = new Map<string, NotificationEntry>();
  const dead = new Map<string, NotificationDeadLetter>();
  const dedup = new Map<string, { id: string; until: number }>();
  /** entry id → claim token and lease end. */
  const leases = new Map<string, { claim: string; until: number }>();
  let writer: JournalWriter | undefined;

  const apply = (r: Record) => {
    if (r.t === 'entry') entries.set(r.entry.id, r.entry);
    else if (r.t === 'remove') entries.delete(r.id);
    else if (r.t === 'dead') dead.set(r.dead.id, r.dead);
    else if (r.t === 'undead') dead.delete(r.id);
    else dedup.set(r.key, { id: r.id, until: r.until });
  };

  if (opts.dir) {
    const file = join(opts.dir, NOTIFICATIONS_JOURNAL);
    const replay = readJournal(file);
    const repair = describeRepair(file, replay);
    if (repair) opts.onRepair?.(repair);
    for (const raw of replay.records) {
      const r = Record.safeParse(raw);
      if (r.success) apply(r.data);
    }
    writer = await JournalWriter.open(file);
    const now = Date.now();
    for (const [k, v] of dedup) if (v.until <= now) dedup.delete(k);
    const live = (): Record[] => [
      ...[...dedup].map(([key, v]): Record => ({ t: 'dedup', key, id: v.id, until: v.until })),
      ...[...entries.values()].map((entry): Record => ({ t: 'entry', entry })),
      ...[...dead.values()].map((d): Record => ({ t: 'dead', dead: d })),
    ];
    if (replay.records.length > dedup.size + entries.size + dead.size + COMPACT_SLACK) await writer.rewrite(live());
  }

  // One change at a time: validate against memory, write and fsync, then change memory.
  let chain: Promise<unknown> = Promise.resolve();
  function serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = chain.then(fn, fn);
    chain = run.catch(() => undefined);
    return run;
  }
  async function commit(records: Record[]): Promise<void> {
    if (writer) await writer.append(records);
    for (const r of records) apply(r);
  }
  const ours = (e: ClaimedNotification) => entries.has(e.id) && leases.get(e.id)?.claim === e.claim;
  const settle = (e: ClaimedNotification, records: Record[]) =>
    serial(async () => {
      if (!ours(e)) return false;
      await commit(records);
      leases.delete(e.id);
      return true;
    });

  return {
    enqueue: (notification, dedupKey, nowMs) =>
      serial(async () => {
        const seen = dedup.get(dedupKey);
        if (seen && seen.until > nowMs) return { queued: false, reason: 'duplicate', id: seen.id };
        const entry: NotificationEntry = { id: `n-${randomUUID()}`, notification, dedupKey, attempts: 0, enqueuedAt: nowMs, dueAt: nowMs };
        await commit([
          { t: 'dedup', key: dedupKey, id: entry.id, until: nowMs + ttl },
          { t: 'entry', entry },
        ]);
        return { queued: true, id: entry.id };
      }),

    async claimDue(max, leaseMs, nowMs) {
      const out: ClaimedNotification[] = [];
      for (const e of entries.values()) {
        if (out.length >= max) break;
        const lease = leases.get(e.id);
        if (lease ? lease.until > nowMs : e.dueAt > nowMs) continue;
        const claim = randomUUID();
        leases.set(e.id, { claim, until: nowMs + leaseMs });
        out.push({ ...e, claim });
      }
      return out;
    },

    ack: (e) => settle(e, [{ t: 'remove', id: e.id }]),
    retryLater: (e, dueAt, error) =>
      settle(e, [{ t: 'entry', entry: { ...withoutClaim(e), attempts: e.attempts + 1, dueAt, lastError: clipError(error) } }]),
    deadLetter: (e, error, nowMs) =>
      settle(e, [
        { t: 'remove', id: e.id },
        {
          t: 'dead',
          dead: { id: e.id, notification: e.notification, dedupKey: e.dedupKey, attempts: e.attempts + 1, enqueuedAt: e.enqueuedAt, error: clipError(error), deadAt: nowMs },
        },
      ]),

    async listDeadLetters(limit = 100) {
      return [...dead.values()].sort((a, b) => b.deadAt - a.deadAt).slice(0, limit);
    },
    replayDeadLetter: (id, nowMs) =>
      serial(async () => {
        const d = dead.get(id);
        if (!d) return false;
        await commit([
          { t: 'undead', id },
          { t: 'entry', entry: { id, notification: d.notification, dedupKey: d.dedupKey, attempts: 0, enqueuedAt: nowMs, dueAt: nowMs } },
        ]);
        return true;
      }),
    size: async () => entries.size,
    deadLetterCount: async () => dead.size,
    async close() {
      await chain;
      await writer?.close();
      writer = undefined;
    },
  };
}

function withoutClaim(e: ClaimedNotification): NotificationEntry {
  const { claim: _claim, ...entry } = e;
  return entry;
}
