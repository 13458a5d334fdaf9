/**
 * POST /api/v1/chat: the conversation as a JSON API, for integrations that do not speak websocket
 * (mini-programs, the hotline's tools, tests and benchmarks). One turn per request:
 *
 *   { "sessionId": "…", "text": "开药店要什么材料" }                       typed text
 *   { "sessionId": "…", "input": { "action": "choose", "entryId": "…" } }  a button (Choice.input)
 *
 * → 200 { "sessionId": "…", "messages": [OutMessage, …] }. The state lives with the session id
 * (any instance can take the next turn). 400 with issues for a bad body, 413 over the size limit,
 * 415 for anything but UTF-8 JSON, 429 with Retry-After over the session's or the IP's rate limit.
 *
 * Served on the node:http server ahead of Express (src/server.ts). It is the one hot public route,
 * and while its turns wait on Redis, Express's per-request machinery (the request and response
 * prototypes it swaps in, the router, body-parser, res.json) cost as much CPU as the turn itself
 * (docs/evaluation.md, "HTTP chat"). The contract is the Express routes': the catalogue's errors,
 * the same security headers, the chat rate limits, zod at the boundary.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { SessionId, USER_TEXT_MAX, UserInput, type ChatResponse, type ConversationService } from '../conversation';
import type { Logger } from '../log';
import {
  clientIpOf,
  errorReply,
  issuesOf,
  retryAfterSeconds,
  sessionKeyOf,
  type ApiErrorCode,
  type ApiIssue,
  type ChatRateLimit,
} from '../http-kit';
import { readJsonBody } from './json-body';
import type { Metrics } from '../metrics';
import { REQUEST_ID_HEADER, requestIdOf } from './request-id';
import { SECURITY_HEADERS } from './security-headers';
import { ISSUE_MESSAGES } from './messages';

export const CHAT_ROUTE = { method: 'POST', path: '/api/v1/chat' } as const;

export const DEFAULT_CHAT_BODY_BYTES = 16 * 1024;

/** ChatRequest ({sessionId, text}) or, for buttons, {sessionId, input}: exactly one of the two. */
export const ChatApiRequest = z
  .strictObject({
    sessionId: SessionId,
    text: z.string().max(USER_TEXT_MAX).optional(),
    input: UserInput.optional(),
  })
  .superRefine((body, ctx) => {
    if ((body.text === undefined) === (body.input === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['text'], message: ISSUE_MESSAGES.text_or_input });
    }
  });
export type ChatApiRequest = z.infer<typeof ChatApiRequest>;

export interface ChatEndpointDeps {
  conversation: ConversationService;
  rateLimit?: ChatRateLimit;
  /** Largest body in bytes. Default 16 KiB. */
  maxBodyBytes?: number;
  log: Logger;
  /** Counts each request (route /api/v1/chat) by status, with its duration until the response is written. */
  metrics?: Pick<Metrics, 'http'>;
}

/** Takes a request: true when it is POST /api/v1/chat (now answered), false to leave it to Express. */
export type ChatEndpoint = (req: IncomingMessage, res: ServerResponse) => boolean;

const pathOf = (url: string | undefined) => {
  const q = url?.indexOf('?') ?? -1;
  return q < 0 ? url : url!.slice(0, q);
};

/** The response, its headers in one writeHead (no setHeader before it: that takes Node's slower path). */
function sendJson(res: ServerResponse, requestId: string, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    [REQUEST_ID_HEADER]: requestId,
    ...headers,
  });
  res.end(text);
}

function sendError(res: ServerResponse, requestId: string, code: ApiErrorCode, extra: { issues?: ApiIssue[] } = {}, headers: Record<string, string> = {}): void {
  const { status, body } = errorReply(code, extra);
  sendJson(res, requestId, status, body, headers);
}

export function createChatEndpoint(deps: ChatEndpointDeps): ChatEndpoint {
  const maxBodyBytes = deps.maxBodyBytes ?? DEFAULT_CHAT_BODY_BYTES;

  async function serve(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
    const body = await readJsonBody(req, maxBodyBytes);
    if (!body.ok) return sendError(res, requestId, body.code);
    if (deps.rateLimit) {
      const verdict = await deps.rateLimit.check({ ip: clientIpOf(req), sessionId: sessionKeyOf(body.value, 'sessionId') });
      if (verdict.limited) {
        return sendError(res, requestId, 'QH_ERR_RATE_LIMITED', {}, { 'Retry-After': String(retryAfterSeconds(verdict.retryAfterMs)) });
      }
    }
    const parsed = ChatApiRequest.safeParse(body.value);
    if (!parsed.success) return sendError(res, requestId, 'QH_ERR_VALIDATION', { issues: issuesOf(parsed.error) });
    const { sessionId, text, input } = parsed.data;
    const messages = await deps.conversation.handle(sessionId, input ?? { text: text ?? '' }, { channel: 'api', requestId });
    const reply: ChatResponse = { sessionId, messages };
    sendJson(res, requestId, 200, reply);
  }

  return (req, res) => {
    if (req.method !== CHAT_ROUTE.method || pathOf(req.url) !== CHAT_ROUTE.path) return false;
    const requestId = requestIdOf(req.headers['x-request-id']);
    const started = performance.now();
    // The response is written (or the connection dropped) when serve settles.
    const done = () => deps.metrics?.http(CHAT_ROUTE.method, CHAT_ROUTE.path, res.statusCode, (performance.now() - started) / 1000);
    serve(req, res, requestId).then(done, (err: unknown) => {
      // A bug: the conversation itself never throws (it apologises instead).
      deps.log.child({ reqId: requestId }).error('request failed', { method: req.method, path: CHAT_ROUTE.path, err });
      if (res.headersSent) res.destroy();
      else sendError(res, requestId, 'QH_ERR_INTERNAL');
      done();
    });
    return true;
  };
}
