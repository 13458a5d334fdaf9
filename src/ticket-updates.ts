/**
 * Wiring of what follows a ticket's status change (a composition root beside server.ts): the live
 * bus the chat's websockets listen to (memory, or Redis pub/sub), and with NOTIFY_URL the
 * notification outbox (the embedded journal under DATA_DIR, or Redis) and its dispatcher, which
 * sends each change, signed with NOTIFY_SECRET, to an SMS or WeChat gateway.
 */
import { resolve } from 'node:path';
import type { Config } from './config';
import type { Logger } from './log';
import type { Metrics } from './metrics';
import {
  createEnqueueNotification,
  createNotificationDispatcher,
  type EnqueueNotification,
  type NotificationDispatcher,
  type NotificationOutbox,
  type RenderNotification,
} from './notifications';
import { createFileNotificationOutbox } from './storage/file/notification-outbox';
import { createRedisClient } from './storage/redis/client';
import { describeRedisTarget, redisConnectionOf } from './storage/redis/connect';
import { createRedisNotificationOutbox } from './storage/redis/notification-outbox';
import { createRedisTicketEvents } from './storage/redis/ticket-events';
import { closeRedisClient } from './storage/redis/client';
import type { TicketWatchDeps } from './conversation/channels/ticket-watch';
import {
  createMemoryTicketEvents,
  hasTicketAccess,
  myTicketView,
  statusName,
  statusNoticeOf,
  type StatusNotice,
  type TicketEvents,
  type TicketService,
  type TicketState,
  type TicketStore,
} from './tickets';

export interface TicketUpdates {
  events: TicketEvents;
  /** The one way into the notification outbox (policy notices too). Without NOTIFY_URL: `disabled`. */
  enqueueNotification: EnqueueNotification;
  /** For createTicketService: publish the change and queue its notification (unless the store did, `noticeQueued`). */
  onStatusChange(ticketId: string, state: TicketState, noticeQueued?: boolean): Promise<void>;
  outbox?: NotificationOutbox;
  /** Queues the status notices a crash left pending in the store (the embedded one); how many. start() runs it. */
  recoverNotices(): Promise<number>;
  start(): void;
  close(): Promise<void>;
}

/** The gateway's body: the change, and whom to tell (the ticket's contact, read when sending). */
export function renderFor(store: Pick<TicketStore, 'getTicket'>): RenderNotification {
  return async (n) => {
    if (n.kind !== 'ticket_status') return { ...n };
    const ticket = await store.getTicket(n.ticketId);
    if (!ticket) return null;
    return {
      kind: n.kind,
      ticketId: n.ticketId,
      status: n.status,
      statusName: statusName(n.status),
      at: n.at,
      department: ticket.triage.department,
      dueAt: ticket.sla.dueAt,
      recipient: { name: ticket.contact.name, phone: ticket.contact.phone },
    };
  };
}

export async function openTicketUpdates(config: Config, log: Logger, store: TicketStore, metrics?: Metrics): Promise<TicketUpdates> {
  const redis = redisConnectionOf(config);
  const onError = (err: Error) => {
    log.warn('redis error (ticket updates)', { err });
    metrics?.redisError('ticket-updates');
  };
  let events: TicketEvents;
  let closeClient = async () => {};
  let outbox: NotificationOutbox | undefined;
  if (redis) {
    const client = createRedisClient(redis, onError);
    await client.connect();
    closeClient = () => closeRedisClient(client);
    events = await createRedisTicketEvents({ client, url: redis, onError });
    if (config.NOTIFY_URL) outbox = await createRedisNotificationOutbox({ client, onError });
  } else {
    events = createMemoryTicketEvents();
    if (config.NOTIFY_URL)
      outbox = await createFileNotificationOutbox({ dir: resolve(config.DATA_DIR), onRepair: (detail) => log.warn('notification journal repaired', { detail }) });
  }
  let dispatcher: NotificationDispatcher | undefined;
  if (outbox && config.NOTIFY_URL && config.NOTIFY_SECRET) {
    dispatcher = createNotificationDispatcher({ outbox, url: config.NOTIFY_URL, secret: config.NOTIFY_SECRET, render: renderFor(store), logger: log });
    log.info('status notifications on', { outbox: redis ? describeRedisTarget(redis) : 'DATA_DIR' });
  }
  const enqueueNotification = createEnqueueNotification({ ...(outbox ? { outbox } : {}), ...(dispatcher ? { dispatcher } : {}) });

  /**
   * The embedded store keeps the notice on the status change's journal line; it is pending until
   * the outbox holds it. Queued, or refused as a duplicate (queued before a crash), it is done.
   * A failure to reach the outbox leaves it pending, for the next start.
   */
  async function queueNotice(notice: StatusNotice): Promise<boolean> {
    try {
      const r = await enqueueNotification({ kind: 'ticket_status', ...notice });
      // Refused (it does not parse) it never will be queued: not pending any more either.
      if (!r.ok) log.error('status notification refused', { ticket: notice.ticketId, issues: r.issues });
      await store.statusNoticeQueued?.(notice);
      return r.ok;
    } catch (err) {
      log.error('status notification not queued', { ticket: notice.ticketId, err });
      return false;
    }
  }

  async function recoverNotices(): Promise<number> {
    let queued = 0;
    for (const notice of (await store.pendingStatusNotices?.()) ?? []) if (await queueNotice(notice)) queued += 1;
    return queued;
  }
  return {
    events,
    enqueueNotification,
    ...(outbox ? { outbox } : {}),
    async onStatusChange(ticketId, state, noticeQueued) {
      const notice = statusNoticeOf(ticketId, state);
      events.publish({ ticketId, status: state.status, at: notice.at });
      // Redis queued it with the status, in one script: only wake the dispatcher.
      if (noticeQueued) dispatcher?.kick();
      else await queueNotice(notice);
    },
    recoverNotices,
    start() {
      dispatcher?.start();
      void recoverNotices().then(
        (n) => n && log.warn('status notifications queued after a restart', { count: n }),
        (err: unknown) => log.error('status notifications not recovered', { err }),
      );
    },
    async close() {
      await dispatcher?.stop();
      await events.close();
      await outbox?.close();
      await closeClient();
    },
  };
}

/** What the chat's websockets need to push the changes of the tickets a page proves it holds. */
export function ticketWatchOf(updates: TicketUpdates, tickets: Pick<TicketService, 'status'>, secret: string, log: Logger): TicketWatchDeps {
  return {
    verify: (id, token) => hasTicketAccess(secret, id, token),
    view: async (id, script) => {
      const v = await tickets.status(id);
      return v && myTicketView(v, script);
    },
    subscribe: (listener) => updates.events.subscribe((e) => listener(e.ticketId)),
    onError: (err) => log.warn('ticket update not pushed', { err }),
  };
}
