/**
 * The operator console's live hand-off (docs/operator-console.md § 在线转人工), under
 * /api/v1/hotline/live (operator role, by the gate):
 *
 *   GET  /live                      waiting (oldest first, with place) and active conversations
 *   GET  /live/events               server-sent events: `queue` (the list) and `message` (a user's message)
 *   POST /live/:sessionId/take      take a waiting one (409 when another operator took it first)
 *   POST /live/:sessionId/messages  {text}: reply in the user's chat
 *   POST /live/:sessionId/end       {how: ended | handed_back | ticket, summary?}
 *
 * An open event stream marks its operator on duty: 转人工 offers a person only while one is.
 */
import { Router, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { principalOf } from '../auth';
import { LiveView, SessionId, type LiveOperatorDesk, type LiveBus, type OperatorOutcome } from '../conversation';
import { issuesOf, sendError } from '../http-kit';
import { HOTLINE_PREFIX } from './hotline-router';

export const LIVE_PREFIX = `${HOTLINE_PREFIX}/live`;

export const ReplyRequest = z.strictObject({ text: z.string().trim().min(1).max(2000) });
export const EndRequest = z.strictObject({ how: z.enum(['ended', 'handed_back', 'ticket']), summary: z.string().trim().max(200).optional() });

/** The console's list: waiting conversations (oldest first, with their place), then active ones. */
export const LiveList = z.strictObject({ conversations: z.array(LiveView) });
export type LiveList = z.infer<typeof LiveList>;
export const LiveTaken = z.strictObject({ conversation: LiveView });
export type LiveTaken = z.infer<typeof LiveTaken>;
export const LiveSent = z.strictObject({ sent: z.literal(true) });
export const LiveEnded = z.strictObject({ ended: z.literal(true), how: EndRequest.shape.how });
export type LiveEnded = z.infer<typeof LiveEnded>;

export interface LiveAgentRouterDeps {
  desk: LiveOperatorDesk;
  bus: LiveBus;
  heartbeatMs?: number;
  onError?: (err: unknown, where: string) => void;
}

const FAILED: Record<Exclude<OperatorOutcome, 'ok'>, { code: 'QH_ERR_NOT_FOUND' | 'QH_ERR_CONFLICT'; reason: string }> = {
  not_found: { code: 'QH_ERR_NOT_FOUND', reason: '这个对话已结束或不存在' },
  taken: { code: 'QH_ERR_CONFLICT', reason: '已被其他话务员接入' },
  not_yours: { code: 'QH_ERR_CONFLICT', reason: '这个对话不由您接待' },
};

export function createLiveAgentRouter(deps: LiveAgentRouterDeps): Router {
  const { desk, bus } = deps;
  const heartbeatMs = deps.heartbeatMs ?? 10_000;
  const onError = deps.onError ?? (() => {});
  const router = Router();

  const safe =
    (where: string, fn: (req: Request, res: Response) => Promise<void> | void): RequestHandler =>
    async (req, res) => {
      try {
        await fn(req, res);
      } catch (err) {
        onError(err, where);
        if (!res.headersSent) sendError(res, 'QH_ERR_UNAVAILABLE');
      }
    };

  /** The signed-in operator: username, and the name the user sees. */
  const operatorOf = (res: Response) => {
    const p = principalOf(res);
    const name = p?.name ?? 'operator';
    return { name, display: (p?.displayName ?? name).slice(0, 64) };
  };

  const sessionOf = (req: Request, res: Response): string | undefined => {
    const parsed = SessionId.safeParse(req.params.sessionId);
    if (!parsed.success) sendError(res, 'QH_ERR_VALIDATION', { issues: issuesOf(parsed.error) });
    return parsed.data;
  };

  const fail = (res: Response, outcome: Exclude<OperatorOutcome, 'ok'>) => sendError(res, FAILED[outcome].code, { detail: FAILED[outcome].reason });

  router.get(
    LIVE_PREFIX,
    safe('live list', async (_req, res) => {
      res.setHeader('Cache-Control', 'no-store');
      res.json({ conversations: await desk.list() } satisfies LiveList);
    }),
  );

  router.get(
    `${LIVE_PREFIX}/events`,
    safe('live events', async (req, res) => {
      const operator = operatorOf(res);
      await desk.present(operator);
      res.status(200);
      res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('X-Accel-Buffering', 'no');
      res.flushHeaders();
      res.write('retry: 2000\n\n');
      let seq = 0;
      const write = (event: string, data: unknown) => {
        if (!res.writableEnded) res.write(`id: ${++seq}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      };
      // Lists are coalesced: a burst of queue changes sends one list.
      let listing: Promise<void> | undefined;
      let again = false;
      const sendList = () => {
        if (listing) {
          again = true;
          return;
        }
        listing = desk
          .list()
          .then((conversations) => write('queue', { conversations }))
          .catch((err: unknown) => onError(err, 'live events list'))
          .finally(() => {
            listing = undefined;
            if (again) {
              again = false;
              sendList();
            }
          });
      };
      const unsubscribe = bus.subscribe((event) => {
        if (event.kind === 'queue') sendList();
        else if (event.kind === 'message') write('message', { sessionId: event.sessionId, message: event.message });
      });
      sendList();
      const heartbeat = setInterval(() => {
        res.write(': heartbeat\n\n');
        desk.present(operator).catch((err: unknown) => onError(err, 'live presence'));
      }, heartbeatMs);
      heartbeat.unref();
      req.on('close', () => {
        clearInterval(heartbeat);
        unsubscribe();
      });
    }),
  );

  router.post(
    `${LIVE_PREFIX}/:sessionId/take`,
    safe('live take', async (req, res) => {
      const sessionId = sessionOf(req, res);
      if (!sessionId) return;
      const taken = await desk.take(sessionId, operatorOf(res));
      if (taken.outcome !== 'ok') return fail(res, taken.outcome);
      res.json({ conversation: taken.conversation } satisfies LiveTaken);
    }),
  );

  router.post(
    `${LIVE_PREFIX}/:sessionId/messages`,
    safe('live reply', async (req, res) => {
      const sessionId = sessionOf(req, res);
      if (!sessionId) return;
      const parsed = ReplyRequest.safeParse(req.body);
      if (!parsed.success) return sendError(res, 'QH_ERR_VALIDATION', { issues: issuesOf(parsed.error) });
      const outcome = await desk.reply(sessionId, operatorOf(res), parsed.data.text);
      if (outcome !== 'ok') return fail(res, outcome);
      res.status(201).json({ sent: true } satisfies z.infer<typeof LiveSent>);
    }),
  );

  router.post(
    `${LIVE_PREFIX}/:sessionId/end`,
    safe('live end', async (req, res) => {
      const sessionId = sessionOf(req, res);
      if (!sessionId) return;
      const parsed = EndRequest.safeParse(req.body);
      if (!parsed.success) return sendError(res, 'QH_ERR_VALIDATION', { issues: issuesOf(parsed.error) });
      const outcome = await desk.end(sessionId, operatorOf(res), parsed.data.how, parsed.data.summary);
      if (outcome !== 'ok') return fail(res, outcome);
      res.json({ ended: true, how: parsed.data.how } satisfies LiveEnded);
    }),
  );

  return router;
}
