/**
 * The operator console's ticket routes (role operator, behind the auth gate like every
 * /api/v1/hotline/* path); the call's own routes are hotline-router.ts's. See
 * docs/operator-console.md.
 *
 *   POST /api/v1/hotline/tickets/search               {q?, phone?, mine?, limit?} → tickets, newest first, phones masked
 *   POST /api/v1/hotline/calls/:callId/triage-preview  {demand?, enterprise?} → where the ticket being written would go, and by when
 *
 * Search is a POST so that a caller's phone number travels in the body, not in a URL that proxies
 * and browsers write down.
 */
import { Router, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { principalOf } from '../auth';
import { CallId, kbDepartmentsOf, type CallStore } from '../hotline';
import { issuesOf, sendError } from '../http-kit';
import {
  DETAIL_MAX,
  message,
  parsePhone,
  SUMMARY_MAX,
  TICKET_SEARCH_LIMIT,
  TICKET_SEARCH_LIMIT_MAX,
  ticketListItem,
  TURNS_KEPT,
  type TicketSearchAnswer,
  type RoutingPreview,
  type TicketQuery,
  type TicketService,
} from '../tickets';
import { HOTLINE_PREFIX } from './hotline-router';

export const HotlineTicketSearchRequest = z.strictObject({
  /** A ticket number (whole or part), an enterprise name (part), or a phone number. */
  q: z.string().trim().max(100).optional(),
  /** The caller's phone: their earlier tickets (caller history). */
  phone: z.string().trim().min(1).max(30).optional(),
  /** Only the tickets the signed-in user filed. */
  mine: z.boolean().default(false),
  limit: z.number().int().min(1).max(TICKET_SEARCH_LIMIT_MAX).default(TICKET_SEARCH_LIMIT),
});

export const TriagePreviewRequest = z.strictObject({
  demand: z.strictObject({ summary: z.string().max(SUMMARY_MAX).optional(), detail: z.string().max(DETAIL_MAX).optional() }).optional(),
  enterprise: z.strictObject({ district: z.string().max(50).optional(), town: z.string().max(50).optional() }).optional(),
});

export interface HotlineTicketsRouterDeps {
  tickets: TicketService;
  /** The calls in progress (the same store as the hotline router's): a preview uses the call's words and suggestions. */
  calls: CallStore;
  onError?: (err: unknown, where: string) => void;
}

/** Typed like a phone number (digits, spaces, +, brackets, dashes) and valid as one. */
const looksLikePhone = (text: string): boolean => /^[\d\s+()（）\-－]+$/.test(text) && parsePhone(text).ok;

export function createHotlineTicketsRouter(deps: HotlineTicketsRouterDeps): Router {
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

  router.post(
    `${HOTLINE_PREFIX}/tickets/search`,
    safe('hotline ticket search', async (req, res) => {
      const parsed = HotlineTicketSearchRequest.safeParse(req.body);
      if (!parsed.success) return sendError(res, 'QH_ERR_VALIDATION', { issues: issuesOf(parsed.error) });
      const { q, phone, mine, limit } = parsed.data;
      const query: TicketQuery = { limit };
      if (phone !== undefined) {
        const p = parsePhone(phone);
        // The issue names the field, never echoes the number.
        if (!p.ok) return sendError(res, 'QH_ERR_VALIDATION', { issues: [{ path: 'phone', code: p.code, message: message(p.code) }] });
        query.phone = p.normalized;
      }
      if (q) {
        const p = looksLikePhone(q) ? parsePhone(q) : undefined;
        if (p?.ok && query.phone === undefined) query.phone = p.normalized;
        else query.text = q;
      }
      if (mine) {
        const principal = principalOf(res);
        if (!principal) return sendError(res, 'QH_ERR_UNAUTHORIZED');
        query.filedBy = principal.name;
      }
      const result = await deps.tickets.search(query);
      res.setHeader('Cache-Control', 'no-store');
      res.json({ tickets: result.hits.map(ticketListItem), truncated: result.truncated } satisfies TicketSearchAnswer);
    }),
  );

  router.post(
    `${HOTLINE_PREFIX}/calls/:callId/triage-preview`,
    safe('hotline triage preview', async (req, res) => {
      const callId = CallId.safeParse(req.params.callId);
      if (!callId.success) return sendError(res, 'QH_ERR_VALIDATION', { issues: issuesOf(callId.error).map((i) => ({ ...i, path: 'callId' })) });
      const parsed = TriagePreviewRequest.safeParse(req.body);
      if (!parsed.success) return sendError(res, 'QH_ERR_VALIDATION', { issues: issuesOf(parsed.error) });
      const { demand = {}, enterprise = {} } = parsed.data;
      // get, not open: a preview does not keep a call alive, and a call that expired still previews.
      const call = await deps.calls.get(callId.data);
      const turns = (call?.utterances ?? [])
        .filter((u) => u.text.trim())
        .slice(-TURNS_KEPT)
        .map((u) => ({ role: u.speaker === 'caller' ? ('user' as const) : ('operator' as const), text: u.text }));
      const preview: RoutingPreview = deps.tickets.preview(
        {
          summary: demand.summary ?? '',
          ...(demand.detail !== undefined ? { detail: demand.detail } : {}),
          turns,
          ...(enterprise.district !== undefined ? { district: enterprise.district } : {}),
          ...(enterprise.town !== undefined ? { town: enterprise.town } : {}),
        },
        call ? { kbDepartments: kbDepartmentsOf(call) } : {},
      );
      res.setHeader('Cache-Control', 'no-store');
      res.json(preview);
    }),
  );

  return router;
}
