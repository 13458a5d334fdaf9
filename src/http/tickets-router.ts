/**
 * HTTP API for tickets:
 *
 *   POST /api/v1/tickets              file a ticket: 201 {ticket, dueAt}; 200 for a known
 *                                     idempotency key (body field or Idempotency-Key header);
 *                                     400 {issues} each naming its field
 *   GET  /api/v1/tickets/:id          status, history, delivery, SLA and traffic light (no contact
 *                                     data or credit code: ids are guessable)
 *   POST /api/v1/tickets/:id/status   signed callback from the routing backend (method, path and
 *                                     event id signed); unsigned, stale or forged → 401, an event
 *                                     already applied → 200 duplicate
 *   POST /api/v1/tickets/:id/rating   {score 1..5, comment?}
 *   GET  /api/v1/schema/ticket        JSON Schema of qihu.ticket/v1
 *
 * and, in createDeadLetterRouter, the admin routes for undeliverable entries. The routers parse
 * their own bodies (the signed route needs the raw bytes): mount them before any global JSON
 * parser, or give that parser `verify: captureRawBody` (body-errors.ts). Errors use the catalogue in
 * errors.ts. Store failures answer 503 and leave nothing half-written (every store step is atomic).
 */
import { Router, json, raw, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import {
  DeadLetter,
  Delivery,
  HistoryEntry,
  IsoDateTime,
  SatisfactionRating,
  Sla,
  Ticket,
  TicketId,
  TicketStatus,
  TRAFFIC_LIGHTS,
  hasTicketAccess,
  ticketAccessToken,
  TICKET_TOKEN_HEADER,
  ticketJsonSchema,
  message,
  statusName,
  trafficLightName,
  TICKET_ID_RE,
  IDEMPOTENCY_HEADER,
  SIGNATURE_HEADER,
  SIGNATURE_WINDOW_MS,
  EVENT_HEADER,
  requestPath,
  TIMESTAMP_HEADER,
  createMemoryReplayGuard,
  verifySignature,
  type TransitionErrorCode,
  type TicketService,
  type TicketStatusView,
  type ReplayGuard,
  type TicketStore,
} from '../tickets';
import { maskPersonalData } from '../privacy';
import { isStorageFull, jsonBodyErrorHandler, rawBodyOf, requireJsonBody, requireUtf8, sendError, type ApiIssue } from '../http-kit';

export interface TicketRouterDeps {
  ticketService: TicketService;
  /** ROUTING_SECRET: status callbacks must be signed with it. */
  secret: string;
  /** Signatures already accepted; default in-process (use the Redis one with several instances). */
  replayGuard?: ReplayGuard;
  /** Largest JSON body. Default 256 KiB. */
  maxBodyBytes?: number;
  signatureWindowMs?: number;
  now?: () => number;
  /** Unexpected errors (store down …), for the lead's logger. Never given request bodies. */
  onError?: (err: unknown, where: string) => void;
}

/** A refused transition as a 404 or 409, the domain code and its Chinese text in the issues. */
function sendRefusal(res: Response, code: TransitionErrorCode | 'not_found', path: string): void {
  if (code === 'not_found') return sendError(res, 'QH_ERR_NOT_FOUND');
  const issue: ApiIssue = { path, code, message: message(code) };
  sendError(res, 'QH_ERR_CONFLICT', { issues: [issue] });
}

function validId(req: Request, res: Response): string | undefined {
  const id = String(req.params.id ?? '');
  if (TICKET_ID_RE.test(id)) return id;
  sendError(res, 'QH_ERR_NOT_FOUND');
  return undefined;
}

/** What anyone may learn of a ticket: that it exists, and its status. */
export const PublicTicketStatus = z.strictObject({ id: TicketId, status: TicketStatus, statusName: z.string() });
export type PublicTicketStatus = z.infer<typeof PublicTicketStatus>;

export function publicStatusView(v: TicketStatusView): PublicTicketStatus {
  return { id: v.ticket.id, status: v.state.status, statusName: statusName(v.state.status) };
}

/** The whole progress, for whoever filed the ticket (GET /api/v1/tickets/:id with its token). */
export const TicketProgress = z.strictObject({
  id: TicketId,
  createdAt: IsoDateTime,
  /** Personal data masked. */
  summary: z.string(),
  department: z.string(),
  status: TicketStatus,
  statusName: z.string(),
  history: z.array(HistoryEntry.extend({ statusName: z.string() })),
  delivery: Delivery,
  sla: Sla,
  /** Open tickets only. */
  trafficLight: z.enum(TRAFFIC_LIGHTS).optional(),
  trafficLightName: z.string().optional(),
  rating: SatisfactionRating.optional(),
});
export type TicketProgress = z.infer<typeof TicketProgress>;

export function statusView(v: TicketStatusView): TicketProgress {
  const { ticket, state } = v;
  return {
    id: ticket.id,
    createdAt: ticket.createdAt,
    summary: maskPersonalData(ticket.demand.summary),
    department: ticket.triage.department,
    status: state.status,
    statusName: statusName(state.status),
    history: state.history.map((h) => ({ ...h, statusName: statusName(h.status) })),
    delivery: state.delivery,
    sla: ticket.sla,
    ...(v.trafficLight ? { trafficLight: v.trafficLight, trafficLightName: trafficLightName(v.trafficLight) } : {}),
    ...(state.rating ? { rating: state.rating } : {}),
  };
}

/** The answer to filing a ticket (POST /api/v1/tickets). */
export const FiledTicket = z.strictObject({
  created: z.boolean(),
  id: TicketId,
  /** Handed only to the filer: the ticket's details and rating need it (GET …/:id, …/rating). */
  accessToken: z.string(),
  dueAt: IsoDateTime,
  status: TicketStatus,
  statusName: z.string(),
  ticket: Ticket,
});
export type FiledTicket = z.infer<typeof FiledTicket>;

/** The answer to a status callback: applied (changed or not), or an event applied before. */
export const StatusCallbackAnswer = z.union([
  z.strictObject({ id: TicketId, status: TicketStatus, changed: z.boolean() }),
  z.strictObject({ id: z.string(), duplicate: z.literal(true) }),
]);
export type StatusCallbackAnswer = z.infer<typeof StatusCallbackAnswer>;

/** The answer to a rating: the rating kept (a second one changes nothing). */
export const RatingAnswer = z.strictObject({ id: TicketId, rating: SatisfactionRating, changed: z.boolean() });
export type RatingAnswer = z.infer<typeof RatingAnswer>;

/** The admin's list of undeliverable entries (GET /api/v1/admin/dead-letters), times as ISO strings. */
export const DeadLetterList = z.strictObject({
  count: z.number().int().min(0),
  deadLetters: z.array(DeadLetter.extend({ enqueuedAt: IsoDateTime, deadAt: IsoDateTime })),
});
export type DeadLetterList = z.infer<typeof DeadLetterList>;
export const DeadLetterReplayed = z.strictObject({ replayed: z.string(), entryId: z.string() });
export type DeadLetterReplayed = z.infer<typeof DeadLetterReplayed>;

/** A ticket's access token, from its header or the `token` query parameter. */
function tokenOf(req: Request): string | undefined {
  const header = req.get(TICKET_TOKEN_HEADER);
  if (header) return header;
  const query = req.query.token;
  return typeof query === 'string' ? query : undefined;
}

export function createTicketRouter(deps: TicketRouterDeps): Router {
  const { ticketService: service } = deps;
  const limit = deps.maxBodyBytes ?? 256 * 1024;
  const now = deps.now ?? Date.now;
  const windowMs = deps.signatureWindowMs ?? SIGNATURE_WINDOW_MS;
  const guard = deps.replayGuard ?? createMemoryReplayGuard(now);
  const onError = deps.onError ?? (() => {});
  // Ticket and rating bodies are JSON in UTF-8: anything else is refused, never half-read (docs/api.md).
  const parseJson = [requireJsonBody, json({ limit, verify: requireUtf8 })];
  const parseRaw = raw({ limit, type: () => true });
  const router = Router();

  /** Run a handler; a thrown error (store unavailable) becomes 503. */
  const safe =
    (where: string, fn: (req: Request, res: Response) => Promise<void>): RequestHandler =>
    async (req, res) => {
      try {
        await fn(req, res);
      } catch (err) {
        onError(err, where);
        if (!res.headersSent) sendError(res, isStorageFull(err) ? 'QH_ERR_STORAGE_FULL' : 'QH_ERR_UNAVAILABLE');
      }
    };

  router.post(
    '/api/v1/tickets',
    parseJson,
    safe('file ticket', async (req, res) => {
      let body: unknown = req.body;
      const headerKey = req.get(IDEMPOTENCY_HEADER);
      if (headerKey && body && typeof body === 'object' && !Array.isArray(body) && !('idempotencyKey' in body))
        body = { ...body, idempotencyKey: headerKey };
      const r = await service.fileTicket(body);
      if (!r.ok) {
        sendError(res, 'QH_ERR_VALIDATION', { issues: r.issues });
        return;
      }
      const filed: FiledTicket = {
        created: r.created,
        id: r.ticket.id,
        accessToken: ticketAccessToken(deps.secret, r.ticket.id),
        dueAt: r.ticket.sla.dueAt,
        status: r.state.status,
        statusName: statusName(r.state.status),
        ticket: r.ticket,
      };
      res.status(r.created ? 201 : 200).json(filed);
    }),
  );

  router.get('/api/v1/schema/ticket', (_req, res) => {
    res.json(ticketJsonSchema());
  });

  router.get(
    '/api/v1/tickets/:id',
    safe('ticket status', async (req, res) => {
      const id = validId(req, res);
      if (!id) return;
      const v = await service.status(id);
      if (!v) sendError(res, 'QH_ERR_NOT_FOUND');
      else res.json(hasTicketAccess(deps.secret, id, tokenOf(req)) ? statusView(v) : publicStatusView(v));
    }),
  );

  router.post(
    '/api/v1/tickets/:id/status',
    parseRaw,
    safe('status callback', async (req, res) => {
      const body = rawBodyOf(req);
      if (!body) {
        // A global JSON parser consumed the body without captureRawBody: a wiring mistake.
        onError(new Error('raw body unavailable: mount express.json with verify: captureRawBody'), 'status callback');
        sendError(res, 'QH_ERR_INTERNAL');
        return;
      }
      const eventId = req.get(EVENT_HEADER);
      const v = verifySignature({
        secret: deps.secret,
        method: req.method,
        path: requestPath(req.originalUrl),
        eventId,
        body,
        timestamp: req.get(TIMESTAMP_HEADER),
        signature: req.get(SIGNATURE_HEADER),
        nowMs: now(),
        windowMs,
      });
      if (!v.ok) {
        sendError(res, 'QH_ERR_UNAUTHORIZED', { detail: v.reason });
        return;
      }
      // Each event is applied once: its retry (the answer to the first try was lost) or a replay is
      // answered as done. Remembered a little longer than the window a signature is valid in.
      if (!(await guard.firstSeen(eventId!, 2 * windowMs))) {
        res.json({ id: String(req.params.id), duplicate: true } satisfies StatusCallbackAnswer);
        return;
      }
      const id = validId(req, res);
      if (!id) return;
      let data: unknown;
      try {
        data = JSON.parse(body.toString('utf8'));
      } catch {
        sendError(res, 'QH_ERR_MALFORMED_JSON');
        return;
      }
      const r = await service.applyStatusUpdate(id, data);
      if (r.ok) {
        res.json({ id, status: r.state.status, changed: r.changed } satisfies StatusCallbackAnswer);
      } else if (r.code === 'invalid') {
        sendError(res, 'QH_ERR_VALIDATION', { issues: r.issues });
      } else {
        sendRefusal(res, r.code, 'status');
      }
    }),
  );

  router.post(
    '/api/v1/tickets/:id/rating',
    parseJson,
    safe('rating', async (req, res) => {
      const id = validId(req, res);
      if (!id) return;
      // Only whoever filed the ticket rates its handling.
      if (!hasTicketAccess(deps.secret, id, tokenOf(req))) {
        sendError(res, 'QH_ERR_FORBIDDEN', { detail: 'ticket_token_required' });
        return;
      }
      const b = (req.body ?? {}) as { score?: unknown; comment?: unknown };
      const r = await service.rate(
        id,
        b.score as number,
        b.comment === undefined || b.comment === null ? undefined : (b.comment as string),
      );
      if (r.ok) {
        res.status(r.changed ? 201 : 200).json({ id, rating: r.state.rating!, changed: r.changed } satisfies RatingAnswer); // a rated state has its rating
      } else if (r.code === 'invalid') {
        sendError(res, 'QH_ERR_VALIDATION', { issues: r.issues });
      } else {
        sendRefusal(res, r.code, 'score');
      }
    }),
  );

  router.use(jsonBodyErrorHandler);
  return router;
}

export interface DeadLetterRouterDeps {
  store: Pick<TicketStore, 'listDeadLetters' | 'replayDeadLetter'>;
  /** Authorisation middleware factory from the lead's auth module: requireRole('admin'). */
  requireRole: (role: 'admin') => RequestHandler;
  onError?: (err: unknown, where: string) => void;
}

export function createDeadLetterRouter(deps: DeadLetterRouterDeps): Router {
  const router = Router();
  const admin = deps.requireRole('admin');
  const onError = deps.onError ?? (() => {});
  const fail = (res: Response, err: unknown, where: string) => {
    onError(err, where);
    sendError(res, 'QH_ERR_UNAVAILABLE');
  };

  router.get('/api/v1/admin/dead-letters', admin, async (req: Request, res: Response) => {
    try {
      const limit = Math.min(Math.max(Number(req.query.limit ?? 1000) || 1000, 1), 10_000);
      const deadLetters = await deps.store.listDeadLetters(limit);
      const answer: DeadLetterList = {
        count: deadLetters.length,
        deadLetters: deadLetters.map((d) => ({
          ...d,
          enqueuedAt: new Date(d.enqueuedAt).toISOString(),
          deadAt: new Date(d.deadAt).toISOString(),
        })),
      };
      res.json(answer);
    } catch (err) {
      fail(res, err, 'list dead letters');
    }
  });

  router.post(
    '/api/v1/admin/dead-letters/:id/replay',
    admin,
    async (req: Request, res: Response, _next: NextFunction) => {
      try {
        const entryId = await deps.store.replayDeadLetter(String(req.params.id));
        if (entryId === undefined) sendError(res, 'QH_ERR_NOT_FOUND');
        else res.status(202).json({ replayed: String(req.params.id), entryId } satisfies DeadLetterReplayed);
      } catch (err) {
        fail(res, err, 'replay dead letter');
      }
    },
  );
  return router;
}
