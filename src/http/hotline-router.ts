/**
 * The 12345 hotline operator API (role operator; the auth gate guards every /api/v1/hotline/* path
 * by construction) and the operator console page at /operator. See docs/operator-console.md.
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
import type { Auth } from '../auth/middleware';
import { hashSessionId, type ConversationRecord, type NewRecord, type RecordStore } from '../conversation/records';
import type { Engine } from '../engine';
import { Field, type HandoffReason } from '../engine/types';
import { CallId, createMemoryCallStore, latestCallerText, recentCallerText, Speaker, UTTERANCE_MAX_CHARS, type Call, type CallStore } from '../hotline/calls';
import { draftFromCall, kbDepartmentsOf } from '../hotline/draft';
import { suggestAnswers, type Suggestions } from '../hotline/suggest';
import { districtNames, type Districts } from '../tickets/districts';
import { statusName } from '../tickets/messages';
import type { TicketService } from '../tickets/service';
import { routingOf, type RoutingSource } from '../tickets/triage';
import { createOperatorPageRouter } from '../web/operator/router';
import { issuesOf, sendError } from './errors';

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

export interface HotlineRouterDeps {
  engine: () => Engine;
  tickets: TicketService;
  records: RecordStore;
  /** For the console page: who is signed in (redirects to /login otherwise). */
  auth?: Pick<Auth, 'ensureAuthenticated'>;
  /** Triage preview in the ticket draft (a function: the published table, live). */
  routing?: RoutingSource;
  /** District pick list in the ticket draft. */
  districts?: Districts;
  calls?: CallStore;
  /** Server-sent events heartbeat. Default 15 s. */
  heartbeatMs?: number;
  now?: () => Date;
  onError?: (err: unknown, where: string) => void;
}

type Listener = (s: CallSuggestions) => void;

export interface CallSuggestions extends Suggestions {
  callId: string;
  /** The caller's recent words the suggestions are for. */
  text: string;
}

function callIdOf(req: Request, res: Response): string | undefined {
  const parsed = CallId.safeParse(req.params.callId);
  if (parsed.success) return parsed.data;
  sendError(res, 'QH_ERR_VALIDATION', { issues: issuesOf(parsed.error).map((i) => ({ ...i, path: 'callId' })) });
  return undefined;
}

export function createHotlineRouter(deps: HotlineRouterDeps): Router {
  const calls = deps.calls ?? createMemoryCallStore();
  const heartbeatMs = deps.heartbeatMs ?? 15_000;
  const now = deps.now ?? (() => new Date());
  const onError = deps.onError ?? (() => {});
  const listeners = new Map<string, Set<Listener>>();
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

  /** Suggestions for a text; with a call, remembered as tried. */
  function suggestFor(text: string, callId?: string, latest?: string): Suggestions {
    const s = suggestAnswers(deps.engine(), text, latest ? { latest } : {});
    if (callId)
      calls.noteSuggestions(
        callId,
        s.suggestions.map((x) => ({ entryId: x.entryId, title: x.title, score: x.score, field: x.field, ...(x.department ? { department: x.department } : {}) })),
      );
    return s;
  }

  function callSuggestions(call: Call): CallSuggestions {
    const text = recentCallerText(call);
    return { callId: call.id, text, ...suggestFor(text, call.id, latestCallerText(call)) };
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
    safe('hotline suggest', (req, res) => {
      const parsed = SuggestRequest.safeParse(req.body);
      if (!parsed.success) return sendError(res, 'QH_ERR_VALIDATION', { issues: issuesOf(parsed.error) });
      res.setHeader('Cache-Control', 'no-store');
      res.json(suggestFor(parsed.data.text, parsed.data.callId));
    }),
  );

  router.post(
    `${HOTLINE_PREFIX}/calls/:callId/utterances`,
    safe('hotline utterance', (req, res) => {
      const callId = callIdOf(req, res);
      if (!callId) return;
      const parsed = UtteranceRequest.safeParse(req.body);
      if (!parsed.success) return sendError(res, 'QH_ERR_VALIDATION', { issues: issuesOf(parsed.error) });
      const call = calls.addUtterance(callId, parsed.data);
      const s = callSuggestions(call);
      for (const l of listeners.get(callId) ?? []) l(s);
      res.status(201).json({ ...s, utterances: call.utterances.length });
    }),
  );

  router.get(
    `${HOTLINE_PREFIX}/calls/:callId/suggestions`,
    safe('hotline suggestions', (req, res) => {
      const callId = callIdOf(req, res);
      if (!callId) return;
      const call = calls.get(callId);
      if (!call) return sendError(res, 'QH_ERR_NOT_FOUND');
      res.setHeader('Cache-Control', 'no-store');
      res.json(callSuggestions(call));
    }),
  );

  router.get(`${HOTLINE_PREFIX}/calls/:callId/events`, (req, res) => {
    const callId = callIdOf(req, res);
    if (!callId) return;
    const call = calls.open(callId);
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    let seq = 0;
    const send = (s: CallSuggestions) => {
      seq++;
      res.write(`id: ${seq}\nevent: suggestions\ndata: ${JSON.stringify(s)}\n\n`);
    };
    res.write('retry: 3000\n\n');
    if (recentCallerText(call)) send(callSuggestions(call));
    let set = listeners.get(callId);
    if (!set) listeners.set(callId, (set = new Set()));
    const listener: Listener = (s) => send(s);
    set.add(listener);
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), heartbeatMs);
    heartbeat.unref();
    req.on('close', () => {
      clearInterval(heartbeat);
      set.delete(listener);
      if (set.size === 0 && listeners.get(callId) === set) listeners.delete(callId);
    });
  });

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
        return sendError(res, 'QH_ERR_VALIDATION', { issues: [{ path: 'entryId', code: 'unknown_entry', message: '知识库中没有这个条目' }] });
      const call = calls.open(callId);
      call.used.push(entryId);
      const question = recentCallerText(call);
      const candidates = [...call.tried.keys()].slice(-10);
      const field = entryId === null ? undefined : Field.safeParse(call.tried.get(entryId)?.field).data;
      // No suggestion fitted: what the engine would have said, else the knowledge base lacks it.
      let reason: HandoffReason = 'low_confidence';
      if (entryId === null && question) {
        const engineReason = suggestAnswers(deps.engine(), question).handoffReason;
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
      res.status(201).json({ recorded: true, callId, entryId, recordId: r.id });
    }),
  );

  router.post(
    `${HOTLINE_PREFIX}/calls/:callId/ticket-draft`,
    safe('hotline ticket draft', (req, res) => {
      const callId = callIdOf(req, res);
      if (!callId) return;
      const view = draftFromCall(calls.open(callId), deps.routing && routingOf(deps.routing));
      res.setHeader('Cache-Control', 'no-store');
      res.json({ ...view, ...(deps.districts ? { districts: districtNames(deps.districts) } : {}) });
    }),
  );

  router.post(
    `${HOTLINE_PREFIX}/calls/:callId/ticket`,
    safe('hotline ticket', async (req, res) => {
      const callId = callIdOf(req, res);
      if (!callId) return;
      const parsed = HotlineTicketRequest.safeParse(req.body);
      if (!parsed.success) return sendError(res, 'QH_ERR_VALIDATION', { issues: issuesOf(parsed.error) });
      const call = calls.open(callId);
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
      const r = await deps.tickets.fileTicket(input, { kbDepartments: kbDepartmentsOf(call) });
      if (!r.ok) return sendError(res, 'QH_ERR_VALIDATION', { issues: r.issues });
      call.ticketId = r.ticket.id;
      if (r.created) {
        await record(call, {
          kind: 'ticket',
          via: 'action',
          ticketId: r.ticket.id,
          question: r.ticket.demand.summary,
          candidates: r.ticket.demand.candidates.map((c) => c.entryId),
        }).catch((err: unknown) => onError(err, 'hotline ticket record'));
      }
      res.status(r.created ? 201 : 200).json({
        created: r.created,
        id: r.ticket.id,
        dueAt: r.ticket.sla.dueAt,
        status: r.state.status,
        statusName: statusName(r.state.status),
        department: r.ticket.triage.department,
        ticket: r.ticket,
      });
    }),
  );

  if (deps.auth) router.use(createOperatorPageRouter({ auth: deps.auth }));
  return router;
}
