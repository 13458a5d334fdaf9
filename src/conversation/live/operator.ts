/**
 * What operators do with the live queue, and the queue's timeout: take a waiting conversation (one
 * operator only: the store's take is atomic), reply in the chat, end it, hand it back to the bot, or
 * turn it into a ticket. Each changes the desk, then the session (ConversationService.liveEvent),
 * and what the user is told is held for them and sent by whichever instance holds their chat page's
 * socket (delivery.ts).
 */
import { USER_TEXT_MAX } from '../types';
import type { Logger } from '../../log';
import type { ConversationService, LiveTurnEvent, OutMessage } from '../types';
import type { LiveMessage, LiveOperator, LiveView } from './schema';
import { sendToUser } from './delivery';
import type { LiveBus, LiveStore } from './store';

export type OperatorOutcome = 'ok' | 'not_found' | 'taken' | 'not_yours';

export interface LiveOperatorDesk {
  /** Waiting (oldest first, with their place) and active conversations, with their messages. */
  list(): Promise<LiveView[]>;
  take(sessionId: string, operator: LiveOperator): Promise<{ outcome: 'ok'; conversation: LiveView } | { outcome: Exclude<OperatorOutcome, 'ok'> }>;
  reply(sessionId: string, operator: LiveOperator, text: string): Promise<OperatorOutcome>;
  end(sessionId: string, operator: LiveOperator, how: 'ended' | 'handed_back' | 'ticket', summary?: string): Promise<OperatorOutcome>;
  /** Marks the operator's console open (the queue offers a person only while one is). */
  present(operator: LiveOperator): Promise<void>;
  /** Files the conversations waiting longer than the wait (each instance runs it; each conversation goes to one). */
  sweep(): Promise<number>;
  /** Sweeps every second until close(). */
  start(): void;
  close(): Promise<void>;
}

export interface LiveOperatorOptions {
  store: LiveStore;
  bus: LiveBus;
  conversation: Pick<ConversationService, 'liveEvent'>;
  waitMs: number;
  now?: () => Date;
  log: Logger;
  sweepEveryMs?: number;
}

/** Only the operator who took a conversation replies in it or ends it. */
const owns = (view: { operator?: LiveOperator | undefined }, operator: LiveOperator) => view.operator?.name === operator.name;

export function createLiveOperatorDesk(opts: LiveOperatorOptions): LiveOperatorDesk {
  const { store, bus, log } = opts;
  const now = opts.now ?? (() => new Date());
  let timer: NodeJS.Timeout | undefined;
  let sweeping: Promise<number> | undefined;

  const deliver = (sessionId: string, messages: OutMessage[]) => sendToUser(store, bus, sessionId, messages);

  async function toSession(sessionId: string, event: LiveTurnEvent): Promise<void> {
    await deliver(sessionId, await opts.conversation.liveEvent(sessionId, event));
  }

  async function sweep(): Promise<number> {
    const expired = await store.expire(new Date(now().getTime() - opts.waitMs));
    for (const c of expired) {
      const waitedMinutes = Math.max(1, Math.round((now().getTime() - Date.parse(c.enqueuedAt)) / 60_000));
      await toSession(c.sessionId, { kind: 'timeout', waitedMinutes }).catch((err: unknown) => log.error('live hand-off timeout not delivered', { err }));
    }
    if (expired.length) bus.publish({ kind: 'queue' });
    return expired.length;
  }

  return {
    async list() {
      const all = await store.list();
      let place = 0;
      return Promise.all(
        all.map(async (c) => ({ ...c, messages: await store.messages(c.sessionId), ...(c.status === 'waiting' ? { position: ++place } : {}) })),
      );
    },
    async take(sessionId, operator) {
      const taken = await store.take(sessionId, operator, now());
      if (!taken) return { outcome: (await store.get(sessionId)) ? 'taken' : 'not_found' };
      bus.publish({ kind: 'queue' });
      await toSession(sessionId, { kind: 'taken', operator: operator.display });
      return { outcome: 'ok', conversation: { ...taken, messages: await store.messages(sessionId) } };
    },
    async reply(sessionId, operator, text) {
      const c = await store.get(sessionId);
      if (!c) return 'not_found';
      if (c.status !== 'active' || !owns(c, operator)) return 'not_yours';
      const message: LiveMessage = { role: 'operator', text: text.slice(0, USER_TEXT_MAX), at: now().toISOString(), operator: operator.display };
      // The user first: the store write is for the console's transcript.
      await deliver(sessionId, [{ type: 'text', text: message.text, agent: operator.display }]);
      await store.addMessage(sessionId, message);
      return 'ok';
    },
    async end(sessionId, operator, how, summary) {
      const c = await store.get(sessionId);
      if (!c) return 'not_found';
      if (c.status !== 'active' || !owns(c, operator)) return 'not_yours';
      if (!(await store.finish(sessionId))) return 'not_found';
      bus.publish({ kind: 'queue' });
      await toSession(sessionId, how === 'ticket' ? { kind: 'ticket', operator: operator.display, ...(summary ? { summary } : {}) } : { kind: how, operator: operator.display });
      return 'ok';
    },
    present: (operator) => store.present(operator.name, now()),
    sweep,
    start() {
      if (timer) return;
      timer = setInterval(() => {
        if (sweeping) return;
        sweeping = sweep()
          .catch((err: unknown) => {
            log.warn('live queue sweep failed', { err });
            return 0;
          })
          .finally(() => (sweeping = undefined));
      }, opts.sweepEveryMs ?? 1000);
      timer.unref();
    },
    async close() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await sweeping;
    },
  };
}
