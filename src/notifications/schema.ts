/**
 * Notifications for people outside the chat (an SMS or WeChat gateway behind NOTIFY_URL): a zod
 * union by `kind`. Each kind names what happened by ids only, never personal data, so the outbox,
 * its dead letters and the logs hold none; the gateway's payload is built when it is sent
 * (dispatcher.ts, `render`). Each kind has a dedup key: the same fact is sent once.
 */
import { z } from 'zod';
import { TicketId, TicketStatus } from '../tickets';

const Id = z.string().trim().min(1).max(120).regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits and . _ : - only');

/** A ticket's status changed (the routing backend reported it). */
export const TicketStatusNotification = z.strictObject({
  kind: z.literal('ticket_status'),
  ticketId: TicketId,
  status: TicketStatus,
  /** When the status changed (ISO 8601). */
  at: z.iso.datetime({ offset: true }),
});

/** A policy an enterprise may be eligible for (免申即享 and the like): sent once per policy and enterprise. */
export const PolicyNoticeNotification = z.strictObject({
  kind: z.literal('policy_notice'),
  policyId: Id,
  enterpriseId: Id,
});

export const Notification = z.discriminatedUnion('kind', [TicketStatusNotification, PolicyNoticeNotification]);
export type Notification = z.infer<typeof Notification>;
export type NotificationKind = Notification['kind'];

/** The same fact twice is one notification: a status per ticket, a policy per enterprise. */
export function dedupKeyOf(n: Notification): string {
  switch (n.kind) {
    case 'ticket_status':
      return `ticket_status:${n.ticketId}:${n.status}`;
    case 'policy_notice':
      return `policy_notice:${n.policyId}:${n.enterpriseId}`;
  }
}

/** An outbox entry: the notification, how often it was tried, when it is due. */
export const NotificationEntry = z.strictObject({
  id: z.string().min(1).max(80),
  notification: Notification,
  dedupKey: z.string().min(1).max(400),
  attempts: z.number().int().min(0),
  enqueuedAt: z.number().int().min(0),
  dueAt: z.number().int().min(0),
  lastError: z.string().max(300).optional(),
});
export type NotificationEntry = z.infer<typeof NotificationEntry>;

/** A claimed entry: `claim` proves the claim is still this consumer's when it settles the entry. */
export interface ClaimedNotification extends NotificationEntry {
  claim: string;
}

export const NotificationDeadLetter = z.strictObject({
  id: z.string(),
  notification: Notification,
  dedupKey: z.string(),
  attempts: z.number().int().min(0),
  enqueuedAt: z.number().int().min(0),
  /** An HTTP status or a transport code, never the payload. */
  error: z.string().max(300),
  deadAt: z.number().int().min(0),
});
export type NotificationDeadLetter = z.infer<typeof NotificationDeadLetter>;

export const clipError = (error: string): string => error.slice(0, 300);
