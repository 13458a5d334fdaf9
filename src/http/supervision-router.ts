/**
 * The 督办 (supervision) API, role supervisor (or admin), every route under /api/v1/supervision
 * (guarded by the gate, and here too); the pages, /supervision and /supervision/summary, are
 * src/web/supervision's. See docs/supervision.md.
 *
 *   GET /api/v1/supervision/tickets?colour&department&category&district&review&from&to&offset&limit
 *       tickets by SLA colour (overdue, due soon, on track, answered), each colour counted
 *   GET /api/v1/supervision/tickets/:id/timeline   one ticket from filing to rating
 *   GET /api/v1/supervision/tickets/:id/similar-cases  the 3 past cases most like its demand
 *   GET /api/v1/supervision/export?format=csv|xlsx&…the list's filters   the whole list as a file
 *   GET /api/v1/supervision/summary?date=YYYY-MM-DD                      the daily summary
 *   GET /api/v1/supervision/filters                the departments, categories and districts
 *
 * Queries are validated with zod (400 with issues). Phones are masked and credit codes left out
 * in every answer and file; the departments have the full contact through the routing backend.
 */
import { Router, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import type { Role } from '../auth';
import { similarCases, type CaseIndex, type SimilarCases, type SimilarCaseView } from '../cases';
import { issuesOf, sendError } from '../http-kit';
import { maskPersonalData } from '../privacy';
import {
  beijingDate,
  createSupervisionQuery,
  dailySummary,
  SlaColourSchema,
  SummaryDate,
  supervisionOptions,
  SupervisionFilter,
  TICKET_ID_RE,
  ticketTimeline,
  type Districts,
  type RoutingSource,
  type TicketStore,
  type WorkCalendar,
} from '../tickets';
import { sendExport, EXPORT_FORMATS } from './supervision-export';

export const SUPERVISION_PREFIX = '/api/v1/supervision';
/** Rows one export holds at most; the total is in X-Total-Count. */
export const EXPORT_MAX_ROWS = 50_000;
export const PAGE_MAX = 200;
/** Past cases shown beside a ticket, as the operator console shows them while a call goes on. */
export const SIMILAR_CASES_SHOWN = 3;

export interface SupervisionRouterDeps {
  store: Pick<TicketStore, 'listDigests' | 'countDigests' | 'getTicket' | 'getState'>;
  calendar: WorkCalendar;
  /** The routing table in force (the editor's published one), for the departments and categories. */
  routing: RoutingSource;
  districts: Districts;
  /** The published past cases' index (live: swapped on publish). */
  cases: () => CaseIndex;
  requireRole: (role: Role) => RequestHandler;
  now?: () => Date;
  onError?: (err: unknown, where: string) => void;
}

/** "red,yellow" or colour=red&colour=yellow. */
const commaList = (v: unknown) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : Array.isArray(v) ? v.flatMap((x) => (typeof x === 'string' ? x.split(',') : [x])) : v);

const FilterQuery = z.object({
  colour: z.preprocess(commaList, z.array(SlaColourSchema).min(1).max(4)).optional(),
  department: z.string().optional(),
  category: z.string().optional(),
  district: z.string().optional(),
  /** review=true: only the tickets waiting for a person to decide where they go (待研判). */
  review: z.enum(['true', 'false']).optional(),
  from: z.string().optional(),
  to: z.string().optional(),
});

/** The query's filter as the domain's SupervisionFilter (its checks: dates, lengths, from ≤ to). */
const toFilter = (q: z.infer<typeof FilterQuery>) => {
  const { colour, department, category, district, from, to } = q;
  const review = q.review === 'true' ? true : undefined;
  return Object.fromEntries(Object.entries({ colours: colour, department, category, district, review, from, to }).filter(([, v]) => v !== undefined && v !== ''));
};

const ListQuery = FilterQuery.extend({
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(PAGE_MAX).default(50),
});
const ExportQuery = FilterQuery.extend({ format: z.enum(EXPORT_FORMATS).default('csv') });

/** A past case as the 督办 view shows it: numbers in its texts masked like the ticket's own. */
export const maskedCase = (c: SimilarCaseView): SimilarCaseView => ({ ...c, title: maskPersonalData(c.title), gist: maskPersonalData(c.gist), reply: maskPersonalData(c.reply) });

function parse<T extends z.ZodType>(schema: T, data: unknown, res: Response): z.infer<T> | undefined {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  sendError(res, 'QH_ERR_VALIDATION', { issues: issuesOf(parsed.error) });
  return undefined;
}

export function createSupervisionRouter(deps: SupervisionRouterDeps): Router {
  const now = deps.now ?? (() => new Date());
  const onError = deps.onError ?? (() => {});
  const query = createSupervisionQuery({ store: deps.store, calendar: deps.calendar, now });
  const router = Router();
  router.use(SUPERVISION_PREFIX, deps.requireRole('supervisor'));

  /** Run a handler; a thrown error (store unavailable) becomes 503 (or ends a file already begun). */
  const safe =
    (where: string, fn: (req: Request, res: Response) => Promise<void>): RequestHandler =>
    async (req, res) => {
      try {
        res.setHeader('Cache-Control', 'no-store');
        await fn(req, res);
      } catch (err) {
        onError(err, where);
        if (!res.headersSent) sendError(res, 'QH_ERR_UNAVAILABLE');
        else res.destroy();
      }
    };

  /** The list's filter from a query, or undefined after answering 400. */
  function filterOf(q: z.infer<typeof FilterQuery>, res: Response): SupervisionFilter | undefined {
    return parse(SupervisionFilter, toFilter(q), res);
  }

  router.get(
    `${SUPERVISION_PREFIX}/tickets`,
    safe('supervision list', async (req, res) => {
      const q = parse(ListQuery, req.query, res);
      const filter = q && filterOf(q, res);
      if (!q || !filter) return;
      res.json(await query.list(filter, { offset: q.offset, limit: q.limit }));
    }),
  );

  router.get(
    `${SUPERVISION_PREFIX}/tickets/:id/timeline`,
    safe('supervision timeline', async (req, res) => {
      const id = String(req.params.id ?? '');
      const [ticket, state] = TICKET_ID_RE.test(id) ? await Promise.all([deps.store.getTicket(id), deps.store.getState(id)]) : [];
      if (!ticket || !state) return sendError(res, 'QH_ERR_NOT_FOUND');
      res.json(ticketTimeline(ticket, state, now(), deps.calendar));
    }),
  );

  router.get(
    `${SUPERVISION_PREFIX}/tickets/:id/similar-cases`,
    safe('supervision similar cases', async (req, res) => {
      const id = String(req.params.id ?? '');
      const ticket = TICKET_ID_RE.test(id) ? await deps.store.getTicket(id) : undefined;
      if (!ticket) return sendError(res, 'QH_ERR_NOT_FOUND');
      // The demand as the operator's ticket form asks with it: summary and detail, unmasked (the
      // text stays on the server; only the cases go out).
      const text = [ticket.demand.summary, ticket.demand.detail].filter(Boolean).join('\n');
      const index = deps.cases();
      const found: SimilarCases = { cases: similarCases(index, text, SIMILAR_CASES_SHOWN).map(maskedCase), total: index.size };
      res.json(found);
    }),
  );

  router.get(
    `${SUPERVISION_PREFIX}/export`,
    safe('supervision export', async (req, res) => {
      const q = parse(ExportQuery, req.query, res);
      const filter = q && filterOf(q, res);
      if (!q || !filter) return;
      const page = await query.list(filter, { offset: 0, limit: EXPORT_MAX_ROWS });
      await sendExport(res, q.format, page, beijingDate(new Date(page.asOf)));
    }),
  );

  router.get(
    `${SUPERVISION_PREFIX}/summary`,
    safe('supervision summary', async (req, res) => {
      const today = beijingDate(now());
      const q = parse(
        z.object({ date: SummaryDate.refine((d) => d <= today, { message: `date must not be after today (${today})` }).default(today) }),
        req.query,
        res,
      );
      if (!q) return;
      res.json(await dailySummary(q.date, { store: deps.store, calendar: deps.calendar, now }));
    }),
  );

  router.get(
    `${SUPERVISION_PREFIX}/filters`,
    safe('supervision filters', async (_req, res) => {
      res.json(supervisionOptions(deps.routing, deps.districts));
    }),
  );

  return router;
}
