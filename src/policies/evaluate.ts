/**
 * Three-valued evaluation of a policy's eligibility against an enterprise's facts.
 *
 * Items are reported by what they mean for eligibility: an item under a `not` (or an odd number of
 * them) counts as met when its condition does not hold. A verdict is `eligible`, `ineligible` or
 * `unknown` ("可能符合，需核实"), with every item listed as met, unmet or unknown.
 */
import { type ConditionItem, type EligibilityNode, type Fact, isItem, type ManualItem } from './eligibility';
import type { EnterpriseProfile } from './profile';
import { enterpriseSize, type EnterpriseSize } from './size';

export type Truth = 'met' | 'unmet' | 'unknown';
export type Verdict = 'eligible' | 'ineligible' | 'unknown';

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

export interface ItemResult {
  id: string;
  text: string;
  /** For condition items: the fact tested and the enterprise's value (absent when unknown). */
  fact?: Fact;
  value?: string | number | readonly string[];
  manual?: true;
  /** What the item means for eligibility (polarity under `not` applied). */
  status: Truth;
}

export interface Evaluation {
  verdict: Verdict;
  items: ItemResult[];
}

const negate = (t: Truth): Truth => (t === 'met' ? 'unmet' : t === 'unmet' ? 'met' : 'unknown');

function itemTruth(item: ConditionItem | ManualItem, facts: Facts): { truth: Truth; value?: ItemResult['value'] } {
  if ('check' in item) return { truth: 'unknown' };
  const actual = facts[item.fact];
  if (actual === undefined) return { truth: 'unknown' };
  return { truth: holds(item, actual) ? 'met' : 'unmet', value: actual };
}

export function evaluate(eligibility: EligibilityNode, facts: Facts): Evaluation {
  const items: ItemResult[] = [];
  const visit = (node: EligibilityNode, negated: boolean): Truth => {
    if (isItem(node)) {
      const { truth, value } = itemTruth(node, facts);
      const result: ItemResult = { id: node.id, text: node.text, status: negated ? negate(truth) : truth };
      if ('check' in node) result.manual = true;
      else {
        result.fact = node.fact;
        if (value !== undefined) result.value = value;
      }
      items.push(result);
      return truth;
    }
    if ('not' in node) return negate(visit(node.not, !negated));
    // Every child is visited (not short-circuited) so that every item is explained.
    const truths = ('all' in node ? node.all : node.any).map((child) => visit(child, negated));
    if ('all' in node) return truths.includes('unmet') ? 'unmet' : truths.includes('unknown') ? 'unknown' : 'met';
    return truths.includes('met') ? 'met' : truths.includes('unknown') ? 'unknown' : 'unmet';
  };
  const truth = visit(eligibility, false);
  return { verdict: truth === 'met' ? 'eligible' : truth === 'unmet' ? 'ineligible' : 'unknown', items };
}
