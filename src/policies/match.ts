/**
 * Policy matching (政策找企业): every policy's verdict for one enterprise, eligible first, then
 * "可能符合" ordered by how few items are left to check, then the rest.
 */
import { z } from 'zod';
import type { EligibilityNode } from './eligibility';
import { evaluate, explain, factsOf, ItemResult, Verdict, type ExplainedEvaluation, type Facts } from './evaluate';
import type { EnterpriseProfile } from './profile';
import { enterpriseSize, SIZES } from './size';

/** What matching needs of a policy (a knowledge-base Policy has all of it). */
export interface MatchablePolicy {
  id: string;
  title: string;
  rules?: EligibilityNode | undefined;
}

export const PolicyMatch = z.strictObject({
  policyId: z.string(),
  title: z.string(),
  verdict: Verdict,
  met: z.array(z.string()),
  unmet: z.array(z.string()),
  unknown: z.array(z.string()),
  /** Each item's text, fact and value: with `explain`. */
  items: z.array(ItemResult).optional(),
});
export type PolicyMatch = z.infer<typeof PolicyMatch>;

export const MatchReport = z.strictObject({ size: z.enum(SIZES).nullable(), results: z.array(PolicyMatch) });
export type MatchReport = z.infer<typeof MatchReport>;

const RANK: Record<Verdict, number> = { eligible: 0, unknown: 1, ineligible: 2 };

export interface MatchOptions {
  /** Each item's text, fact and the enterprise's value in `items` (what a person reads). Default false. */
  explain?: boolean;
}

/** One policy against facts already derived (a registry scan derives them once per enterprise). */
export function matchPolicy(policy: MatchablePolicy, facts: Facts, options: MatchOptions = {}): PolicyMatch {
  // A policy without checkable rules cannot be decided from data: a person has to check it.
  if (!policy.rules) {
    const open: PolicyMatch = { policyId: policy.id, title: policy.title, verdict: 'unknown', met: [], unmet: [], unknown: [] };
    if (options.explain) open.items = [];
    return open;
  }
  const e = options.explain ? explain(policy.rules, facts) : evaluate(policy.rules, facts);
  const match: PolicyMatch = { policyId: policy.id, title: policy.title, verdict: e.verdict, met: e.met, unmet: e.unmet, unknown: e.unknown };
  if ('items' in e) match.items = (e as ExplainedEvaluation).items;
  return match;
}

/** Every policy for one enterprise on a date (YYYY-MM-DD: what establishedYears is counted to). */
export function matchPolicies(profile: EnterpriseProfile, policies: readonly MatchablePolicy[], on: string, options: MatchOptions = {}): MatchReport {
  const facts = factsOf(profile, on);
  const results = policies.map((p) => matchPolicy(p, facts, options));
  // Sort keys apart from the results (no object per policy): verdict first, then open items.
  const keys = new Float64Array(results.length);
  results.forEach((m, i) => {
    const open = m.verdict !== 'unknown' ? 0 : policies[i]!.rules ? m.unknown.length : 999_999;
    keys[i] = RANK[m.verdict] * 1e6 + Math.min(open, 999_999);
  });
  const order = Array.from(results.keys()).sort((a, b) => keys[a]! - keys[b]! || a - b);
  return { size: enterpriseSize(profile) ?? null, results: order.map((i) => results[i]!) };
}
