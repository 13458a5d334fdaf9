/**
 * The editors' unanswered-questions inbox and analytics (docs/inbox-analytics.md), every API route
 * under /api/v1/admin/kb (role editor, by the gate and by requireRole here); the two console pages,
 * GET /editor/inbox and /editor/analytics, are src/web/inbox's:
 *
 *   GET  /api/v1/admin/kb/inbox?days&threshold            groups of similar unanswered questions
 *   POST /api/v1/admin/kb/inbox/groups/:id/dismiss         hide the group (until asked again)
 *   POST /api/v1/admin/kb/inbox/groups/:id/alternate       {entryId, question?, expectedVersion?}
 *                                                          add the question as an FAQ alternate /
 *                                                          item or policy alias (a draft change)
 *   POST /api/v1/admin/kb/inbox/groups/:id/faq             {question?, answer, department?, id?}
 *                                                          create an FAQ from the group (draft)
 *   GET  /api/v1/admin/kb/analytics?from&to&bucket=day|hour
 *
 * Changes to the knowledge base are draft changes by the logged-in editor (versioned like any
 * edit); they reach users when an editor publishes.
 */
import { Router, type Request, type RequestHandler, type Response } from 'express';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import type { Role } from '../auth';
import type { RecordStore } from '../conversation';
import type { Engine } from '../engine';
import {
  AnalyticsAnswer,
  InboxAlternateAnswer,
  InboxAnswer,
  InboxDismissed,
  InboxFaqAnswer,
  computeAnalytics,
  createFileDismissalStore,
  createMemoryDismissalStore,
  DEFAULT_GROUP_THRESHOLD,
  groupInbox,
  inboxItems,
  LOW_CONFIDENCE,
  MAX_BUCKETS,
  bucketCount,
  normaliseQuestion,
  type DismissalStore,
  InboxGroup,
  type TicketFacts,
} from '../inbox';
import { Entry, EntryId, entryTitle } from '../kb';
import type { KbStore } from '../kb/store';
import type { TicketService } from '../tickets';
import { issuesOf, jsonBodyErrorHandler, sendError } from '../http-kit';
import { createKbHandler } from './editor-router';
import { EDITOR_MESSAGES, INBOX_ENTRY_TAG, INBOX_MESSAGES } from './messages';

export const INBOX_PREFIX = '/api/v1/admin/kb/inbox';
export const ANALYTICS_PATH = '/api/v1/admin/kb/analytics';
/** Tickets looked up per analytics request (the most recent ones). */
export const MAX_TICKETS_DESCRIBED = 2000;
const MAX_RECORDS = 100_000;

export interface InboxRouterDeps {
  records: RecordStore;
  engine: () => Engine;
  tickets: Pick<TicketService, 'status'>;
  /** The knowledge store; without it (a knowledge base given in memory) the write routes answer 503. */
  kbStore?: KbStore;
  /** Where dismissals live: a store, or DATA_DIR (file inbox-dismissed.json); default memory. */
  dismissals?: DismissalStore;
  dataDir?: string;
  requireRole: (role: Role) => RequestHandler;
  now?: () => Date;
  onError?: (err: unknown, where: string) => void;
}

const Threshold = z.coerce.number().min(0.1).max(1);
const InboxQuery = z.object({
  days: z.coerce.number().int().min(1).max(366).default(30),
  threshold: Threshold.default(DEFAULT_GROUP_THRESHOLD),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
const Question = z.string().trim().min(1).max(200);
export const AlternateBody = z.strictObject({ entryId: EntryId, question: Question.optional(), expectedVersion: z.number().int().min(1).optional() });
export const FaqBody = z.strictObject({
  id: EntryId.optional(),
  question: Question.optional(),
  answer: z.string().trim().min(1).max(5000),
  department: z.string().trim().min(1).max(100).optional(),
  /** Other wordings to keep as alternates; default the group's other examples. */
  alternates: z.array(Question).max(20).optional(),
});
const AnalyticsQuery = z.object({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  bucket: z.enum(['day', 'hour']).default('day'),
});


function parse<T extends z.ZodType>(schema: T, data: unknown, res: Response): z.infer<T> | undefined {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  sendError(res, 'QH_ERR_VALIDATION', { issues: issuesOf(parsed.error) });
  return undefined;
}

const aliasesOf = (e: Entry): string[] => (e.kind === 'faq' ? e.alternates : e.aliases);

export function createInboxRouter(deps: InboxRouterDeps): Router {
  const now = deps.now ?? (() => new Date());
  const dismissals =
    deps.dismissals ?? (deps.dataDir ? createFileDismissalStore(join(resolve(deps.dataDir), 'inbox-dismissed.json')) : createMemoryDismissalStore());
  const router = Router();
  router.use(INBOX_PREFIX, deps.requireRole('editor'));
  router.use(ANALYTICS_PATH, deps.requireRole('editor'));

  const h = createKbHandler(deps.onError);

  async function groups(days: number, threshold: number): Promise<InboxGroup[]> {
    const since = new Date(now().getTime() - days * 86_400_000);
    const records = await deps.records.list({ since, kinds: ['answer', 'handoff', 'feedback'], limit: MAX_RECORDS });
    return groupInbox(inboxItems(records, { lowConfidence: LOW_CONFIDENCE }), { threshold, dismissed: await dismissals.list() });
  }

  /** The group as listed with default parameters (what the page showed), or 404. */
  async function groupOf(req: Request, res: Response): Promise<InboxGroup | undefined> {
    const q = parse(InboxQuery, req.query, res);
    if (!q) return undefined;
    const id = String(req.params.id ?? '');
    const found = /^[0-9a-f]{16}$/.test(id) ? (await groups(q.days, q.threshold)).find((g) => g.id === id) : undefined;
    if (!found) sendError(res, 'QH_ERR_NOT_FOUND', { detail: INBOX_MESSAGES.group_gone() });
    return found;
  }

  const needStore = (res: Response): KbStore | undefined => {
    if (!deps.kbStore) sendError(res, 'QH_ERR_UNAVAILABLE', { detail: INBOX_MESSAGES.store_read_only() });
    return deps.kbStore;
  };

  router.get(
    INBOX_PREFIX,
    h('inbox', async (req, res) => {
      const q = parse(InboxQuery, req.query, res);
      if (!q) return;
      const all = await groups(q.days, q.threshold);
      const engine = deps.engine();
      res.json({
        days: q.days,
        threshold: q.threshold,
        lowConfidence: LOW_CONFIDENCE,
        total: all.length,
        groups: all.slice(0, q.limit).map(({ norms: _norms, ...g }) => ({
          ...g,
          candidates: engine.suggest(g.question, 3).map((c) => ({ entryId: c.entryId, kind: c.kind, title: c.title, ...(c.department ? { department: c.department } : {}) })),
          answeredEntries: g.answeredEntries.map((e) => {
            const entry = engine.entry(e.entryId);
            return { ...e, ...(entry ? { title: entryTitle(entry), kind: entry.kind } : {}) };
          }),
        })),
      } satisfies InboxAnswer);
    }),
  );

  router.post(
    `${INBOX_PREFIX}/groups/:id/dismiss`,
    h('inbox dismiss', async (req, res, author) => {
      const group = await groupOf(req, res);
      if (!group) return;
      await dismissals.dismiss(group.norms, now(), author);
      res.json({ id: group.id, dismissed: group.norms.length } satisfies InboxDismissed);
    }),
  );

  router.post(
    `${INBOX_PREFIX}/groups/:id/alternate`,
    h('inbox alternate', async (req, res, author) => {
      const body = parse(AlternateBody, req.body ?? {}, res);
      if (!body) return;
      const store = needStore(res);
      if (!store) return;
      const group = await groupOf(req, res);
      if (!group) return;
      const found = await store.getEntry(body.entryId);
      if (!found) return sendError(res, 'QH_ERR_NOT_FOUND', { detail: EDITOR_MESSAGES.entry_missing(body.entryId) });
      const question = body.question ?? group.question;
      const entry = found.entry;
      const field = entry.kind === 'faq' ? 'alternates' : 'aliases';
      const norm = normaliseQuestion(question);
      const known = [entryTitle(entry), ...aliasesOf(entry)].some((a) => normaliseQuestion(a) === norm);
      let result = { version: found.version, changeSetId: null as string | null, changed: false };
      if (!known) {
        const next = (entry.kind === 'faq' ? { ...entry, alternates: [...entry.alternates, question] } : { ...entry, aliases: [...entry.aliases, question] }) as Entry;
        const r = await store.putEntry(next, { author, expectedVersion: body.expectedVersion ?? found.version });
        result = { version: r.version, changeSetId: r.changeSetId, changed: r.changed };
      }
      await dismissals.dismiss(group.norms, now(), author);
      res.json({ entryId: entry.id, kind: entry.kind, field, question, ...result, dismissed: group.norms.length } satisfies InboxAlternateAnswer);
    }),
  );

  router.post(
    `${INBOX_PREFIX}/groups/:id/faq`,
    h('inbox faq', async (req, res, author) => {
      const body = parse(FaqBody, req.body ?? {}, res);
      if (!body) return;
      const store = needStore(res);
      if (!store) return;
      const group = await groupOf(req, res);
      if (!group) return;
      const question = body.question ?? group.question;
      const norm = normaliseQuestion(question);
      const alternates = (body.alternates ?? group.examples.map((e) => e.question)).filter((a, i, all) => {
        const n = normaliseQuestion(a);
        return n !== norm && all.findIndex((b) => normaliseQuestion(b) === n) === i;
      });
      const id = body.id ?? `faq-inbox-${group.id.slice(0, 8)}-${now().getTime().toString(36)}`;
      const entry = { kind: 'faq', id, question, alternates, answer: body.answer, ...(body.department ? { department: body.department } : {}), tags: [INBOX_ENTRY_TAG] };
      const r = await store.putEntry(entry, { author, expectedVersion: 0 });
      await dismissals.dismiss(group.norms, now(), author);
      res.status(201).json({ entry: r.entry, version: r.version, changeSetId: r.changeSetId, dismissed: group.norms.length } satisfies InboxFaqAnswer);
    }),
  );

  router.get(
    ANALYTICS_PATH,
    h('analytics', async (req, res) => {
      const q = parse(AnalyticsQuery, req.query, res);
      if (!q) return;
      const to = q.to ? new Date(q.to) : now();
      const from = q.from ? new Date(q.from) : new Date(to.getTime() - (q.bucket === 'hour' ? 1 : 30) * 86_400_000);
      if (from.getTime() >= to.getTime()) {
        return sendError(res, 'QH_ERR_VALIDATION', { issues: [{ path: 'from', code: 'invalid_range', message: 'from must be before to' }] });
      }
      if (bucketCount(from, to, q.bucket) > MAX_BUCKETS) {
        return sendError(res, 'QH_ERR_VALIDATION', { issues: [{ path: 'bucket', code: 'too_many_buckets', message: `at most ${MAX_BUCKETS} buckets: shorten the period or use bucket=day` }] });
      }
      const records = (await deps.records.list({ since: from, limit: MAX_RECORDS })).filter((r) => Date.parse(r.at) < to.getTime());
      const ticketIds = [...new Set(records.filter((r) => r.kind === 'ticket' && r.ticketId).map((r) => r.ticketId!))].slice(-MAX_TICKETS_DESCRIBED);
      const tickets: TicketFacts[] = [];
      for (let i = 0; i < ticketIds.length; i += 50) {
        const views = await Promise.all(ticketIds.slice(i, i + 50).map((id) => deps.tickets.status(id)));
        for (const v of views) {
          if (!v) continue;
          tickets.push({
            ticketId: v.ticket.id,
            category: v.ticket.triage.category.level1,
            department: v.ticket.triage.department,
            sla: v.trafficLight ?? 'closed',
          });
        }
      }
      const engine = deps.engine();
      const analytics = computeAnalytics({
        records,
        tickets,
        from,
        to,
        bucket: q.bucket,
        titleOf: (id) => {
          const e = engine.entry(id);
          return e ? entryTitle(e) : undefined;
        },
      });
      const inbox = groupInbox(inboxItems(records), { dismissed: await dismissals.list() });
      res.json({ ...analytics, topUnanswered: inbox.slice(0, 10).map((g) => ({ id: g.id, question: g.question, count: g.count })) } satisfies AnalyticsAnswer);
    }),
  );

  router.use(INBOX_PREFIX, jsonBodyErrorHandler);
  return router;
}
