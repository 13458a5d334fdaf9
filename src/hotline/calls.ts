/**
 * The transcripts of calls in progress, in memory: what the caller and the operator said (from a
 * CTI or speech-to-text feed, or typed by the operator), the suggestions shown during the call and
 * which one the operator used. A call is forgotten after `idleTtlMs` without activity (default 2 h)
 * and the oldest calls go first beyond `maxCalls`: it is working memory for the length of a call,
 * not a record (the conversation records and the ticket keep what must last).
 *
 * One instance only: with several qihu instances behind a load balancer, route a call's requests
 * to one instance (sticky by callId) — see docs/operator-console.md.
 */
import { z } from 'zod';

/** A CTI call id or one the console made up: letters, digits, `.`, `_`, `:`, `-`; 6 to 64 characters. */
export const CALL_ID_RE = /^[A-Za-z0-9][A-Za-z0-9._:-]{5,63}$/;
export const CallId = z.string().regex(CALL_ID_RE);

export const Speaker = z.enum(['caller', 'operator']);
export type Speaker = z.infer<typeof Speaker>;

export const UTTERANCE_MAX_CHARS = 2000;
export const UTTERANCES_KEPT = 200;
/** The caller's words the suggestions look at: the last few utterances. */
export const RECENT_UTTERANCES = 3;
export const RECENT_MAX_CHARS = 300;

export interface Utterance {
  speaker: Speaker;
  text: string;
  /** false: an interim speech-to-text hypothesis, replaced by the speaker's next chunk. */
  final: boolean;
  at: string;
}

export interface TriedSuggestion {
  entryId: string;
  title: string;
  department?: string;
  /** The best score it had during the call. */
  score: number;
  /** The field it was shown with last. */
  field?: string;
}

export interface Call {
  id: string;
  createdAt: string;
  updatedAt: number;
  utterances: Utterance[];
  /** Suggestions shown during the call, in the order they first appeared. */
  tried: Map<string, TriedSuggestion>;
  /** Entries the operator used (null: none fitted), in order. */
  used: (string | null)[];
  ticketId?: string;
}

export interface CallStoreOptions {
  idleTtlMs?: number;
  maxCalls?: number;
  now?: () => number;
}

export interface CallStore {
  get(id: string): Call | undefined;
  /** The call, created when new. */
  open(id: string): Call;
  addUtterance(id: string, u: { text: string; speaker: Speaker; final: boolean }): Call;
  noteSuggestions(id: string, shown: readonly TriedSuggestion[]): void;
  readonly size: number;
  close(): void;
}

/** The caller's recent words: the last few caller utterances (an interim one included). */
export function recentCallerText(call: Call): string {
  const caller = call.utterances.filter((u) => u.speaker === 'caller').slice(-RECENT_UTTERANCES);
  const text = caller.map((u) => u.text).join(' ');
  return text.length > RECENT_MAX_CHARS ? text.slice(-RECENT_MAX_CHARS) : text;
}

/** The caller's last utterance, for the field they ask for now. */
export function latestCallerText(call: Call): string {
  for (let i = call.utterances.length - 1; i >= 0; i--) if (call.utterances[i]!.speaker === 'caller') return call.utterances[i]!.text;
  return '';
}

export function createMemoryCallStore(opts: CallStoreOptions = {}): CallStore {
  const idleTtlMs = opts.idleTtlMs ?? 2 * 60 * 60 * 1000;
  const maxCalls = opts.maxCalls ?? 10_000;
  const now = opts.now ?? Date.now;
  // A Map iterates in insertion order: re-inserting on activity keeps the least recent first.
  const calls = new Map<string, Call>();

  function sweep(): void {
    const cutoff = now() - idleTtlMs;
    for (const [id, call] of calls) {
      if (call.updatedAt >= cutoff && calls.size <= maxCalls) break;
      calls.delete(id);
    }
  }
  const timer = setInterval(sweep, Math.min(idleTtlMs, 60_000));
  timer.unref();

  function touch(call: Call): void {
    call.updatedAt = now();
    calls.delete(call.id);
    calls.set(call.id, call);
  }

  function get(id: string): Call | undefined {
    const call = calls.get(id);
    if (call && call.updatedAt < now() - idleTtlMs) {
      calls.delete(id);
      return undefined;
    }
    return call;
  }

  function open(id: string): Call {
    let call = get(id);
    if (!call) {
      call = { id, createdAt: new Date(now()).toISOString(), updatedAt: now(), utterances: [], tried: new Map(), used: [] };
      calls.set(id, call);
      if (calls.size > maxCalls) sweep();
    } else touch(call);
    return call;
  }

  return {
    get,
    open,
    addUtterance(id, u) {
      const call = open(id);
      const last = call.utterances[call.utterances.length - 1];
      const utterance: Utterance = { speaker: u.speaker, text: u.text, final: u.final, at: new Date(now()).toISOString() };
      // An interim hypothesis is replaced by the same speaker's next chunk (interim or final).
      if (last && !last.final && last.speaker === u.speaker) call.utterances[call.utterances.length - 1] = utterance;
      else call.utterances.push(utterance);
      if (call.utterances.length > UTTERANCES_KEPT) call.utterances.splice(0, call.utterances.length - UTTERANCES_KEPT);
      return call;
    },
    noteSuggestions(id, shown) {
      const call = open(id);
      for (const s of shown) {
        const before = call.tried.get(s.entryId);
        call.tried.set(s.entryId, { ...s, score: Math.max(s.score, before?.score ?? s.score) });
      }
    },
    get size() {
      return calls.size;
    },
    close() {
      clearInterval(timer);
      calls.clear();
    },
  };
}
