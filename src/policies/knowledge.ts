/**
 * What a short dialog has learned about an enterprise, and the policies' verdicts on it.
 *
 * Unlike a profile, a number may be known as a range ("20–99人" from a button): each policy is
 * evaluated at every point where one of its conditions can change, and an item (or a verdict) is
 * decided only when it is the same at all of them; the size is decided only when the ranges' lowest
 * and highest values give the same size. A range therefore never makes a policy look eligible that
 * a value inside it would not.
 */
import { z } from 'zod';
import { itemsOf, type EligibilityNode, type Fact } from './eligibility';
import { elapsedYears } from './elapsed';
import { evaluate, type Facts, type Truth, type Verdict } from './evaluate';
import { Qualification, TaxCredit, type EnterpriseProfile } from './profile';
import { enterpriseSize } from './size';

/** A number known to lie in [min, max] (max absent: no upper end). */
export const Range = z
  .strictObject({ min: z.number().finite().nonnegative(), max: z.number().finite().nonnegative().optional() })
  .refine((r) => r.max === undefined || r.max >= r.min, { message: 'max must not be below min', path: ['max'] });
export type Range = z.infer<typeof Range>;

/** The facts a dialog may learn: the profile's own facts, numbers as ranges. */
export const Knowledge = z.strictObject({
  district: z.string().trim().min(1).max(50).optional(),
  industry: z
    .string()
    .regex(/^[A-T](\d{2}|\d{3}|\d{4})?$/)
    .optional(),
  employees: Range.optional(),
  revenue: Range.optional(),
  assets: Range.optional(),
  registeredCapital: Range.optional(),
  rdRatio: Range.optional(),
  establishedYears: Range.optional(),
  /** The whole list: a qualification not in it is one the enterprise does not have. */
  qualifications: z.array(Qualification).max(20).optional(),
  taxCredit: TaxCredit.optional(),
});
export type Knowledge = z.infer<typeof Knowledge>;

export const NUMBER_FACTS = ['employees', 'revenue', 'assets', 'registeredCapital', 'rdRatio', 'establishedYears'] as const;
export type NumberFact = (typeof NUMBER_FACTS)[number];

/** One day in exact years is at least 1/372 (a 31-day month's day, over 12): no two dates' years are closer. */
export const YEARS_DAY = 1 / 372;

/**
 * The smallest difference between two values of a fact that matters: a person for employees, a day
 * for years established (src/policies/elapsed.ts), a hundredth for money and ratios. A range's points
 * are taken this far either side of each bound.
 */
export const stepOf = (fact: NumberFact): number => (fact === 'employees' ? 1 : fact === 'establishedYears' ? YEARS_DAY : 0.01);

const exact = (value: number | undefined): Range | undefined => (value === undefined ? undefined : { min: value, max: value });

/** What a registered profile tells, on a date (YYYY-MM-DD). */
export function knowledgeOf(profile: EnterpriseProfile, on: string): Knowledge {
  const k: Knowledge = {};
  if (profile.district) k.district = profile.district;
  if (profile.industry) k.industry = profile.industry;
  if (profile.qualifications) k.qualifications = profile.qualifications;
  if (profile.taxCredit) k.taxCredit = profile.taxCredit;
  const years = profile.establishedOn ? elapsedYears(profile.establishedOn, on) : undefined;
  const numbers: Record<NumberFact, number | undefined> = {
    employees: profile.employees,
    revenue: profile.revenue,
    assets: profile.assets,
    registeredCapital: profile.registeredCapital,
    rdRatio: profile.rdRatio,
    establishedYears: years,
  };
  for (const fact of NUMBER_FACTS) {
    const range = exact(numbers[fact]);
    if (range) k[fact] = range;
  }
  return k;
}

type Cuts = ReadonlyMap<NumberFact, readonly number[]>;

/** Where one policy's verdict can change along each number fact it tests: its own thresholds. */
const cutsCache = new WeakMap<EligibilityNode, Cuts>();
function cutsOf(rules: EligibilityNode): Cuts {
  const cached = cutsCache.get(rules);
  if (cached) return cached;
  const cuts = new Map<NumberFact, Set<number>>();
  for (const item of itemsOf(rules)) {
    if ('check' in item || !(NUMBER_FACTS as readonly string[]).includes(item.fact) || typeof item.value !== 'number') continue;
    const fact = item.fact as NumberFact;
    if (!cuts.has(fact)) cuts.set(fact, new Set());
    cuts.get(fact)!.add(item.value);
  }
  const out: Cuts = new Map([...cuts].map(([fact, set]) => [fact, [...set].sort((a, b) => a - b)]));
  cutsCache.set(rules, out);
  return out;
}

/**
 * The size over the ranges: a size only grows with each indicator, so it is the one size when the
 * lowest and the highest values give the same, else unknown.
 */
function sizeOver(k: Knowledge): ReturnType<typeof enterpriseSize> {
  const end = (r: Range | undefined, high: boolean) => (r === undefined ? undefined : high ? (r.max ?? Number.MAX_SAFE_INTEGER) : r.min);
  const at = (high: boolean) => enterpriseSize({ industry: k.industry, employees: end(k.employees, high), revenue: end(k.revenue, high), assets: end(k.assets, high) });
  const low = at(false);
  return low === at(true) ? low : undefined;
}

/** The points of a range worth evaluating: its ends and either side of every threshold inside it. */
function pointsOf(range: Range, fact: NumberFact, cuts: readonly number[]): number[] {
  if (range.max === range.min) return [range.min];
  const step = stepOf(fact);
  const top = range.max ?? Infinity;
  const points = new Set<number>([range.min]);
  if (range.max !== undefined) points.add(range.max);
  for (const t of cuts) for (const p of [t - step, t, t + step]) if (p >= range.min && p <= top) points.add(p);
  if (range.max === undefined) points.add(Math.max(range.min, ...cuts) + step);
  return [...points];
}

/** Every combination of the points of the ranged facts the policy tests (one point for the others), as Facts. */
function realisations(k: Knowledge, cuts: Cuts): Facts[] {
  let partial: Partial<Record<NumberFact, number>>[] = [{}];
  for (const fact of NUMBER_FACTS) {
    const range = k[fact];
    if (!range) continue;
    const own = cuts.get(fact);
    const points = own ? pointsOf(range, fact, own) : [range.min];
    partial = partial.flatMap((p) => points.map((v) => ({ ...p, [fact]: v })));
  }
  const size = sizeOver(k);
  return partial.map((n) => ({
    district: k.district,
    industry: k.industry,
    size,
    taxCredit: k.taxCredit,
    employees: n.employees,
    revenue: n.revenue,
    assets: n.assets,
    registeredCapital: n.registeredCapital,
    rdRatio: n.rdRatio,
    establishedYears: n.establishedYears,
    qualifications: k.qualifications,
  }));
}

/** A policy as assessment needs it. */
export interface AssessablePolicy {
  id: string;
  rules?: EligibilityNode | undefined;
}

export interface Assessment {
  policyId: string;
  verdict: Verdict;
  /** Item ids by status (polarity under `not` applied, as evaluate reports them). */
  met: string[];
  unmet: string[];
  unknown: string[];
  /** The unknown items no answer can decide (manual checks), and the facts the others need. */
  manual: string[];
  missingFacts: Fact[];
}

/**
 * Whether an industry rule is finer than the code known ("H" known, the rule names H61): the
 * evaluator would compare the codes and call it unmet; the dialog does not know it yet.
 */
function finerThanKnown(rules: EligibilityNode, industry: string | undefined): boolean {
  if (!industry) return false;
  for (const item of itemsOf(rules)) {
    if ('check' in item || item.fact !== 'industry') continue;
    const codes = Array.isArray(item.value) ? item.value : [item.value];
    if (codes.some((c) => typeof c === 'string' && c.length > industry.length && c.startsWith(industry))) return true;
  }
  return false;
}

/**
 * Each policy's verdict on what is known, decided only where every point of every range agrees.
 * A policy is evaluated at the points its own conditions (and the size bounds) can change at.
 */
export function assess(policies: readonly AssessablePolicy[], k: Knowledge): Assessment[] {
  return policies.map((policy) => assessOne(policy, k));
}

function assessOne(policy: AssessablePolicy, k: Knowledge): Assessment {
  const open: Assessment = { policyId: policy.id, verdict: 'unknown', met: [], unmet: [], unknown: [], manual: [], missingFacts: [] };
  if (!policy.rules) return open;
  const rules = policy.rules;
  const worlds = realisations(k, cutsOf(rules));
  const coarse = finerThanKnown(rules, k.industry);
  let verdict: Verdict | undefined;
  const status = new Map<string, Truth>();
  for (const world of worlds) {
    const e = evaluate(rules, coarse ? { ...world, industry: undefined, size: undefined } : world);
    verdict = verdict === undefined || verdict === e.verdict ? e.verdict : 'unknown';
    for (const truth of ['met', 'unmet', 'unknown'] as const)
      for (const id of e[truth]) {
        const before = status.get(id);
        status.set(id, before === undefined || before === truth ? truth : 'unknown');
      }
  }
  const result: Assessment = { ...open, verdict: verdict ?? 'unknown' };
  const missing = new Set<Fact>();
  for (const item of itemsOf(rules)) {
    const truth = status.get(item.id) ?? 'unknown';
    result[truth].push(item.id);
    if (truth !== 'unknown') continue;
    if ('check' in item) result.manual.push(item.id);
    else missing.add(item.fact);
  }
  result.missingFacts = [...missing];
  return result;
}

/**
 * Settled: nothing an answer could tell would change what the enterprise is told: the verdict is
 * decided, or what is left open is manual checks only ("符合数据条件，需核实…").
 */
export const settled = (a: Assessment): boolean => a.verdict !== 'unknown' || a.missingFacts.length === 0;
