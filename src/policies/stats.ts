/**
 * Policy analytics: how many matches were asked, which policies come out eligible most, how many
 * 免申即享 notices were sent, and which facts are most often what stands between an enterprise and a
 * verdict. Counted where matches happen (POST /api/v1/policies/match) and where notices are sent;
 * the counters live in a store (memory, a file under DATA_DIR, or Redis).
 */
import { z } from 'zod';
import type { Fact } from './eligibility';
import type { MatchReport } from './match';

/** What one match adds to the counters. */
export interface MatchTally {
  /** Policies the enterprise is eligible for. */
  eligible: string[];
  /** Facts that left at least one policy unknown, each once per match. */
  missingFacts: Fact[];
}

const Count = z.number().int().min(0);
export const PolicyStatsSnapshot = z.strictObject({
  matchesAsked: Count,
  noticesSent: Count,
  /** Most often eligible first. */
  policiesMatched: z.array(z.strictObject({ policyId: z.string(), count: Count })),
  /** Most often missing first. */
  missingFacts: z.array(z.strictObject({ fact: z.string(), count: Count })),
});
export type PolicyStatsSnapshot = z.infer<typeof PolicyStatsSnapshot>;

/** The analytics as the editors' API answers them (GET /api/v1/admin/policies/stats), each matched policy with its title in the published knowledge base (null: gone). */
export const PolicyStatsView = PolicyStatsSnapshot.extend({
  policiesMatched: z.array(PolicyStatsSnapshot.shape.policiesMatched.element.extend({ title: z.string().nullable() })),
});
export type PolicyStatsView = z.infer<typeof PolicyStatsView>;

export interface PolicyStatsStore {
  recordMatch(tally: MatchTally): Promise<void>;
  recordNotices(count: number): Promise<void>;
  read(): Promise<PolicyStatsSnapshot>;
  close(): Promise<void>;
}

/** The tally of one explained match report (items with their facts). */
export function tallyMatch(report: MatchReport): MatchTally {
  const missing = new Set<Fact>();
  const eligible: string[] = [];
  for (const r of report.results) {
    if (r.verdict === 'eligible') eligible.push(r.policyId);
    else if (r.verdict === 'unknown') for (const item of r.items ?? []) if (item.status === 'unknown' && item.fact) missing.add(item.fact);
  }
  return { eligible, missingFacts: [...missing] };
}

/** Counters in plain maps: the memory store, and the file store between writes. */
export class StatsCounters {
  matchesAsked = 0;
  noticesSent = 0;
  readonly policies = new Map<string, number>();
  readonly facts = new Map<string, number>();

  addMatch(t: MatchTally): void {
    this.matchesAsked++;
    for (const id of t.eligible) this.policies.set(id, (this.policies.get(id) ?? 0) + 1);
    for (const f of t.missingFacts) this.facts.set(f, (this.facts.get(f) ?? 0) + 1);
  }

  snapshot(): PolicyStatsSnapshot {
    return snapshotOf(this.matchesAsked, this.noticesSent, this.policies, this.facts);
  }
}

const ranked = (counts: Iterable<[string, number]>) => [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));

export function snapshotOf(matchesAsked: number, noticesSent: number, policies: Iterable<[string, number]>, facts: Iterable<[string, number]>): PolicyStatsSnapshot {
  return {
    matchesAsked,
    noticesSent,
    policiesMatched: ranked(policies).map(([policyId, count]) => ({ policyId, count })),
    missingFacts: ranked(facts).map(([fact, count]) => ({ fact, count })),
  };
}

export function memoryPolicyStats(): PolicyStatsStore {
  const c = new StatsCounters();
  return {
    recordMatch: async (t) => c.addMatch(t),
    recordNotices: async (n) => void (c.noticesSent += n),
    read: async () => c.snapshot(),
    close: async () => {},
  };
}
