/**
 * POST /api/v1/ask: one question in, the engine's decision out. Stateless: channels that keep a
 * conversation pass the previous entry and field as `context`.
 */
import { Router } from 'express';
import { z } from 'zod';
import { AnswerDecision, ClarifyDecision, Field, HandoffDecision, Script, type Engine } from '../engine';
import type { SemanticLayer } from '../llm';
import { issuesOf, sendError } from '../http-kit';

export const AskRequest = z.strictObject({
  text: z.string().max(10_000),
  context: z.strictObject({ entryId: z.string().max(80).optional(), field: Field.optional() }).optional(),
  script: Script.optional(),
});

/** Set when the optional semantic layer made the answer or clarify question from embeddings (llm/semantic.ts). */
const Refined = { retrieval: z.literal('embedding').optional() };

/** The answer: the engine's decision, as the semantic layer may have refined it. */
export const AskAnswer = z.discriminatedUnion('kind', [AnswerDecision.extend(Refined), ClarifyDecision.extend(Refined), HandoffDecision.extend(Refined)]);
export type AskAnswer = z.infer<typeof AskAnswer>;

export function createAskRouter(deps: { engine: () => Engine; semantic?: Pick<SemanticLayer, 'refine'> }): Router {
  const router = Router();
  router.post('/api/v1/ask', async (req, res) => {
    const parsed = AskRequest.safeParse(req.body);
    if (!parsed.success) return sendError(res, 'QH_ERR_VALIDATION', { issues: issuesOf(parsed.error) });
    const { text, context, script } = parsed.data;
    const decision = deps.engine().ask(text, { context, script });
    // refine() never throws: a failing endpoint leaves the engine's decision.
    const answer: AskAnswer = deps.semantic ? await deps.semantic.refine(text, decision) : decision;
    res.json(answer);
  });
  return router;
}
