/**
 * What the chat page asks besides the conversation:
 *
 *   POST /api/v1/my-tickets        {tickets:[{id, token}], script?} → {tickets: MyTicketView[], refused: [id]}
 *                                  the tickets this browser filed, each proven by its access token
 *   GET  /api/v1/chat/popular      ?script=traditional → {questions: [{text, entryId}]}
 *                                  the welcome screen's popular questions (inbox/popular.ts)
 *
 * Both are public (the chat is): a token proves a ticket, and the popular questions hold no
 * personal data (masked questions are never offered).
 */
import { Router } from 'express';
import { issuesOf, sendError } from '../http-kit';
import type { RecordStore } from '../conversation';
import { popularQuestions, type PopularQuestion, type PopularQuestions } from '../inbox';
import type { KnowledgeBase } from '../kb';
import { convertScript } from '../engine';
import { MyTicketsRequest, myTickets, type TicketService } from '../tickets';

/** How long the popular questions are kept before they are counted again. */
const POPULAR_TTL_MS = 5 * 60 * 1000;
const POPULAR_DAYS = 30;

export interface ChatExtrasDeps {
  tickets: Pick<TicketService, 'status'>;
  /** The secret the tickets' access tokens derive from (ROUTING_SECRET). */
  secret: string;
  kb: () => KnowledgeBase;
  records: Pick<RecordStore, 'list'>;
  now?: () => number;
  onError?: (err: unknown, where: string) => void;
}

export function createChatExtrasRouter(deps: ChatExtrasDeps): Router {
  const router = Router();
  const now = deps.now ?? Date.now;
  const onError = deps.onError ?? (() => {});
  let popular: { at: number; kb: KnowledgeBase; questions: PopularQuestion[] } | undefined;

  router.post('/api/v1/my-tickets', async (req, res) => {
    const parsed = MyTicketsRequest.safeParse(req.body);
    if (!parsed.success) return sendError(res, 'QH_ERR_VALIDATION', { issues: issuesOf(parsed.error) });
    try {
      res.set('Cache-Control', 'no-store').json(await myTickets(parsed.data, { secret: deps.secret, status: (id) => deps.tickets.status(id) }));
    } catch (err) {
      onError(err, 'my tickets');
      sendError(res, 'QH_ERR_UNAVAILABLE');
    }
  });

  router.get('/api/v1/chat/popular', async (req, res) => {
    const script = req.query.script === 'traditional' ? 'traditional' : 'simplified';
    const kb = deps.kb();
    if (!popular || popular.kb !== kb || now() - popular.at > POPULAR_TTL_MS) {
      let records: Awaited<ReturnType<RecordStore['list']>> = [];
      try {
        records = await deps.records.list({ since: new Date(now() - POPULAR_DAYS * 86_400_000), kinds: ['answer', 'feedback'], limit: 5000 });
      } catch (err) {
        onError(err, 'popular questions'); // the editors' list still shows
      }
      popular = { at: now(), kb, questions: popularQuestions(kb, records) };
    }
    const answer: PopularQuestions = { questions: popular.questions.map((q) => ({ ...q, text: convertScript(q.text, script) })) };
    res.set('Cache-Control', 'no-cache').json(answer);
  });

  return router;
}
