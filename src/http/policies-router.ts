/**
 * POST /api/v1/policies/match: an enterprise profile in, every policy of the knowledge base out with
 * its verdict (eligible / unknown / ineligible) and each eligibility item met, unmet or unknown,
 * eligible first (src/policies/match.ts). Public: the caller sends the profile; each match is counted
 * for the analytics (policies matched, facts missing), the profile itself is not kept.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { KnowledgeBase } from '../kb';
import { EnterpriseProfile, MatchReport, matchPolicies, PolicyMatch, tallyMatch, type MatchablePolicy, type PolicyStatsStore } from '../policies';
import { issuesOf, sendError } from '../http-kit';
import { todayInChina } from '../util';

export const PolicyMatchRequest = z.strictObject({
  profile: EnterpriseProfile,
  /** The date years established are counted to; default today in China. */
  on: z.iso.date().optional(),
});

/** The answer: every policy's verdict for the enterprise, eligible first (policies/match.ts); matched with `explain`, so every result lists its items. */
export const PolicyMatchAnswer = MatchReport.extend({
  on: z.iso.date(),
  results: z.array(PolicyMatch.extend({ items: PolicyMatch.shape.items.unwrap() })),
});
export type PolicyMatchAnswer = z.infer<typeof PolicyMatchAnswer>;

export interface PoliciesRouterDeps {
  kb: () => KnowledgeBase;
  /** Counts each match (analytics); a failure to count never fails the match. */
  stats?: PolicyStatsStore;
  onError?: (err: unknown, where: string) => void;
}

export function createPoliciesRouter(deps: PoliciesRouterDeps): Router {
  // The policies of each published knowledge base, listed once.
  const listed = new WeakMap<KnowledgeBase, MatchablePolicy[]>();
  const policiesOf = (kb: KnowledgeBase): MatchablePolicy[] => {
    let policies = listed.get(kb);
    if (!policies) {
      policies = kb.entries.flatMap((e) => (e.kind === 'policy' ? [{ id: e.id, title: e.title, rules: e.rules }] : []));
      listed.set(kb, policies);
    }
    return policies;
  };
  const router = Router();
  router.post('/api/v1/policies/match', (req, res) => {
    const parsed = PolicyMatchRequest.safeParse(req.body);
    if (!parsed.success) return sendError(res, 'QH_ERR_VALIDATION', { issues: issuesOf(parsed.error) });
    const on = parsed.data.on ?? todayInChina();
    const report = matchPolicies(parsed.data.profile, policiesOf(deps.kb()), on, { explain: true });
    deps.stats?.recordMatch(tallyMatch(report)).catch((err: unknown) => deps.onError?.(err, 'policy stats'));
    // Matched with `explain`: every result has its items.
    res.json({ on, size: report.size, results: report.results.map((r) => ({ ...r, items: r.items ?? [] })) } satisfies PolicyMatchAnswer);
  });
  return router;
}
