/**
 * The operator's side of the live hand-off reaching the user's chat page, even across a dropped
 * socket. What a person (or the desk: taken, ended, timed out) says is held in the live store first
 * and then announced on the bus; the instance holding the user's socket releases the held messages
 * and sends them. Nothing holding the socket (the page is reconnecting, or closed for a while), they
 * stay held until the page comes back with its session id (hello, welcome_back or resume), and are
 * sent then, in order. Release is one atomic step in the store, so a message announced while the
 * page reconnects goes out once, from whichever release took it.
 */
import type { Logger } from '../../log';
import type { OutMessage } from '../types';
import type { LiveBus, LiveStore } from './store';

/** The chat sockets of this instance (the web adapter). */
export interface UserSockets {
  isConnected(sessionId: string): boolean;
  /** How many of the messages went out, in order (fewer when the socket is gone or a send failed). */
  push(sessionId: string, messages: readonly OutMessage[]): number;
}

/** Holds the messages for the user, then tells every instance. */
export async function sendToUser(store: LiveStore, bus: LiveBus, sessionId: string, messages: readonly OutMessage[]): Promise<void> {
  if (!messages.length) return;
  await store.hold(sessionId, messages);
  bus.publish({ kind: 'deliver', sessionId });
}

export interface LiveDelivery {
  /** Sends what is held for the user to their socket on this instance; the number sent. */
  flush(sessionId: string): Promise<number>;
  /** Stops listening to the bus. */
  stop(): void;
}

export function createLiveDelivery(opts: { store: LiveStore; bus: LiveBus; sockets: UserSockets; log: Logger }): LiveDelivery {
  const { store, sockets, log } = opts;

  async function flush(sessionId: string): Promise<number> {
    if (!sockets.isConnected(sessionId)) return 0;
    const messages = await store.release(sessionId);
    if (!messages.length) return 0;
    const sent = sockets.push(sessionId, messages);
    // The socket went away meanwhile: the rest back to the front, for the page's next connection.
    if (sent < messages.length) await store.hold(sessionId, messages.slice(sent), true);
    return sent;
  }

  const flushLogged = (sessionId: string) =>
    void flush(sessionId).catch((err: unknown) => log.warn('live messages not sent to the chat page', { err }));
  const unsubscribe = opts.bus.subscribe((e) => {
    if (e.kind === 'deliver' && sockets.isConnected(e.sessionId)) flushLogged(e.sessionId);
  });
  return { flush, stop: unsubscribe };
}
