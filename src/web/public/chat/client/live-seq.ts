/**
 * A person's messages in the live hand-off arrive numbered (`seq`). The page acknowledges each one,
 * so the server stops keeping it, and shows each seq once: the server gives an unacknowledged
 * message again when the page reconnects (a socket that died unnoticed may have swallowed it), and
 * the page may have shown it before its acknowledgement got through. The highest seq shown is kept
 * with the session id, across reloads.
 */
import { readJson, store } from './store';

export const KEY_LIVE_SEQ = 'qihu.chat.liveSeq';

/** The frame's seq, when it is a numbered live message. */
export function liveSeqOf(frame: { seq?: unknown }): number | undefined {
  const { seq } = frame;
  return typeof seq === 'number' && Number.isSafeInteger(seq) && seq > 0 ? seq : undefined;
}

/** True the first time the session's page gets this seq (show it); false for one shown before. */
export function firstShowing(sessionId: string, seq: number): boolean {
  const saved = readJson(KEY_LIVE_SEQ, null) as { session?: unknown; seq?: unknown } | null;
  const last = saved && saved.session === sessionId && typeof saved.seq === 'number' ? saved.seq : 0;
  if (seq <= last) return false;
  store.set(KEY_LIVE_SEQ, JSON.stringify({ session: sessionId, seq }));
  return true;
}

/** The frame telling the server the page has shown everything up to seq. */
export const ackFrame = (sessionId: string, seq: number): string => JSON.stringify({ type: 'ack', user: sessionId, upTo: seq, channel: 'websocket' });
