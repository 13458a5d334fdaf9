/**
 * Where the live hand-off keeps its queue, its assignments and the messages exchanged, and the bus
 * on which instances tell each other about them. In memory for the embedded default (one
 * instance); in Redis for several (src/storage/redis/live-desk.ts), where every change that must
 * not race (take, finish, expire) is one script.
 */
import type { OutMessage } from '../types';
import type { HeldMessage, LiveConversation, LiveEvent, LiveMessage, LiveOperator } from './schema';

/** Take times remembered for the wait estimate. */
export const TAKES_KEPT = 20;
/** Messages kept per conversation. */
export const MESSAGES_KEPT = 200;
/** Messages kept for a user's chat page until it acknowledges them (oldest dropped first), and for how long. */
export const HELD_KEPT = 100;
export const HELD_TTL_MS = 24 * 60 * 60 * 1000;
/** An operator whose console has not been heard from for this long is not on duty. */
export const PRESENCE_TTL_MS = 30_000;

export interface LiveStore {
  /** Puts a conversation in the queue (again: kept as it is). Returns its place, 1 = next. */
  enqueue(conversation: LiveConversation): Promise<number>;
  get(sessionId: string): Promise<LiveConversation | undefined>;
  /** Its place in the queue (1 = next), or undefined when it is not waiting. */
  position(sessionId: string): Promise<number | undefined>;
  /** Waiting (oldest first), then active. */
  list(): Promise<LiveConversation[]>;
  /** Assigns a waiting conversation to the operator; undefined when it is not waiting (taken by someone else, gone). */
  take(sessionId: string, operator: LiveOperator, at: Date): Promise<LiveConversation | undefined>;
  /** Removes it (ended, handed back, left, a ticket); undefined when it was already gone. */
  finish(sessionId: string): Promise<LiveConversation | undefined>;
  /** Removes the conversations waiting since before `before` and returns them (each to one caller only). */
  expire(before: Date): Promise<LiveConversation[]>;
  addMessage(sessionId: string, message: LiveMessage): Promise<void>;
  messages(sessionId: string): Promise<LiveMessage[]>;
  /**
   * Keeps messages for the user's chat page, each with the session's next seq (never lower than a
   * seq given before, even after the kept ones expired), until the page acknowledges them.
   */
  hold(sessionId: string, messages: readonly OutMessage[]): Promise<void>;
  /**
   * The kept messages not sent yet, oldest first, marked sent in one step: two callers never get the
   * same one. `again`: the ones sent but not acknowledged come first (the page came back: a socket
   * that died unnoticed may have swallowed them).
   */
  release(sessionId: string, again?: boolean): Promise<HeldMessage[]>;
  /** The page has every message up to seq `upTo`: they are dropped. */
  acknowledge(sessionId: string, upTo: number): Promise<void>;
  /** Records the queue place the user was told; returns the one told before (enqueue records the first). */
  tellPlace(sessionId: string, place: number): Promise<number | undefined>;
  /** The mean of the recent take times (ms), or undefined before any. */
  averageTakeMs(): Promise<number | undefined>;
  /** An operator's console is open (refreshed while it stays open). */
  present(operator: string, at: Date): Promise<void>;
  /** Operators present since `since`. */
  presentCount(since: Date): Promise<number>;
  close(): Promise<void>;
}

export type LiveListener = (event: LiveEvent) => void;

export interface LiveBus {
  publish(event: LiveEvent): void;
  /** Returns the unsubscribe function. */
  subscribe(listener: LiveListener): () => void;
  close(): Promise<void>;
}

/** Listeners in this process: the memory bus, and the local end of the Redis one. */
export function createLocalLiveListeners(): { deliver(e: LiveEvent): void; subscribe(l: LiveListener): () => void; clear(): void } {
  const listeners = new Set<LiveListener>();
  return {
    deliver(event) {
      for (const l of listeners) l(event);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    clear: () => listeners.clear(),
  };
}

export function createMemoryLiveBus(): LiveBus {
  const local = createLocalLiveListeners();
  return {
    publish: (event) => local.deliver(event),
    subscribe: (listener) => local.subscribe(listener),
    async close() {
      local.clear();
    },
  };
}

export function createMemoryLiveStore(): LiveStore {
  const conversations = new Map<string, LiveConversation>();
  const messageLists = new Map<string, LiveMessage[]>();
  // Per session: the unacknowledged messages, the highest seq sent and given, and when they are dropped.
  const held = new Map<string, { messages: HeldMessage[]; sent: number; last: number; until: number }>();
  /** Session id → the queue place its user was last told. */
  const places = new Map<string, number>();
  const takes: number[] = [];
  const presence = new Map<string, number>();
  const waiting = () => [...conversations.values()].filter((c) => c.status === 'waiting').sort((a, b) => a.enqueuedAt.localeCompare(b.enqueuedAt));

  return {
    async enqueue(conversation) {
      if (!conversations.has(conversation.sessionId)) conversations.set(conversation.sessionId, conversation);
      const place = waiting().findIndex((c) => c.sessionId === conversation.sessionId) + 1;
      if (place) places.set(conversation.sessionId, place);
      return place;
    },
    async get(sessionId) {
      return conversations.get(sessionId);
    },
    async position(sessionId) {
      const place = waiting().findIndex((c) => c.sessionId === sessionId);
      return place < 0 ? undefined : place + 1;
    },
    async list() {
      return [...waiting(), ...[...conversations.values()].filter((c) => c.status === 'active')];
    },
    async take(sessionId, operator, at) {
      const c = conversations.get(sessionId);
      if (!c || c.status !== 'waiting') return undefined;
      const taken: LiveConversation = { ...c, status: 'active', operator, takenAt: at.toISOString() };
      conversations.set(sessionId, taken);
      places.delete(sessionId);
      takes.push(Math.max(0, at.getTime() - Date.parse(c.enqueuedAt)));
      if (takes.length > TAKES_KEPT) takes.shift();
      return taken;
    },
    async finish(sessionId) {
      const c = conversations.get(sessionId);
      conversations.delete(sessionId);
      messageLists.delete(sessionId);
      places.delete(sessionId);
      return c;
    },
    async expire(before) {
      const gone = waiting().filter((c) => Date.parse(c.enqueuedAt) < before.getTime());
      for (const c of gone) {
        conversations.delete(c.sessionId);
        messageLists.delete(c.sessionId);
        places.delete(c.sessionId);
      }
      return gone;
    },
    async addMessage(sessionId, message) {
      if (!conversations.has(sessionId)) return;
      const list = messageLists.get(sessionId) ?? [];
      list.push(message);
      if (list.length > MESSAGES_KEPT) list.shift();
      messageLists.set(sessionId, list);
    },
    async messages(sessionId) {
      return [...(messageLists.get(sessionId) ?? [])];
    },
    async hold(sessionId, messages) {
      const now = Date.now();
      for (const [id, h] of held) if (h.until <= now) held.delete(id);
      const h = held.get(sessionId) ?? { messages: [], sent: 0, last: 0, until: 0 };
      for (const message of messages) {
        // A seq is at least the time (ms): one given after the kept ones expired is still higher.
        h.last = Math.max(h.last + 1, now);
        h.messages.push({ seq: h.last, message });
      }
      held.set(sessionId, { ...h, messages: h.messages.slice(-HELD_KEPT), until: now + HELD_TTL_MS });
    },
    async release(sessionId, again) {
      const h = held.get(sessionId);
      if (!h) return [];
      const out = h.messages.filter((m) => again || m.seq > h.sent);
      h.sent = h.last;
      return out;
    },
    async acknowledge(sessionId, upTo) {
      const h = held.get(sessionId);
      if (h) h.messages = h.messages.filter((m) => m.seq > upTo);
    },
    async tellPlace(sessionId, place) {
      const before = places.get(sessionId);
      places.set(sessionId, place);
      return before;
    },
    async averageTakeMs() {
      return takes.length ? takes.reduce((a, b) => a + b, 0) / takes.length : undefined;
    },
    async present(operator, at) {
      presence.set(operator, at.getTime());
    },
    async presentCount(since) {
      return [...presence.values()].filter((t) => t >= since.getTime()).length;
    },
    async close() {
      conversations.clear();
      messageLists.clear();
      held.clear();
      places.clear();
    },
  };
}
