/**
 * Policy matching (政策找企业): every policy's verdict for one enterprise, eligible first, then
 * "可能符合" ordered by how few items are left to check, then the rest.
 */
import { z } from 'zod';
import type { EligibilityNode } from './eligibility';
import { compiled, evaluateCompiled, explain, factsOf, factValues, ItemResult, Verdict, type CompiledRules, type FactValues, type Facts } from './evaluate';
import type { EnterpriseProfile } from './profile';
import { SIZES } from './size';

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

export interface MatchOptions {
  /** Each item's text, fact and the enterprise's value in `items` (what a person reads). Default false. */
  explain?: boolean;
}

/** One policy against facts already derived (a registry scan derives them once per enterprise). */
export function matchPolicy(policy: MatchablePolicy, facts: Facts, options: MatchOptions = {}): PolicyMatch {
  return matchOne(policy, policy.rules && compiled(policy.rules), facts, factValues(facts), options);
}

function matchOne(policy: MatchablePolicy, program: CompiledRules | undefined, facts: Facts, values: FactValues, options: MatchOptions): PolicyMatch {
  // A policy without checkable rules cannot be decided from data: a person has to check it.
  if (!policy.rules || !program) {
    const open: PolicyMatch = { policyId: policy.id, title: policy.title, verdict: 'unknown', met: [], unmet: [], unknown: [] };
    if (options.explain) open.items = [];
    return open;
  }
  if (options.explain) {
    const e = explain(policy.rules, facts);
    return { policyId: policy.id, title: policy.title, verdict: e.verdict, met: e.met, unmet: e.unmet, unknown: e.unknown, items: e.items };
  }
  const e = evaluateCompiled(program, values);
  return { policyId: policy.id, title: policy.title, verdict: e.verdict, met: e.met, unmet: e.unmet, unknown: e.unknown };
}

/**
 * The compiled rules of a list of policies, kept with the list (a knowledge base's list is made
 * once): one lookup per match instead of one per policy. A policy whose rules were replaced since is
 * compiled again.
 */
const programCache = new WeakMap<readonly MatchablePolicy[], (CompiledRules | undefined)[]>();
function programsOf(policies: readonly MatchablePolicy[]): readonly (CompiledRules | undefined)[] {
  let programs = programCache.get(policies);
  if (!programs) programCache.set(policies, (programs = []));
  for (let i = 0; i < policies.length; i++) {
    const rules = policies[i]!.rules;
    if (programs[i]?.rules !== rules) programs[i] = rules && compiled(rules);
  }
  programs.length = policies.length;
  return programs;
}

/** Open items above this count sort as many (a policy without rules sorts after every one with). */
const MAX_OPEN = 1000;

/** Every policy for one enterprise on a date (YYYY-MM-DD: what establishedYears is counted to). */
export function matchPolicies(profile: EnterpriseProfile, policies: readonly MatchablePolicy[], on: string, options: MatchOptions = {}): MatchReport {
  const facts = factsOf(profile, on);
  const values = factValues(facts);
  const programs = programsOf(policies);
  const results = policies.map((p, i) => matchOne(p, programs[i], facts, values, options));
  return { size: facts.size ?? null, results: ordered(results, policies) };
}

/**
 * Eligible first, then unknown by how few items are open (a policy without rules last among them),
 * then ineligible; ties keep the policies' order. A counting sort: the keys are small integers.
 */
function ordered(results: readonly PolicyMatch[], policies: readonly MatchablePolicy[]): PolicyMatch[] {
  const keys = new Uint16Array(results.length);
  const counts = new Uint32Array(MAX_OPEN + 3);
  for (let i = 0; i < results.length; i++) {
    const m = results[i]!;
    const key = m.verdict === 'eligible' ? 0 : m.verdict === 'ineligible' ? MAX_OPEN + 2 : 1 + (policies[i]!.rules ? Math.min(m.unknown.length, MAX_OPEN - 1) : MAX_OPEN);
    keys[i] = key;
    counts[key]!++;
  }
  for (let k = 0, start = 0; k < counts.length; k++) {
    const c = counts[k]!;
    counts[k] = start;
    start += c;
  }
  const out = new Array<PolicyMatch>(results.length);
  for (let i = 0; i < results.length; i++) out[counts[keys[i]!]!++] = results[i]!;
  return out;
}
