/**
 * The live hand-off as the dialog sees it (DialogDeps.live): whether a person can be offered now,
 * putting a conversation in the queue with an honest wait estimate, passing the user's messages to
 * the operator consoles, and leaving the queue. Operators' actions are operator.ts's.
 */
import { USER_TEXT_MAX } from '../types';
import type { WorkCalendar } from '../../tickets/calendar';
import { describeHours, isStaffedTime, type HoursRange, type StaffedDays } from './hours';
import type { LiveConversation } from './schema';
import { PRESENCE_TTL_MS, type LiveBus, type LiveStore } from './store';

export type Availability = 'staffed' | 'closed' | 'no_operator';

export interface QueuePlace {
  /** 1 = next. */
  position: number;
  /** Position × the recent average take time, in whole minutes (at least 1); none before any take. */
  estimateMinutes?: number;
}

export interface LiveDesk {
  availability(at: Date): Promise<Availability>;
  /** The staffed hours, for the user ("工作日9:00-17:30"). */
  readonly hoursText: string;
  /** The hotline number said when no person can take the conversation. */
  readonly hotline: string;
  enqueue(conversation: LiveConversation): Promise<QueuePlace>;
  get(sessionId: string): Promise<LiveConversation | undefined>;
  place(sessionId: string): Promise<QueuePlace | undefined>;
  /** The user's message: kept with the conversation and sent to the consoles. */
  userMessage(sessionId: string, text: string, at: Date): Promise<void>;
  /** The user left the queue (取消). */
  leave(sessionId: string): Promise<void>;
}

export interface LiveDeskOptions {
  store: LiveStore;
  bus: LiveBus;
  calendar: WorkCalendar;
  hours: readonly HoursRange[];
  /** Default: the calendar's working days. */
  days?: StaffedDays;
  hotline: string;
}

/** The place with its estimate: position × the mean recent take time (`averageMs`, none before any take). */
export function queuePlace(position: number, averageMs: number | undefined): QueuePlace {
  if (averageMs === undefined) return { position };
  return { position, estimateMinutes: Math.max(1, Math.round((position * averageMs) / 60_000)) };
}

export function createLiveDesk(opts: LiveDeskOptions): LiveDesk {
  const { store, bus } = opts;

  const placeOf = async (position: number): Promise<QueuePlace> => queuePlace(position, await store.averageTakeMs());

  return {
    // No hours configured: nobody is ever live, said as such (not "每天" with no times).
    hoursText: opts.hours.length === 0 ? '暂不提供在线人工服务' : (opts.days === 'all' ? '每天' : '工作日') + describeHours(opts.hours),
    hotline: opts.hotline,
    async availability(at) {
      if (!isStaffedTime(at, opts.calendar, opts.hours, opts.days)) return 'closed';
      const onDuty = await store.presentCount(new Date(at.getTime() - PRESENCE_TTL_MS));
      return onDuty > 0 ? 'staffed' : 'no_operator';
    },
    async enqueue(conversation) {
      const position = await store.enqueue(conversation);
      bus.publish({ kind: 'queue' });
      return placeOf(position);
    },
    get: (sessionId) => store.get(sessionId),
    async place(sessionId) {
      const position = await store.position(sessionId);
      return position === undefined ? undefined : placeOf(position);
    },
    async userMessage(sessionId, text, at) {
      const message = { role: 'user' as const, text: text.slice(0, USER_TEXT_MAX), at: at.toISOString() };
      await store.addMessage(sessionId, message);
      bus.publish({ kind: 'message', sessionId, message });
    },
    async leave(sessionId) {
      if (await store.finish(sessionId)) bus.publish({ kind: 'queue' });
    },
  };
}
