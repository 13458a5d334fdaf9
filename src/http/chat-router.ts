/**
 * POST /api/v1/chat: the conversation as a JSON API, for integrations that do not speak websocket
 * (mini-programs, the hotline's tools, tests and benchmarks). One turn per request:
 *
 *   { "sessionId": "…", "text": "开药店要什么材料" }                       typed text
 *   { "sessionId": "…", "input": { "action": "choose", "entryId": "…" } }  a button (Choice.input)
 *
 * → 200 { "sessionId": "…", "messages": [OutMessage, …] }. The state lives with the session id
 * (any instance can take the next turn). 400 with issues for a bad body, 413 over the size limit,
 * 429 with Retry-After over the session's or the IP's rate limit.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { ChatResponse, ConversationService } from '../conversation/types';
import { SessionId, UserInput } from '../conversation/types';
import { rawBodyOf } from './body-errors';
import { issuesOf, sendError } from './errors';
import { createRateLimitMiddleware, sessionKeyOf, type ChatRateLimit } from './rate-limit';

export const DEFAULT_CHAT_BODY_BYTES = 16 * 1024;

/** ChatRequest ({sessionId, text}) or, for buttons, {sessionId, input}: exactly one of the two. */
export const ChatApiRequest = z
  .strictObject({
    sessionId: SessionId,
    text: z.string().max(2000).optional(),
    input: UserInput.optional(),
  })
  .superRefine((body, ctx) => {
    if ((body.text === undefined) === (body.input === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['text'], message: '请提供 text（文字）或 input（按钮），二者选一' });
    }
  });
export type ChatApiRequest = z.infer<typeof ChatApiRequest>;

export interface ChatRouterDeps {
  conversation: ConversationService;
  rateLimit?: ChatRateLimit;
  /** Largest body in bytes (the app's JSON parser allows more). Default 16 KiB. */
  maxBodyBytes?: number;
}

export function createChatRouter(deps: ChatRouterDeps): Router {
  const router = Router();
  const maxBodyBytes = deps.maxBodyBytes ?? DEFAULT_CHAT_BODY_BYTES;
  router.post(
    '/api/v1/chat',
    (req, res, next) => {
      const size = rawBodyOf(req)?.length ?? Number(req.headers['content-length'] ?? 0);
      if (size > maxBodyBytes) return sendError(res, 'QH_ERR_PAYLOAD_TOO_LARGE');
      next();
    },
    deps.rateLimit
      ? createRateLimitMiddleware({ rateLimit: deps.rateLimit, sessionOf: (body) => sessionKeyOf(body, 'sessionId') })
      : (_req, _res, next) => next(),
    async (req, res) => {
      const parsed = ChatApiRequest.safeParse(req.body);
      if (!parsed.success) return sendError(res, 'QH_ERR_VALIDATION', { issues: issuesOf(parsed.error) });
      const { sessionId, text, input } = parsed.data;
      const messages = await deps.conversation.handle(sessionId, input ?? { text: text ?? '' }, { channel: 'api' });
      const body: ChatResponse = { sessionId, messages };
      res.json(body);
    },
  );
  return router;
}
