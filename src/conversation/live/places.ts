/**
 * Tells the users waiting in the live queue their new place when it changes (someone ahead was
 * taken, left or timed out): on each 'queue' event, the waiting conversations' places are read
 * again, and each user whose chat page's socket this instance holds, and whose place differs from
 * the one they were last told, gets one short message (ConversationService.liveEvent 'place', in
 * the session's script). Only the instance holding the socket speaks, so each user hears it once.
 * A place is news only while it is current: it is sent to the open socket, never held.
 *
 * The first place a user sees comes with joining the queue (the dialog's reply), so the first time
 * this instance sees a conversation waiting, its place is only remembered.
 */
import type { Logger } from '../../log';
import type { ConversationService } from '../types';
import { queuePlace } from './desk';
import type { UserSockets } from './delivery';
import type { LiveBus, LiveStore } from './store';

export interface QueuePlaceNotices {
  /** Reads the places and tells the changes (the bus calls it; coalesced while one runs). */
  refresh(): Promise<void>;
  stop(): void;
}

export interface QueuePlaceOptions {
  store: LiveStore;
  bus: LiveBus;
  conversation: Pick<ConversationService, 'liveEvent'>;
  sockets: UserSockets;
  log: Logger;
}

export function createQueuePlaceNotices(opts: QueuePlaceOptions): QueuePlaceNotices {
  const { store, sockets, log } = opts;
  /** Session id → the place its user was last told (or saw on joining). */
  const told = new Map<string, number>();
  let running: Promise<void> | undefined;
  let again = false;

  async function once(): Promise<void> {
    const [all, average] = await Promise.all([store.list(), store.averageTakeMs()]);
    const waiting = all.filter((c) => c.status === 'waiting').map((c) => c.sessionId);
    for (const id of told.keys()) if (!waiting.includes(id)) told.delete(id);
    for (const [i, sessionId] of waiting.entries()) {
      if (!sockets.isConnected(sessionId)) continue;
      const position = i + 1;
      const last = told.get(sessionId);
      told.set(sessionId, position);
      if (last === undefined || last === position) continue;
      const messages = await opts.conversation.liveEvent(sessionId, { kind: 'place', ...queuePlace(position, average) });
      if (messages.length) sockets.push(sessionId, messages);
    }
  }

  function refresh(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await once();
      } while (again);
    })().finally(() => (running = undefined));
    return running;
  }

  const unsubscribe = opts.bus.subscribe((e) => {
    if (e.kind === 'queue') refresh().catch((err: unknown) => log.warn('queue places not told', { err }));
  });
  return { refresh, stop: unsubscribe };
}
