/**
 * The 12345 hotline operator API (role operator; the auth gate guards every /api/v1/hotline/* path
 * by construction); the operator console page, GET /operator, is src/web/operator's. See
 * docs/operator-console.md. With the Redis call store and events, any instance may take any request
 * of a call.
 *
 *   POST /api/v1/hotline/suggest                         {text, callId?} → top 5 suggestions
 *   POST /api/v1/hotline/calls/:callId/utterances        {text, speaker?, final?} (CTI / speech-to-text)
 *   GET  /api/v1/hotline/calls/:callId/suggestions       over the caller's recent words
 *   GET  /api/v1/hotline/calls/:callId/events            server-sent events: suggestions after each utterance
 *   POST /api/v1/hotline/calls/:callId/used              {entryId | null} → a conversation record
 *   POST /api/v1/hotline/calls/:callId/ticket-draft      the ticket prefilled from the call (建单)
 *   POST /api/v1/hotline/calls/:callId/ticket            files it (400 names the fields)
 */
import { Router, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { principalOf } from '../auth';
import { hashSessionId, type ConversationRecord, type NewRecord, type RecordStore } from '../conversation';
import { Field, type Engine, type HandoffReason } from '../engine';
import {
  createMemoryCallEvents,
  CallId,
  createMemoryCallStore,
  latestCallerText,
  recentCallerText,
  Speaker,
  UTTERANCE_MAX_CHARS,
  callSummary,
  draftFromCall,
  kbDepartmentsOf,
  SUGGESTION_LIMIT,
  suggestAnswers,
  suggestionFor,
  semanticMatchLevel,
  suggestQuestion,
  CallSuggestions,
  DraftView,
  type CallEvents,
  type Call,
  type CallStore,
  type Suggestions,
} from '../hotline';
import { REFINABLE, type SemanticLayer, type SemanticThresholds } from '../llm';
import { maskPersonalData } from '../privacy';
import { IsoDateTime, Ticket, TicketId, TicketStatus, districtNames, statusName, routingOf, type Districts, type TicketService, type RoutingSource } from '../tickets';
import { issuesOf, sendError } from '../http-kit';
import { ISSUE_MESSAGES } from './messages';

export const HOTLINE_PREFIX = '/api/v1/hotline';

export const SuggestRequest = z.strictObject({
  text: z.string().max(UTTERANCE_MAX_CHARS),
  /** The call the operator is on: the suggestions shown are remembered for its ticket. */
  callId: CallId.optional(),
});

export const UtteranceRequest = z.strictObject({
  text: z.string().trim().min(1).max(UTTERANCE_MAX_CHARS),
  speaker: Speaker.default('caller'),
  /** false for an interim speech-to-text hypothesis (replaced by the next chunk). */
  final: z.boolean().default(true),
});

export const UsedRequest = z.strictObject({
  /** The entry the operator read out, or null when no suggestion fitted. */
  entryId: z.string().min(1).max(80).nullable(),
});

/** The operator's completion of the draft; the demand defaults to the one drawn from the call. */
export const HotlineTicketRequest = z.strictObject({
  enterprise: z.unknown(),
  contact: z.unknown(),
  demand: z.unknown().optional(),
  idempotencyKey: z.string().max(128).optional(),
});

/** An utterance added: the call's suggestions now, and how many utterances it has. */
export const UtteranceAnswer = CallSuggestions.extend({ utterances: z.number().int().min(1) });
export type UtteranceAnswer = z.infer<typeof UtteranceAnswer>;

/** The conversation record a used suggestion (or none) became. */
export const UsedAnswer = z.strictObject({ recorded: z.literal(true), callId: CallId, entryId: z.string().nullable(), recordId: z.string() });
export type UsedAnswer = z.infer<typeof UsedAnswer>;

/** The ticket prefilled from the call, with the districts to pick from. */
export const HotlineTicketDraft = DraftView.extend({ districts: z.array(z.string()).optional() });
export type HotlineTicketDraft = z.infer<typeof HotlineTicketDraft>;

/** The ticket filed for the call (201), or the one filed by the same request before (200). */
export const HotlineFiledTicket = z.strictObject({
  created: z.boolean(),
  id: TicketId,
  dueAt: IsoDateTime,
  status: TicketStatus,
  statusName: z.string(),
  department: z.string(),
  ticket: Ticket,
});
export type HotlineFiledTicket = z.infer<typeof HotlineFiledTicket>;

export interface HotlineRouterDeps {
  engine: () => Engine;
  tickets: TicketService;
  records: RecordStore;
  /** Triage preview in the ticket draft (a function: the published table, live). */
  routing?: RoutingSource;
  /** District pick list in the ticket draft. */
  districts?: Districts;
  /** Calls in progress (default: in memory, this instance only). */
  calls?: CallStore;
  /** Suggestions pushed to the consoles watching a call (default: in memory, this instance only). */
  events?: CallEvents;
  /** The optional semantic layer: entries close in meaning when the caller's words match nothing. */
  semantic?: Pick<SemanticLayer, 'nearest'>;
  /** The semantic layer's cut-offs (as configured), for the 高/中/低 of the entries it finds. */
  semanticThresholds?: Pick<SemanticThresholds, 'answer' | 'clarify'>;
  /** Server-sent events heartbeat. Default 15 s. */
  heartbeatMs?: number;
  now?: () => Date;
  onError?: (err: unknown, where: string) => void;
}

function callIdOf(req: Request, res: Response): string | undefined {
  const parsed = CallId.safeParse(req.params.callId);
  if (parsed.success) return parsed.data;
  sendError(res, 'QH_ERR_VALIDATION', { issues: issuesOf(parsed.error).map((i) => ({ ...i, path: 'callId' })) });
  return undefined;
}

export function createHotlineRouter(deps: HotlineRouterDeps): Router {
  const calls = deps.calls ?? createMemoryCallStore();
  const events = deps.events ?? createMemoryCallEvents();
  const heartbeatMs = deps.heartbeatMs ?? 15_000;
  const now = deps.now ?? (() => new Date());
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

  /**
   * Suggestions for a text; with a call, remembered as tried. For a call's words (not the operator's
   * typing, which must stay instant), entries close in meaning come first when the engine found no
   * match: callers paraphrase, operators then have something to read out.
   */
  async function suggestFor(text: string, callId?: string, latest?: string): Promise<Suggestions> {
    let s = suggestAnswers(deps.engine(), text, latest ? { latest } : {});
    if (callId && deps.semantic && (s.suggestions.length === 0 || (s.handoffReason && REFINABLE.has(s.handoffReason)))) {
      const q = suggestQuestion(text, latest);
      const near = await deps.semantic.nearest(q.text, SUGGESTION_LIMIT);
      const semantic = near.map((n) => ({
        ...suggestionFor(q, n.entry, Math.round(n.similarity * 1000) / 1000, semanticMatchLevel(n.similarity, deps.semanticThresholds)),
        retrieval: 'embedding' as const,
      }));
      const shown = new Set(semantic.map((x) => x.entryId));
      s = { ...s, suggestions: [...semantic, ...s.suggestions.filter((x) => !shown.has(x.entryId))].slice(0, SUGGESTION_LIMIT) };
    }
    if (callId)
      await calls.noteSuggestions(
        callId,
        s.suggestions.map((x) => ({ entryId: x.entryId, title: x.title, score: x.score, field: x.field, ...(x.department ? { department: x.department } : {}) })),
      );
    return s;
  }

  async function callSuggestions(call: Call): Promise<CallSuggestions> {
    const text = recentCallerText(call);
    return { callId: call.id, text, ...(await suggestFor(text, call.id, latestCallerText(call))) };
  }

  function record(call: Call, r: Omit<NewRecord, 'at' | 'sessionId' | 'channel'>): Promise<ConversationRecord> {
    return deps.records.append({
      ...r,
      at: now().toISOString(),
      sessionId: hashSessionId(call.id),
      channel: 'hotline',
    });
  }

  router.post(
    `${HOTLINE_PREFIX}/suggest`,
    safe('hotline suggest', async (req, res) => {
      const parsed = SuggestRequest.safeParse(req.body);
      if (!parsed.success) return sendError(res, 'QH_ERR_VALIDATION', { issues: issuesOf(parsed.error) });
      const s = await suggestFor(parsed.data.text, parsed.data.callId);
      res.setHeader('Cache-Control', 'no-store');
      res.json(s);
    }),
  );

  router.post(
    `${HOTLINE_PREFIX}/calls/:callId/utterances`,
    safe('hotline utterance', async (req, res) => {
      const callId = callIdOf(req, res);
      if (!callId) return;
      const parsed = UtteranceRequest.safeParse(req.body);
      if (!parsed.success) return sendError(res, 'QH_ERR_VALIDATION', { issues: issuesOf(parsed.error) });
      const call = await calls.addUtterance(callId, parsed.data);
      const s = await callSuggestions(call);
      events.publish(s);
      res.status(201).json({ ...s, utterances: call.utterances.length } satisfies UtteranceAnswer);
    }),
  );

  router.get(
    `${HOTLINE_PREFIX}/calls/:callId/suggestions`,
    safe('hotline suggestions', async (req, res) => {
      const callId = callIdOf(req, res);
      if (!callId) return;
      const call = await calls.get(callId);
      if (!call) return sendError(res, 'QH_ERR_NOT_FOUND');
      const s = await callSuggestions(call);
      res.setHeader('Cache-Control', 'no-store');
      res.json(s);
    }),
  );

  router.get(
    `${HOTLINE_PREFIX}/calls/:callId/events`,
    safe('hotline events', async (req, res) => {
      const callId = callIdOf(req, res);
      if (!callId) return;
      const call = await calls.open(callId);
      // Subscribed before the current suggestions are worked out: what another instance publishes
      // meanwhile is held, then sent instead of them (it is newer).
      let held: CallSuggestions[] | undefined = [];
      let seq = 0;
      const send = (s: CallSuggestions) => {
        seq++;
        res.write(`id: ${seq}\nevent: suggestions\ndata: ${JSON.stringify(s)}\n\n`);
      };
      const unsubscribe = events.subscribe(callId, (s) => (held ? held.push(s) : send(s)));
      let first: CallSuggestions | undefined;
      try {
        first = recentCallerText(call) ? await callSuggestions(call) : undefined;
      } catch (err) {
        unsubscribe();
        throw err;
      }
      if (res.closed) return unsubscribe();
      res.status(200);
      res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('X-Accel-Buffering', 'no');
      res.flushHeaders();
      res.write('retry: 3000\n\n');
      const newer = held;
      held = undefined;
      if (newer.length) newer.forEach(send);
      else if (first) send(first);
      const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), heartbeatMs);
      heartbeat.unref();
      req.on('close', () => {
        clearInterval(heartbeat);
        unsubscribe();
      });
    }),
  );

  router.post(
    `${HOTLINE_PREFIX}/calls/:callId/used`,
    safe('hotline used', async (req, res) => {
      const callId = callIdOf(req, res);
      if (!callId) return;
      const parsed = UsedRequest.safeParse(req.body);
      if (!parsed.success) return sendError(res, 'QH_ERR_VALIDATION', { issues: issuesOf(parsed.error) });
      const { entryId } = parsed.data;
      const entry = entryId === null ? undefined : deps.engine().entry(entryId);
      if (entryId !== null && !entry)
        return sendError(res, 'QH_ERR_VALIDATION', { issues: [{ path: 'entryId', code: 'unknown_entry', message: ISSUE_MESSAGES.unknown_entry }] });
      const call = await calls.noteUsed(callId, entryId);
      const words = recentCallerText(call);
      // Masked before it is cut to the last 300 characters, not after (calls.ts).
      const question = recentCallerText(call, maskPersonalData);
      const candidates = call.tried.map((t) => t.entryId).slice(-10);
      const field = entryId === null ? undefined : Field.safeParse(call.tried.find((t) => t.entryId === entryId)?.field).data;
      // No suggestion fitted: what the engine would have said, else the knowledge base lacks it.
      let reason: HandoffReason = 'low_confidence';
      if (entryId === null && words) {
        const engineReason = suggestAnswers(deps.engine(), words).handoffReason;
        if (engineReason && engineReason !== 'empty') reason = engineReason;
      }
      const r = entryId
        ? await record(call, {
            kind: 'answer',
            via: 'action',
            entryId,
            ...(field ? { field } : {}),
            ...(question ? { question } : {}),
            candidates,
          })
        : await record(call, {
            kind: 'handoff',
            via: 'action',
            reason,
            ...(question ? { question } : {}),
            candidates,
          });
      res.status(201).json({ recorded: true, callId, entryId, recordId: r.id } satisfies UsedAnswer);
    }),
  );

  router.post(
    `${HOTLINE_PREFIX}/calls/:callId/ticket-draft`,
    safe('hotline ticket draft', async (req, res) => {
      const callId = callIdOf(req, res);
      if (!callId) return;
      const view = draftFromCall(await calls.open(callId), deps.routing && routingOf(deps.routing));
      res.setHeader('Cache-Control', 'no-store');
      const answer: HotlineTicketDraft = { ...view, ...(deps.districts ? { districts: districtNames(deps.districts) } : {}) };
      res.json(answer);
    }),
  );

  router.post(
    `${HOTLINE_PREFIX}/calls/:callId/ticket`,
    safe('hotline ticket', async (req, res) => {
      const callId = callIdOf(req, res);
      if (!callId) return;
      const parsed = HotlineTicketRequest.safeParse(req.body);
      if (!parsed.success) return sendError(res, 'QH_ERR_VALIDATION', { issues: issuesOf(parsed.error) });
      const call = await calls.open(callId);
      const { draft } = draftFromCall(call);
      const body = parsed.data;
      const input = {
        channel: 'hotline',
        enterprise: body.enterprise,
        contact: body.contact,
        demand: body.demand ?? draft.demand,
        sessionId: callId,
        ...(body.idempotencyKey !== undefined ? { idempotencyKey: body.idempotencyKey } : {}),
      };
      // Who filed it (the operator's username, or a CTI token's name): their list of recent tickets.
      const filedBy = principalOf(res)?.name;
      const r = await deps.tickets.fileTicket(input, { kbDepartments: kbDepartmentsOf(call), ...(filedBy ? { filedBy } : {}) });
      if (!r.ok) return sendError(res, 'QH_ERR_VALIDATION', { issues: r.issues });
      await calls.noteTicket(callId, r.ticket.id);
      if (r.created) {
        await record(call, {
          kind: 'ticket',
          via: 'action',
          ticketId: r.ticket.id,
          // The draft's summary is cut from the caller's words: masked before the cut for the record.
          question: body.demand === undefined ? callSummary(call, maskPersonalData) : r.ticket.demand.summary,
          candidates: r.ticket.demand.candidates.map((c) => c.entryId),
        }).catch((err: unknown) => onError(err, 'hotline ticket record'));
      }
      const filed: HotlineFiledTicket = {
        created: r.created,
        id: r.ticket.id,
        dueAt: r.ticket.sla.dueAt,
        status: r.state.status,
        statusName: statusName(r.state.status),
        department: r.ticket.triage.department,
        ticket: r.ticket,
      };
      res.status(r.created ? 201 : 200).json(filed);
    }),
  );

  return router;
}
