/**
 * The notification outbox's dead letters, for administrators (role admin; /api/v1/admin/* is gated):
 *
 *   GET  /api/v1/admin/notifications/dead-letters?limit=   → {count, deadLetters: [{id, notification, dedupKey, attempts, enqueuedAt, error, deadAt}]}
 *   POST /api/v1/admin/notifications/dead-letters/:id/replay → 202 {replayed} · 404
 *
 * Without NOTIFY_URL there is no outbox: the list is empty and a replay is 404.
 * A dead letter holds ids only (no phone number): the body is built when it is sent.
 */
import { Router, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { sendError } from '../http-kit';
import { NotificationDeadLetter, type NotificationOutbox } from '../notifications';

const IsoDateTime = z.iso.datetime();
/** The admin's list of undeliverable notifications, times as ISO strings. */
export const NotificationDeadLetterList = z.strictObject({
  count: z.number().int().min(0),
  deadLetters: z.array(NotificationDeadLetter.extend({ enqueuedAt: IsoDateTime, deadAt: IsoDateTime })),
});
export type NotificationDeadLetterList = z.infer<typeof NotificationDeadLetterList>;
export const NotificationReplayed = z.strictObject({ replayed: z.string() });

export interface NotificationRouterDeps {
  outbox?: Pick<NotificationOutbox, 'listDeadLetters' | 'replayDeadLetter'>;
  requireRole: (role: 'admin') => RequestHandler;
  now?: () => number;
  onError?: (err: unknown, where: string) => void;
}

export function createNotificationDeadLetterRouter(deps: NotificationRouterDeps): Router {
  const router = Router();
  const admin = deps.requireRole('admin');
  const now = deps.now ?? Date.now;
  const fail = (res: Response, err: unknown, where: string) => {
    deps.onError?.(err, where);
    sendError(res, 'QH_ERR_UNAVAILABLE');
  };

  router.get('/api/v1/admin/notifications/dead-letters', admin, async (req, res) => {
    try {
      const limit = Math.min(Math.max(Number(req.query.limit ?? 1000) || 1000, 1), 10_000);
      const dead = deps.outbox ? await deps.outbox.listDeadLetters(limit) : [];
      res.json({
        count: dead.length,
        deadLetters: dead.map((d) => ({ ...d, enqueuedAt: new Date(d.enqueuedAt).toISOString(), deadAt: new Date(d.deadAt).toISOString() })),
      } satisfies NotificationDeadLetterList);
    } catch (err) {
      fail(res, err, 'list notification dead letters');
    }
  });

  router.post('/api/v1/admin/notifications/dead-letters/:id/replay', admin, async (req, res) => {
    try {
      const id = String(req.params.id);
      if (!deps.outbox || !(await deps.outbox.replayDeadLetter(id, now()))) return sendError(res, 'QH_ERR_NOT_FOUND');
      res.status(202).json({ replayed: id } satisfies z.infer<typeof NotificationReplayed>);
    } catch (err) {
      fail(res, err, 'replay notification dead letter');
    }
  });
  return router;
}
