/**
 * Where the live hand-off keeps its queue, its assignments and the messages exchanged, and the bus
 * on which instances tell each other about them. In memory for the embedded default (one
 * instance); in Redis for several (src/storage/redis/live-desk.ts), where every change that must
 * not race (take, finish, expire) is one script.
 */
import type { OutMessage } from '../types';
import type { LiveConversation, LiveEvent, LiveMessage, LiveOperator } from './schema';

/** Take times remembered for the wait estimate. */
export const TAKES_KEPT = 20;
/** Messages kept per conversation. */
export const MESSAGES_KEPT = 200;
/** Messages kept for a user whose chat page is away (oldest dropped first), and for how long. */
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
   * Keeps messages for the user's chat page until one instance releases them to its socket (after
   * the ones already kept; `first`: before them, for messages released but not sent).
   */
  hold(sessionId: string, messages: readonly OutMessage[], first?: boolean): Promise<void>;
  /** Takes every message kept for the user, oldest first, in one step: two callers never get the same one. */
  release(sessionId: string): Promise<OutMessage[]>;
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
  // Per session: the messages and when they are dropped (a user who never comes back).
  const held = new Map<string, { messages: OutMessage[]; until: number }>();
  const takes: number[] = [];
  const presence = new Map<string, number>();
  const waiting = () => [...conversations.values()].filter((c) => c.status === 'waiting').sort((a, b) => a.enqueuedAt.localeCompare(b.enqueuedAt));

  return {
    async enqueue(conversation) {
      if (!conversations.has(conversation.sessionId)) conversations.set(conversation.sessionId, conversation);
      const place = waiting().findIndex((c) => c.sessionId === conversation.sessionId);
      return place + 1;
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
      takes.push(Math.max(0, at.getTime() - Date.parse(c.enqueuedAt)));
      if (takes.length > TAKES_KEPT) takes.shift();
      return taken;
    },
    async finish(sessionId) {
      const c = conversations.get(sessionId);
      conversations.delete(sessionId);
      messageLists.delete(sessionId);
      return c;
    },
    async expire(before) {
      const gone = waiting().filter((c) => Date.parse(c.enqueuedAt) < before.getTime());
      for (const c of gone) {
        conversations.delete(c.sessionId);
        messageLists.delete(c.sessionId);
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
    async hold(sessionId, messages, first) {
      const now = Date.now();
      for (const [id, h] of held) if (h.until <= now) held.delete(id);
      const kept = held.get(sessionId)?.messages ?? [];
      const list = first ? [...messages, ...kept] : [...kept, ...messages];
      held.set(sessionId, { messages: list.slice(-HELD_KEPT), until: now + HELD_TTL_MS });
    },
    async release(sessionId) {
      const list = held.get(sessionId)?.messages ?? [];
      held.delete(sessionId);
      return list;
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
    },
  };
}
