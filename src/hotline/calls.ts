/**
 * The transcripts of calls in progress: what the caller and the operator said (from a CTI or
 * speech-to-text feed, or typed by the operator), the suggestions shown during the call and which
 * one the operator used. A call is forgotten after `idleTtlMs` without activity (default 2 h): it is
 * working memory for the length of a call, not a record (the conversation records and the ticket
 * keep what must last).
 *
 * Two stores behind one interface: in memory (the embedded default; the oldest calls also go beyond
 * `maxCalls`) and in Redis (src/storage/redis/calls.ts), where every qihu instance sees every call,
 * so a call's requests may land on any instance.
 */
import { z } from 'zod';

/** A CTI call id or one the console made up: letters, digits, `.`, `_`, `:`, `-`; 6 to 64 characters. */
export const CALL_ID_RE = /^[A-Za-z0-9][A-Za-z0-9._:-]{5,63}$/;
export const CallId = z.string().regex(CALL_ID_RE);

export const Speaker = z.enum(['caller', 'operator']);
export type Speaker = z.infer<typeof Speaker>;

export const UTTERANCE_MAX_CHARS = 2000;
export const UTTERANCES_KEPT = 200;
/** Suggestions remembered per call (the draft's candidates are the best of them). */
export const TRIED_KEPT = 50;
/** "Used" notes remembered per call. */
export const USED_KEPT = 100;
/** The caller's recent words the suggestions look at: the last few utterances. */
export const RECENT_UTTERANCES = 3;
export const RECENT_MAX_CHARS = 300;
export const DEFAULT_CALL_IDLE_TTL_MS = 2 * 60 * 60 * 1000;

export const Utterance = z.object({
  speaker: Speaker,
  text: z.string().max(UTTERANCE_MAX_CHARS),
  /** false: an interim speech-to-text hypothesis, replaced by the speaker's next chunk. */
  final: z.boolean(),
  at: z.iso.datetime({ offset: true }),
});
export type Utterance = z.infer<typeof Utterance>;

export const TriedSuggestion = z.object({
  entryId: z.string().min(1).max(80),
  title: z.string().max(500),
  department: z.string().max(200).optional(),
  /** The best score it had during the call. */
  score: z.number(),
  /** The field it was shown with last. */
  field: z.string().max(40).optional(),
});
export type TriedSuggestion = z.infer<typeof TriedSuggestion>;

export const Call = z.object({
  id: CallId,
  createdAt: z.iso.datetime({ offset: true }),
  utterances: z.array(Utterance).max(UTTERANCES_KEPT),
  /** Suggestions shown during the call, in the order they first appeared. */
  tried: z.array(TriedSuggestion).max(TRIED_KEPT),
  /** Entries the operator used (null: none fitted), in order. */
  used: z.array(z.string().min(1).max(80).nullable()).max(USED_KEPT),
  ticketId: z.string().max(40).optional(),
});
export type Call = z.infer<typeof Call>;

export type NewUtterance = Pick<Utterance, 'speaker' | 'text' | 'final'>;

export interface CallStoreOptions {
  idleTtlMs?: number;
  now?: () => number;
}

/** Every method refreshes the call's idle timer, except get. */
export interface CallStore {
  get(id: string): Promise<Call | undefined>;
  /** The call, created when new. */
  open(id: string): Promise<Call>;
  addUtterance(id: string, u: NewUtterance): Promise<Call>;
  noteSuggestions(id: string, shown: readonly TriedSuggestion[]): Promise<void>;
  /** Notes the entry the operator used (null: none fitted); the call as it is now. */
  noteUsed(id: string, entryId: string | null): Promise<Call>;
  noteTicket(id: string, ticketId: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * The caller's recent words: the last few caller utterances (an interim one included), the last
 * RECENT_MAX_CHARS of them. `prepare` runs before the cut: for a record, pass maskPersonalData, so
 * that a number the cut falls in is masked whole (its piece would not be recognised, and would show
 * the digits masking hides).
 */
export function recentCallerText(call: Call, prepare: (text: string) => string = (text) => text): string {
  const caller = call.utterances.filter((u) => u.speaker === 'caller').slice(-RECENT_UTTERANCES);
  const text = prepare(caller.map((u) => u.text).join(' '));
  return text.length > RECENT_MAX_CHARS ? text.slice(-RECENT_MAX_CHARS) : text;
}

/** The caller's last utterance, for the field they ask for now. */
export function latestCallerText(call: Call): string {
  for (let i = call.utterances.length - 1; i >= 0; i--) if (call.utterances[i]!.speaker === 'caller') return call.utterances[i]!.text;
  return '';
}

/** An interim hypothesis is replaced by the same speaker's next chunk (interim or final). */
export const replacesLast = (last: Utterance | undefined, next: NewUtterance): boolean => !!last && !last.final && last.speaker === next.speaker;

/** `tried` with `shown` merged in: new entries appended, known ones keep their best score. */
export function mergeTried(tried: readonly TriedSuggestion[], shown: readonly TriedSuggestion[]): TriedSuggestion[] {
  const byId = new Map(tried.map((t) => [t.entryId, t]));
  for (const s of shown) {
    const before = byId.get(s.entryId);
    byId.set(s.entryId, { ...s, score: Math.max(s.score, before?.score ?? s.score) });
  }
  return [...byId.values()].slice(-TRIED_KEPT);
}

interface HeldCall {
  call: Call;
  touchedAt: number;
}

export function createMemoryCallStore(opts: CallStoreOptions & { maxCalls?: number } = {}): CallStore & { readonly size: number } {
  const idleTtlMs = opts.idleTtlMs ?? DEFAULT_CALL_IDLE_TTL_MS;
  const maxCalls = opts.maxCalls ?? 10_000;
  const now = opts.now ?? Date.now;
  // A Map iterates in insertion order: re-inserting on activity keeps the least recent first.
  const calls = new Map<string, HeldCall>();

  function sweep(): void {
    const cutoff = now() - idleTtlMs;
    for (const [id, held] of calls) {
      if (held.touchedAt >= cutoff && calls.size <= maxCalls) break;
      calls.delete(id);
    }
  }
  const timer = setInterval(sweep, Math.min(idleTtlMs, 60_000));
  timer.unref();

  function live(id: string): HeldCall | undefined {
    const held = calls.get(id);
    if (held && held.touchedAt < now() - idleTtlMs) {
      calls.delete(id);
      return undefined;
    }
    return held;
  }

  /** The call, created when new, moved to the most recent end. Callers get copies: the store's own object changes only here. */
  function touch(id: string): Call {
    const held = live(id) ?? {
      call: { id, createdAt: new Date(now()).toISOString(), utterances: [], tried: [], used: [] },
      touchedAt: 0,
    };
    held.touchedAt = now();
    calls.delete(id);
    calls.set(id, held);
    if (calls.size > maxCalls) sweep();
    return held.call;
  }

  const copy = (call: Call): Call => structuredClone(call);

  return {
    async get(id) {
      const held = live(id);
      return held && copy(held.call);
    },
    async open(id) {
      return copy(touch(id));
    },
    async addUtterance(id, u) {
      const call = touch(id);
      const utterance: Utterance = { speaker: u.speaker, text: u.text, final: u.final, at: new Date(now()).toISOString() };
      if (replacesLast(call.utterances.at(-1), u)) call.utterances[call.utterances.length - 1] = utterance;
      else call.utterances.push(utterance);
      if (call.utterances.length > UTTERANCES_KEPT) call.utterances.splice(0, call.utterances.length - UTTERANCES_KEPT);
      return copy(call);
    },
    async noteSuggestions(id, shown) {
      const call = touch(id);
      call.tried = mergeTried(call.tried, shown);
    },
    async noteUsed(id, entryId) {
      const call = touch(id);
      call.used.push(entryId);
      if (call.used.length > USED_KEPT) call.used.splice(0, call.used.length - USED_KEPT);
      return copy(call);
    },
    async noteTicket(id, ticketId) {
      touch(id).ticketId = ticketId;
    },
    get size() {
      return calls.size;
    },
    async close() {
      clearInterval(timer);
      calls.clear();
    },
  };
}
