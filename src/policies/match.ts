/**
 * Policy matching (政策找企业): every policy's verdict for one enterprise, eligible first, then
 * "可能符合" ordered by how few items are left to check, then the rest.
 */
import type { EligibilityNode } from './eligibility';
import { evaluate, factsOf, type Facts, type ItemResult, type Verdict } from './evaluate';
import type { EnterpriseProfile } from './profile';
import { enterpriseSize, type EnterpriseSize } from './size';

/** What matching needs of a policy (a knowledge-base Policy has all of it). */
export interface MatchablePolicy {
  id: string;
  title: string;
  rules?: EligibilityNode | undefined;
}

export interface PolicyMatch {
  policyId: string;
  title: string;
  verdict: Verdict;
  met: string[];
  unmet: string[];
  unknown: string[];
  items: ItemResult[];
}

export interface MatchReport {
  size: EnterpriseSize | null;
  results: PolicyMatch[];
}

const RANK: Record<Verdict, number> = { eligible: 0, unknown: 1, ineligible: 2 };

/** One policy against facts already derived (a registry scan derives them once per enterprise). */
export function matchPolicy(policy: MatchablePolicy, facts: Facts): PolicyMatch {
  // A policy without checkable rules cannot be decided from data: it needs a person to check.
  const { verdict, items } = policy.rules ? evaluate(policy.rules, facts) : { verdict: 'unknown' as const, items: [] };
  const byStatus: Record<ItemResult['status'], string[]> = { met: [], unmet: [], unknown: [] };
  for (const item of items) byStatus[item.status].push(item.id);
  return { policyId: policy.id, title: policy.title, verdict, ...byStatus, items };
}

/** Every policy for one enterprise on a date (YYYY-MM-DD: what establishedYears is counted to). */
export function matchPolicies(profile: EnterpriseProfile, policies: readonly MatchablePolicy[], on: string): MatchReport {
  const facts = factsOf(profile, on);
  const results = policies.map((p) => matchPolicy(p, facts));
  const open = (m: PolicyMatch) => (m.verdict === 'unknown' ? (m.items.length === 0 ? Number.MAX_SAFE_INTEGER : m.unknown.length) : 0);
  const keyed = results.map((m, i) => ({ m, rank: RANK[m.verdict] * 1e6 + Math.min(open(m), 999_999), i }));
  keyed.sort((a, b) => a.rank - b.rank || a.i - b.i);
  return { size: enterpriseSize(profile) ?? null, results: keyed.map((k) => k.m) };
}
