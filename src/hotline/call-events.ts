/**
 * Suggestions pushed to the operator consoles watching a call (server-sent events): the instance
 * that took an utterance computes the suggestions and publishes them; every console subscribed to
 * the call hears them, on whichever instance its event stream is open.
 *
 * In memory for one instance; over Redis pub/sub (src/storage/redis/call-events.ts) for several.
 */
import { z } from 'zod';
import { CallId } from './calls';
import { Suggestions } from './suggest';

export const CallSuggestions = Suggestions.extend({
  callId: CallId,
  /** The caller's recent words the suggestions are for. */
  text: z.string(),
});
export type CallSuggestions = z.infer<typeof CallSuggestions>;

export type CallListener = (s: CallSuggestions) => void;

export interface CallEvents {
  publish(s: CallSuggestions): void;
  /** Returns the unsubscribe function. */
  subscribe(callId: string, listener: CallListener): () => void;
  close(): Promise<void>;
}

/** Listeners by call, delivered to in this process: the memory bus, and each Redis bus's local end. */
export function createLocalListeners(): {
  deliver(s: CallSuggestions): void;
  subscribe(callId: string, l: CallListener): () => void;
  clear(): void;
} {
  const listeners = new Map<string, Set<CallListener>>();
  return {
    deliver(s) {
      for (const l of listeners.get(s.callId) ?? []) l(s);
    },
    subscribe(callId, listener) {
      let set = listeners.get(callId);
      if (!set) listeners.set(callId, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0 && listeners.get(callId) === set) listeners.delete(callId);
      };
    },
    clear: () => listeners.clear(),
  };
}

export function createMemoryCallEvents(): CallEvents {
  const local = createLocalListeners();
  return {
    publish: (s) => local.deliver(s),
    subscribe: (callId, listener) => local.subscribe(callId, listener),
    async close() {
      local.clear();
    },
  };
}
