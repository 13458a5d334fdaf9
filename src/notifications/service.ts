/**
 * `enqueueNotification`: the one way into the notification outbox, for every producer (ticket
 * status changes here; policy notices from the policy layer). Validates with the zod union, derives
 * the dedup key and wakes the dispatcher. Without NOTIFY_URL nothing is queued (nothing would send it).
 */
import { zodIssues, type Issue } from '../util';
import type { NotificationDispatcher } from './dispatcher';
import { dedupKeyOf, Notification } from './schema';
import type { NotificationOutbox } from './store';

export type EnqueueNotificationResult =
  | { ok: true; queued: true; id: string }
  | { ok: true; queued: false; reason: 'duplicate' | 'disabled'; id?: string }
  | { ok: false; issues: Issue[] };

export type EnqueueNotification = (notification: unknown) => Promise<EnqueueNotificationResult>;

export interface NotificationsDeps {
  /** Undefined: notifications are off (no NOTIFY_URL). */
  outbox?: NotificationOutbox;
  dispatcher?: Pick<NotificationDispatcher, 'kick'>;
  now?: () => number;
}

export function createEnqueueNotification(deps: NotificationsDeps): EnqueueNotification {
  const now = deps.now ?? Date.now;
  return async (input) => {
    const parsed = Notification.safeParse(input);
    if (!parsed.success) return { ok: false, issues: zodIssues(parsed.error) };
    if (!deps.outbox) return { ok: true, queued: false, reason: 'disabled' };
    const r = await deps.outbox.enqueue(parsed.data, dedupKeyOf(parsed.data), now());
    if (r.queued) {
      deps.dispatcher?.kick();
      return { ok: true, queued: true, id: r.id };
    }
    return { ok: true, queued: false, reason: r.reason, id: r.id };
  };
}
