/**
 * The operator's side of the live hand-off reaching the user's chat page, even across a dropped
 * socket. What a person (or the desk: taken, ended, timed out) says is held in the live store first,
 * numbered (seq), and then announced on the bus; the instance holding the user's socket releases the
 * new messages and sends them. Release is one atomic step in the store, so a message announced while
 * the page reconnects goes out once, from whichever release took it.
 *
 * A socket can die without closing (a phone leaving coverage): it looks open until the heartbeat
 * notices, and what is sent to it meanwhile is lost. So a sent message stays in the store until the
 * page acknowledges it (`ack` up to a seq), and whenever the page comes back with its session id
 * (hello, welcome_back or resume) the unacknowledged ones are sent again before the new ones, in
 * order. The page shows a seq once: a redelivered message it already showed is only acknowledged.
 * The page may come back on another instance before this one notices its old socket died; when it
 * does notice, the unacknowledged ones are announced again, for the instance holding the new socket.
 */
import type { Logger } from '../../log';
import type { OutMessage } from '../types';
import type { HeldMessage } from './schema';
import type { LiveBus, LiveStore } from './store';

/** A message for the page: live messages carry their seq; notices of the moment (a queue place) do not. */
export type PageMessage = Pick<HeldMessage, 'message'> & Partial<Pick<HeldMessage, 'seq'>>;

/** The chat sockets of this instance (the web adapter). */
export interface UserSockets {
  isConnected(sessionId: string): boolean;
  /** How many of the messages went out, in order (fewer when the socket is gone or a send failed). */
  push(sessionId: string, messages: readonly PageMessage[]): number;
}

/** Holds the messages for the user, then tells every instance. */
export async function sendToUser(store: LiveStore, bus: LiveBus, sessionId: string, messages: readonly OutMessage[]): Promise<void> {
  if (!messages.length) return;
  await store.hold(sessionId, messages);
  bus.publish({ kind: 'deliver', sessionId });
}

export interface LiveDelivery {
  /**
   * Sends the new messages for the user to their socket on this instance; the number sent.
   * `again`: the page came back, so the sent but unacknowledged ones go first.
   */
  flush(sessionId: string, again?: boolean): Promise<number>;
  /** The page has shown every message up to `upTo`. */
  acknowledge(sessionId: string, upTo: number): Promise<void>;
  /** A socket of the user closed without acknowledging what it was sent: the instance holding another one sends the unacknowledged again. */
  socketGone(sessionId: string): void;
  /** Stops listening to the bus. */
  stop(): void;
}

export function createLiveDelivery(opts: { store: LiveStore; bus: LiveBus; sockets: UserSockets; log: Logger }): LiveDelivery {
  const { store, sockets, log } = opts;

  async function flush(sessionId: string, again = false): Promise<number> {
    if (!sockets.isConnected(sessionId)) return 0;
    const messages = await store.release(sessionId, again);
    // What does not go out (the socket went away meanwhile) stays unacknowledged: sent when the page is back.
    return messages.length ? sockets.push(sessionId, messages) : 0;
  }

  const flushLogged = (sessionId: string, again?: boolean) =>
    void flush(sessionId, again).catch((err: unknown) => log.warn('live messages not sent to the chat page', { err }));
  const unsubscribe = opts.bus.subscribe((e) => {
    if (e.kind === 'deliver' && sockets.isConnected(e.sessionId)) flushLogged(e.sessionId, e.again);
  });
  return {
    flush,
    acknowledge: (sessionId, upTo) => store.acknowledge(sessionId, upTo),
    socketGone: (sessionId) => opts.bus.publish({ kind: 'deliver', sessionId, again: true }),
    stop: unsubscribe,
  };
}
