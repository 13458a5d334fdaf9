/**
 * Similar past cases for the operator console (role operator, admin passes): under
 * /api/v1/hotline, so the auth gate guards it by construction. See docs/cases.md.
 *
 *   POST /api/v1/hotline/cases/similar   {text, limit?} → {cases: [...]}, the most similar first
 *
 * POST rather than GET: the caller's words stay out of URLs, proxies' logs and browser history.
 */
import { Router } from 'express';
import { z } from 'zod';
import { similarCases, type CaseIndex, type SimilarCases } from '../cases';
import { issuesOf, sendError } from '../http-kit';
import { HOTLINE_PREFIX } from './hotline-router';

export const SimilarCasesRequest = z.strictObject({
  /** What the caller said so far, or a ticket's summary and detail. */
  text: z.string().trim().min(1).max(4000),
  limit: z.number().int().min(1).max(5).default(3),
});

export interface CasesRouterDeps {
  /** The published cases' index (live: swapped on publish). */
  cases: () => CaseIndex;
  onError?: (err: unknown, where: string) => void;
}

export function createCasesRouter(deps: CasesRouterDeps): Router {
  const router = Router();
  router.post(`${HOTLINE_PREFIX}/cases/similar`, (req, res) => {
    const parsed = SimilarCasesRequest.safeParse(req.body);
    if (!parsed.success) return sendError(res, 'QH_ERR_VALIDATION', { issues: issuesOf(parsed.error) });
    try {
      const index = deps.cases();
      res.setHeader('Cache-Control', 'no-store');
      const found: SimilarCases = { cases: similarCases(index, parsed.data.text, parsed.data.limit), total: index.size };
      res.json(found);
    } catch (err) {
      deps.onError?.(err, 'similar cases');
      sendError(res, 'QH_ERR_UNAVAILABLE');
    }
  });
  return router;
}
