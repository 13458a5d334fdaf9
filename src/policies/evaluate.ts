/**
 * Three-valued evaluation of a policy's eligibility against an enterprise's facts.
 *
 * Items are reported by what they mean for eligibility: an item under a `not` (or an odd number of
 * them) counts as met when its condition does not hold. A verdict is `eligible`, `ineligible` or
 * `unknown` ("可能符合，需核实"), with every item listed as met, unmet or unknown.
 */
import { z } from 'zod';
import { type ConditionItem, type EligibilityNode, type Fact, FACTS, FactName, isItem, itemsOf, type ManualItem } from './eligibility';
import type { EnterpriseProfile } from './profile';
import { elapsed, elapsedText, type Elapsed } from './elapsed';
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
  /** Exact years since founding (src/policies/elapsed.ts): 3 years 6 months is 3.5. */
  establishedYears?: number | undefined;
  /** The same span in years, months and days, as explanations show it. */
  establishedSpan?: Elapsed['parts'] | undefined;
  qualifications?: readonly string[] | undefined;
}

export function factsOf(profile: EnterpriseProfile, on: string): Facts {
  const age = profile.establishedOn ? elapsed(profile.establishedOn, on) : undefined;
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
    establishedYears: age?.years,
    establishedSpan: age?.parts,
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
  /** The value as a person reads it, where the number alone is not: years established as "3年6个月". */
  shown: z.string().optional(),
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

/** A profile's facts as an array, in the order of FACTS: what compiled rules read (derived once per profile). */
export type FactValues = readonly (Facts[Fact] | undefined)[];
const FACT_NAMES = Object.keys(FACTS) as Fact[];
const FACT_INDEX = Object.fromEntries(FACT_NAMES.map((f, i) => [f, i])) as Record<Fact, number>;
export const factValues = (facts: Facts): FactValues => FACT_NAMES.map((f) => facts[f]);

/**
 * A tree compiled once (trees never change once parsed) into a flat postfix program over typed
 * arrays: matching runs one loop per policy, with no key lookups, no `in` tests, no calls per node
 * and no allocation. Items are numbered in tree order (the order of itemsOf).
 */
export interface CompiledRules {
  /** The tree compiled. */
  rules: EligibilityNode;
  items: readonly (ConditionItem | ManualItem)[];
  ids: readonly string[];
  /** Pairs (opcode, argument): ITEM (item index × 2 + 1 under an odd number of `not`s), NOT, ALL / ANY (child count). */
  code: Int32Array;
  /** Per item: the fact's index in FactValues, how it is tested, and the bound of a number test. */
  fact: Int8Array;
  test: Uint8Array;
  bound: Float64Array;
}

const ITEM = 0;
const NOT = 1;
const ALL = 2;
const ANY = 3;
// How an item is tested: a number against its bound, by `holds` (sets, codes, lists), or by a person.
const GE = 0;
const GT = 1;
const LE = 2;
const LT = 3;
const HOLDS = 4;
const MANUAL = 5;
const NUMBER_TEST: Partial<Record<ConditionItem['op'], number>> = { '>=': GE, '>': GT, '<=': LE, '<': LT };

function emit(node: EligibilityNode, negated: boolean, code: number[], items: (ConditionItem | ManualItem)[]): void {
  if (isItem(node)) {
    code.push(ITEM, items.length * 2 + (negated ? 1 : 0));
    items.push(node);
  } else if ('not' in node) {
    emit(node.not, !negated, code, items);
    code.push(NOT, 0);
  } else {
    const children = 'all' in node ? node.all : node.any;
    for (const child of children) emit(child, negated, code, items);
    code.push('all' in node ? ALL : ANY, children.length);
  }
}

function compile(eligibility: EligibilityNode): CompiledRules {
  const code: number[] = [];
  const items: (ConditionItem | ManualItem)[] = [];
  emit(eligibility, false, code, items);
  const program: CompiledRules = {
    rules: eligibility,
    items,
    ids: items.map((i) => i.id),
    code: Int32Array.from(code),
    fact: new Int8Array(items.length),
    test: new Uint8Array(items.length),
    bound: new Float64Array(items.length),
  };
  items.forEach((item, i) => {
    if ('check' in item) return void (program.test[i] = MANUAL);
    program.fact[i] = FACT_INDEX[item.fact];
    const numeric = NUMBER_TEST[item.op];
    program.test[i] = numeric !== undefined && typeof item.value === 'number' ? numeric : HOLDS;
    if (typeof item.value === 'number') program.bound[i] = item.value;
  });
  return program;
}

const compiledCache = new WeakMap<EligibilityNode, CompiledRules>();
/** The compiled form of a tree, made on first use and kept while the tree lives. */
export function compiled(eligibility: EligibilityNode): CompiledRules {
  let program = compiledCache.get(eligibility);
  if (!program) {
    program = compile(eligibility);
    compiledCache.set(eligibility, program);
  }
  return program;
}

/** Item levels of the last run, and the run's stack: buffers grown to the largest tree (evaluation is synchronous). */
let levels = new Uint8Array(256);
let stack = new Uint8Array(256);

/** Runs a program: its level; each item's level, as eligibility reads it, in `levels`. */
function run(p: CompiledRules, values: FactValues): Level {
  const code = p.code;
  if (levels.length < p.ids.length) levels = new Uint8Array(p.ids.length);
  if (stack.length < code.length) stack = new Uint8Array(code.length);
  let sp = 0;
  for (let pc = 0; pc < code.length; pc += 2) {
    const arg = code[pc + 1]!;
    switch (code[pc]) {
      case ITEM: {
        const i = arg >> 1;
        const test = p.test[i]!;
        let level: Level = UNKNOWN;
        if (test !== MANUAL) {
          const actual = values[p.fact[i]!];
          if (actual !== undefined) {
            const ok =
              test === GE
                ? (actual as number) >= p.bound[i]!
                : test === GT
                  ? (actual as number) > p.bound[i]!
                  : test === LE
                    ? (actual as number) <= p.bound[i]!
                    : test === LT
                      ? (actual as number) < p.bound[i]!
                      : holds(p.items[i] as ConditionItem, actual);
            level = ok ? MET : UNMET;
          }
        }
        levels[i] = arg & 1 ? MET - level : level;
        stack[sp++] = level;
        break;
      }
      case NOT:
        stack[sp - 1] = MET - stack[sp - 1]!;
        break;
      case ALL: {
        // No short cut: every item has been evaluated, so that every item is explained.
        let result = MET;
        for (let k = sp - arg; k < sp; k++) if (stack[k]! < result) result = stack[k]!;
        sp -= arg;
        stack[sp++] = result;
        break;
      }
      default: {
        let result = UNMET;
        for (let k = sp - arg; k < sp; k++) if (stack[k]! > result) result = stack[k]!;
        sp -= arg;
        stack[sp++] = result;
      }
    }
  }
  return stack[0] as Level;
}

/** The item ids of one level, in tree order (an array of the exact length: thousands are made per match). */
function idsAt(ids: readonly string[], level: Level, count: number): string[] {
  if (count === 0) return [];
  const out = new Array<string>(count);
  for (let i = 0, j = 0; j < count; i++) if (levels[i] === level) out[j++] = ids[i]!;
  return out;
}

/** Runs compiled rules on fact values: the verdict and the item ids met, unmet and unknown. */
export function evaluateCompiled(program: CompiledRules, values: FactValues): Evaluation {
  const n = program.ids.length;
  const level = run(program, values);
  let met = 0;
  let unmet = 0;
  for (let i = 0; i < n; i++) {
    if (levels[i] === MET) met++;
    else if (levels[i] === UNMET) unmet++;
  }
  return {
    verdict: VERDICT[level]!,
    met: idsAt(program.ids, MET, met),
    unmet: idsAt(program.ids, UNMET, unmet),
    unknown: idsAt(program.ids, UNKNOWN, n - met - unmet),
  };
}

/** The verdict and the item ids met, unmet and unknown. */
export function evaluate(eligibility: EligibilityNode, facts: Facts): Evaluation {
  return evaluateCompiled(compiled(eligibility), factValues(facts));
}

/** Years shown to a person: to two decimals, never rounded up onto a bound it has not reached. */
const shownYears = (years: number): number => Math.floor(years * 100 + 1e-9) / 100;

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
      if (item.fact === 'establishedYears' && typeof value === 'number') {
        result.value = shownYears(value);
        if (facts.establishedSpan) result.shown = elapsedText(facts.establishedSpan);
      } else if (value !== undefined) result.value = value;
    }
    return result;
  });
  return { ...evaluation, items };
}
