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
  type TicketEvents,
  type TicketService,
  type TicketState,
  type TicketStore,
} from './tickets';

export interface TicketUpdates {
  events: TicketEvents;
  /** The one way into the notification outbox (policy notices too). Without NOTIFY_URL: `disabled`. */
  enqueueNotification: EnqueueNotification;
  /** For createTicketService: publish the change and queue its notification. */
  onStatusChange(ticketId: string, state: TicketState): Promise<void>;
  outbox?: NotificationOutbox;
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
  return {
    events,
    enqueueNotification,
    ...(outbox ? { outbox } : {}),
    async onStatusChange(ticketId, state) {
      const at = state.history[state.history.length - 1]?.at ?? new Date().toISOString();
      events.publish({ ticketId, status: state.status, at });
      // After the status is stored, not in the same step: a crash between the two loses this one notification.
      try {
        const r = await enqueueNotification({ kind: 'ticket_status', ticketId, status: state.status, at });
        if (!r.ok) log.error('status notification refused', { ticket: ticketId, issues: r.issues });
      } catch (err) {
        log.error('status notification not queued', { ticket: ticketId, err });
      }
    },
    start: () => dispatcher?.start(),
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
