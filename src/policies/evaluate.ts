/**
 * Three-valued evaluation of a policy's eligibility against an enterprise's facts.
 *
 * Items are reported by what they mean for eligibility: an item under a `not` (or an odd number of
 * them) counts as met when its condition does not hold. A verdict is `eligible`, `ineligible` or
 * `unknown` ("可能符合，需核实"), with every item listed as met, unmet or unknown.
 */
import { z } from 'zod';
import { type ConditionItem, type EligibilityNode, FactName, isItem, itemsOf, type ManualItem } from './eligibility';
import type { EnterpriseProfile } from './profile';
import { enterpriseSize, type EnterpriseSize } from './size';

export const Truth = z.enum(['met', 'unmet', 'unknown']);
export type Truth = z.infer<typeof Truth>;
export const Verdict = z.enum(['eligible', 'ineligible', 'unknown']);
export type Verdict = z.infer<typeof Verdict>;

/** What conditions test: the profile's own fields and what follows from them on a date. */
export interface Facts {
  district?: string | undefined;
  industry?: string | undefined;
  size?: EnterpriseSize | undefined;
  taxCredit?: string | undefined;
  employees?: number | undefined;
  revenue?: number | undefined;
  assets?: number | undefined;
  registeredCapital?: number | undefined;
  rdRatio?: number | undefined;
  establishedYears?: number | undefined;
  qualifications?: readonly string[] | undefined;
}

/** Whole years from `from` to `on` (both YYYY-MM-DD); a date before founding gives undefined. */
export function fullYears(from: string, on: string): number | undefined {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [oy, om, od] = on.split('-').map(Number) as [number, number, number];
  const years = oy - fy - (om < fm || (om === fm && od < fd) ? 1 : 0);
  return years >= 0 ? years : undefined;
}

export function factsOf(profile: EnterpriseProfile, on: string): Facts {
  return {
    district: profile.district,
    industry: profile.industry,
    size: enterpriseSize(profile),
    taxCredit: profile.taxCredit,
    employees: profile.employees,
    revenue: profile.revenue,
    assets: profile.assets,
    registeredCapital: profile.registeredCapital,
    rdRatio: profile.rdRatio,
    establishedYears: profile.establishedOn ? fullYears(profile.establishedOn, on) : undefined,
    qualifications: profile.qualifications,
  };
}

/** Whether `list` (one value or several) holds `value`; no array is made for a single value. */
const among = (list: ConditionItem['value'], value: unknown): boolean => (Array.isArray(list) ? list.includes(value as string) : list === value);

/** Whether a condition holds for a known fact value. */
function holds(item: ConditionItem, actual: string | number | readonly string[]): boolean {
  const expected = item.value;
  switch (item.op) {
    case 'in':
      return among(expected, actual);
    case 'notIn':
      return !among(expected, actual);
    case 'prefix': {
      const code = String(actual);
      if (!Array.isArray(expected)) return code.startsWith(String(expected));
      for (const p of expected) if (code.startsWith(p)) return true;
      return false;
    }
    case '==':
      return actual === expected;
    case '>=':
      return (actual as number) >= (expected as number);
    case '>':
      return (actual as number) > (expected as number);
    case '<=':
      return (actual as number) <= (expected as number);
    case '<':
      return (actual as number) < (expected as number);
    case 'includes':
      return (actual as readonly string[]).includes(expected as string);
  }
}

/** One eligibility item for the enterprise: its text, the fact tested and the enterprise's value. */
export const ItemResult = z.strictObject({
  id: z.string(),
  text: z.string(),
  /** For condition items: the fact tested and the enterprise's value (absent when unknown). */
  fact: FactName.optional(),
  value: z.union([z.string(), z.number(), z.array(z.string()).readonly()]).optional(),
  manual: z.literal(true).optional(),
  /** What the item means for eligibility (polarity under `not` applied). */
  status: Truth,
});
export type ItemResult = z.infer<typeof ItemResult>;

export interface Evaluation {
  verdict: Verdict;
  /** Item ids by what they mean for eligibility, in the tree's order. */
  met: string[];
  unmet: string[];
  unknown: string[];
}

export interface ExplainedEvaluation extends Evaluation {
  items: ItemResult[];
}

// Kleene logic on unmet < unknown < met: `all` is the least of its children, `any` the greatest, `not` the mirror.
const UNMET = 0;
const UNKNOWN = 1;
const MET = 2;
type Level = typeof UNMET | typeof UNKNOWN | typeof MET;
const VERDICT: readonly Verdict[] = ['ineligible', 'unknown', 'eligible'];

function itemLevel(item: ConditionItem | ManualItem, facts: Facts): Level {
  if ('check' in item) return UNKNOWN;
  const actual = facts[item.fact];
  if (actual === undefined) return UNKNOWN;
  return holds(item, actual) ? MET : UNMET;
}

/**
 * Walks the whole tree (no short cut: every item is explained), putting each item's id in the list of
 * its level as eligibility reads it (mirrored under an odd number of `not`s).
 */
function walkIds(node: EligibilityNode, facts: Facts, negated: boolean, ids: [string[], string[], string[]]): Level {
  if (isItem(node)) {
    const level = itemLevel(node, facts);
    ids[negated ? MET - level : level]!.push(node.id);
    return level;
  }
  if ('not' in node) return (MET - walkIds(node.not, facts, !negated, ids)) as Level;
  const all = 'all' in node;
  let result: Level = all ? MET : UNMET;
  for (const child of all ? node.all : node.any) {
    const level = walkIds(child, facts, negated, ids);
    if (all ? level < result : level > result) result = level;
  }
  return result;
}

/** The verdict and the item ids met, unmet and unknown. */
export function evaluate(eligibility: EligibilityNode, facts: Facts): Evaluation {
  const ids: [string[], string[], string[]] = [[], [], []];
  const level = walkIds(eligibility, facts, false, ids);
  return { verdict: VERDICT[level]!, unmet: ids[UNMET], unknown: ids[UNKNOWN], met: ids[MET] };
}

/** evaluate, with each item's text, fact and the enterprise's value (what a person reads). */
export function explain(eligibility: EligibilityNode, facts: Facts): ExplainedEvaluation {
  const evaluation = evaluate(eligibility, facts);
  const status = new Map<string, Truth>();
  for (const truth of ['met', 'unmet', 'unknown'] as const) for (const id of evaluation[truth]) status.set(id, truth);
  const items = itemsOf(eligibility).map((item): ItemResult => {
    const result: ItemResult = { id: item.id, text: item.text, status: status.get(item.id)! };
    if ('check' in item) result.manual = true;
    else {
      result.fact = item.fact;
      const value = facts[item.fact];
      if (value !== undefined) result.value = value;
    }
    return result;
  });
  return { ...evaluation, items };
}
