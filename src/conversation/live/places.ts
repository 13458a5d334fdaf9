/**
 * Tells the users waiting in the live queue their new place when it changes (someone ahead was
 * taken, left or timed out): on each 'queue' event, the waiting conversations' places are read
 * again, and each user whose chat page's socket this instance holds, and whose place differs from
 * the one they were last told, gets one short message (ConversationService.liveEvent 'place', in
 * the session's script). Only the instance holding the socket speaks, so each user hears it once.
 * A place is news only while it is current: it is sent to the open socket, never held.
 *
 * The place last told is kept per session in the live store (enqueue records the first, which the
 * dialog's reply tells), so a page whose socket comes back on another instance (resume, or
 * welcome_back after a reload) hears its place at once if the queue moved while it was away.
 */
import type { Logger } from '../../log';
import { coalesced } from '../../util';
import type { ConversationService } from '../types';
import { queuePlace } from './desk';
import type { UserSockets } from './delivery';
import type { LiveBus, LiveStore } from './store';

export interface QueuePlaceNotices {
  /** Reads the places and tells the changes (the bus calls it; coalesced while one runs). */
  refresh(): Promise<void>;
  /** The user's page came back: their place, if they are waiting and it is not the one last told. */
  tell(sessionId: string): Promise<void>;
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

  /** One waiting user at `position`: told when it is news (tellPlace swaps atomically: two instances never both tell it). */
  async function tellAt(sessionId: string, position: number, average: number | undefined): Promise<void> {
    const last = await store.tellPlace(sessionId, position);
    if (last === undefined || last === position) return;
    const messages = await opts.conversation.liveEvent(sessionId, { kind: 'place', ...queuePlace(position, average) });
    if (messages.length) sockets.push(sessionId, messages.map((message) => ({ message })));
  }

  async function once(): Promise<void> {
    const [all, average] = await Promise.all([store.list(), store.averageTakeMs()]);
    const waiting = all.filter((c) => c.status === 'waiting').map((c) => c.sessionId);
    for (const [i, sessionId] of waiting.entries()) {
      if (sockets.isConnected(sessionId)) await tellAt(sessionId, i + 1, average);
    }
  }

  async function tell(sessionId: string): Promise<void> {
    if (!sockets.isConnected(sessionId)) return;
    const [position, average] = await Promise.all([store.position(sessionId), store.averageTakeMs()]);
    if (position !== undefined) await tellAt(sessionId, position, average);
  }

  /** One pass at a time over the queue; a move during a pass makes one more after it. */
  const refresh = coalesced(once);

  const unsubscribe = opts.bus.subscribe((e) => {
    if (e.kind === 'queue') refresh().catch((err: unknown) => log.warn('queue places not told', { err }));
  });
  return { refresh, tell, stop: unsubscribe };
}
