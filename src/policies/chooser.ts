/**
 * Which question to ask next in the policy dialog: greedily, the fact whose answer is expected to
 * settle the most policies still open (the answers weighed alike; past MAX_WEIGHED policies, a sample
 * of them), then the one expected to decide
 * the most of their open items, then the fact the most open policies need. No more than
 * MAX_QUESTIONS; none when no open policy needs a fact that is still unknown.
 *
 * Each question comes with its possible answers: the closed lists (districts, qualifications, 纳税信用
 * 等级, industries that tell a size), and for numbers the ranges between the thresholds the open
 * policies and the size bounds test, so that every answer can be weighed before it is given.
 */
import { z } from 'zod';
import { itemsOf, type EligibilityNode, type Fact } from './eligibility';
import { assess, settled, stepOf, type AssessablePolicy, type Assessment, type Knowledge, type NumberFact, type Range } from './knowledge';
import { TaxCredit, type Qualification } from './profile';
import { sizeBounds, type Indicator } from './size';

export const MAX_QUESTIONS = 5;

/** The facts the dialog may ask for, in the order ties are broken. */
export const ASKABLE_FACTS = ['district', 'qualifications', 'industry', 'employees', 'revenue', 'establishedYears', 'rdRatio', 'taxCredit', 'assets', 'registeredCapital'] as const;
export const AskableFact = z.enum(ASKABLE_FACTS);
export type AskableFact = z.infer<typeof AskableFact>;

/** One possible answer: the value it gives the fact. */
export type AnswerValue = string | Range | Qualification[];
export interface AnswerOption {
  fact: AskableFact;
  value: AnswerValue;
}

/** A district outside the city: every "注册在…" condition is unmet. */
export const OUTSIDE_DISTRICT = '其他地区';

/**
 * Industries whose code tells a size sector (a bare F, G, H, I or K does not), the ones most
 * enterprises asking are in first.
 */
export const INDUSTRY_CHOICES = ['C', 'I65', 'F52', 'F51', 'H62', 'H61', 'E', 'L', 'M', 'G54', 'K70', 'O', 'R', 'A', 'N', 'Q', 'P', 'J', 'B', 'D'] as const;

const SIZE_INDICATORS: readonly AskableFact[] = ['industry', 'employees', 'revenue', 'assets'];

/** Cuts for a number when the sector is not known: the bounds most sectors share. */
const COMMON_CUTS: Partial<Record<NumberFact, readonly number[]>> = {
  employees: [10, 20, 100, 300, 1000],
  revenue: [100, 500, 2000, 10000, 40000],
  assets: [300, 5000, 8000],
};
const MAX_RANGES = 6;

export function withAnswer(k: Knowledge, answer: AnswerOption): Knowledge {
  return { ...k, [answer.fact]: answer.value } as Knowledge;
}

/** Whether a fact is known already. */
const known = (k: Knowledge, fact: AskableFact): boolean => k[fact] !== undefined;

/** The askable facts an open assessment needs (a size needs the industry and its indicators). */
function factsNeeded(a: Assessment, k: Knowledge): AskableFact[] {
  const out = new Set<AskableFact>();
  for (const fact of a.missingFacts) {
    if (fact === 'size') {
      for (const f of SIZE_INDICATORS) if (f === 'industry' || sizeBounds(f as Indicator, k.industry).length > 0) out.add(f);
    } else out.add(fact as AskableFact);
  }
  return [...out].filter((f) => !known(k, f));
}

/**
 * Where a number condition splits the line: the first value on its far side (for years established,
 * a day past 3 years for 超过3年: the buttons say "不超过3年" / "超过3年").
 */
function cutOf(op: string, value: number, step: number): number {
  return op === '<=' || op === '>' ? value + step : value;
}

/** The ranges a number may be asked in: between the open policies' thresholds and the size bounds. */
export function rangesFor(fact: NumberFact, rules: readonly EligibilityNode[], k: Knowledge): Range[] {
  const step = stepOf(fact);
  const counts = new Map<number, number>();
  for (const root of rules)
    for (const item of itemsOf(root))
      if (!('check' in item) && item.fact === fact && typeof item.value === 'number') {
        const cut = cutOf(item.op, item.value, step);
        counts.set(cut, (counts.get(cut) ?? 0) + 1);
      }
  const fromRules = [...counts].sort((a, b) => b[1] - a[1]).map(([cut]) => cut);
  const fromSize = fact === 'employees' || fact === 'revenue' || fact === 'assets' ? (k.industry ? sizeBounds(fact, k.industry) : (COMMON_CUTS[fact] ?? [])) : [];
  const cuts = [...new Set([...fromRules, ...fromSize])].filter((c) => c > 0).slice(0, MAX_RANGES - 1).sort((a, b) => a - b);
  const ranges: Range[] = [];
  let min = 0;
  for (const cut of cuts) {
    ranges.push({ min, max: step >= 0.01 ? Number((cut - step).toFixed(2)) : cut - step });
    min = cut;
  }
  ranges.push({ min });
  return ranges;
}

/** Every answer a question could get, as the chooser weighs them. */
export function optionsFor(fact: AskableFact, open: readonly AssessablePolicy[], k: Knowledge, districts: readonly string[]): AnswerOption[] {
  const rules = open.flatMap((p) => (p.rules ? [p.rules] : []));
  const items = rules.flatMap((r) => itemsOf(r)).filter((i) => !('check' in i) && i.fact === fact);
  const values = (list: readonly AnswerValue[]) => list.map((value) => ({ fact, value }));
  switch (fact) {
    case 'district':
      return values([...districts, OUTSIDE_DISTRICT]);
    case 'industry': {
      const named = items.flatMap((i) => ('value' in i ? (Array.isArray(i.value) ? i.value : [i.value]) : [])).map(String);
      return values([...new Set([...named, ...INDUSTRY_CHOICES])]);
    }
    case 'qualifications': {
      const named = [...new Set(items.map((i) => ('value' in i ? String(i.value) : '')))].filter(Boolean) as Qualification[];
      return values([[], ...named.map((q) => [q])]);
    }
    case 'taxCredit':
      return values(TaxCredit.options);
    default:
      return values(rangesFor(fact, rules, k));
  }
}

export interface Score {
  /** Open policies an answer settles, on average over the possible answers. */
  settles: number;
  /** Open data items an answer decides, on average. */
  decides: number;
  /** Open policies that need the fact. */
  needed: number;
}

export interface Question {
  fact: AskableFact;
  options: AnswerOption[];
  score: Score;
}

const openItems = (a: Assessment): number => a.unknown.length - a.manual.length;

/**
 * At most this many of the policies a fact could change are weighed per answer; beyond it, an
 * evenly spaced sample stands for them (its counts scaled up). Weighing every one of 2,000 policies
 * for every answer of every fact took seconds of one chat turn; the greedy choice only needs the
 * averages, which the sample estimates.
 */
export const MAX_WEIGHED = 300;

/** Every index, or an evenly spaced `max` of them. */
function weighed(indices: readonly number[], max: number): readonly number[] {
  if (indices.length <= max) return indices;
  const step = indices.length / max;
  return Array.from({ length: max }, (_, i) => indices[Math.floor(i * step)]!);
}

/** The score of asking one fact, given the open policies and their assessments now. */
export function scoreFact(
  fact: AskableFact,
  open: readonly AssessablePolicy[],
  now: readonly Assessment[],
  k: Knowledge,
  options: readonly AnswerOption[],
  maxWeighed = MAX_WEIGHED,
): Score {
  // Only the policies that need the fact can change with its answer: the others stay as they are.
  const affected = now.flatMap((a, i) => (factsNeeded(a, k).includes(fact) ? [i] : []));
  const sample = weighed(affected, maxWeighed);
  const policies = sample.map((i) => open[i]!);
  let settles = 0;
  let decides = 0;
  for (const option of options) {
    const after = assess(policies, withAnswer(k, option));
    after.forEach((a, j) => {
      if (settled(a)) settles++;
      decides += openItems(now[sample[j]!]!) - openItems(a);
    });
  }
  const scale = sample.length === 0 ? 0 : affected.length / sample.length / options.length;
  return { settles: settles * scale, decides: decides * scale, needed: affected.length };
}

const EPSILON = 1e-9;
function better(a: Score, b: Score): boolean {
  if (Math.abs(a.settles - b.settles) > EPSILON) return a.settles > b.settles;
  if (Math.abs(a.decides - b.decides) > EPSILON) return a.decides > b.decides;
  return a.needed > b.needed;
}

export interface ChooseOptions {
  /** Facts asked already (answered or skipped): never asked again. */
  asked: readonly AskableFact[];
  /** The city's district names, the district question's answers. */
  districts: readonly string[];
  /** How many policies to weigh per answer at most (default MAX_WEIGHED; Infinity: every one). */
  maxWeighed?: number;
}

/** The next question, or undefined: MAX_QUESTIONS asked, every policy settled, or nothing left to ask. */
export function chooseQuestion(policies: readonly AssessablePolicy[], k: Knowledge, options: ChooseOptions): Question | undefined {
  if (options.asked.length >= MAX_QUESTIONS) return undefined;
  const now = assess(policies, k);
  const openIdx = now.flatMap((a, i) => (settled(a) ? [] : [i]));
  const open = openIdx.map((i) => policies[i]!);
  const openNow = openIdx.map((i) => now[i]!);
  const candidates = new Set<AskableFact>();
  for (const a of openNow) for (const f of factsNeeded(a, k)) candidates.add(f);
  let best: Question | undefined;
  for (const fact of ASKABLE_FACTS) {
    if (!candidates.has(fact) || options.asked.includes(fact)) continue;
    const answers = optionsFor(fact, open, k, options.districts);
    const score = scoreFact(fact, open, openNow, k, answers, options.maxWeighed);
    if (!best || better(score, best.score)) best = { fact, options: answers, score };
  }
  return best;
}

/** Facts by what they are (for the docs and the editor): the askable ones are a subset of FACTS. */
export const isAskable = (fact: Fact): fact is AskableFact => (ASKABLE_FACTS as readonly string[]).includes(fact);
