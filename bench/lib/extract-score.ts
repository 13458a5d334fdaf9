/**
 * Scoring of condition extraction against gold items (test/policies/extract-dev.jsonl): an item is
 * right when fact, operator and value all match (lists compared as sets); precision, recall and F1
 * per fact and overall, micro-averaged over items.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { extractConditions, type ExtractedItem } from '../../src/policies/extract';

export const DEV_SET = path.join(__dirname, '..', '..', 'test', 'policies', 'extract-dev.jsonl');

const GoldItem = z.strictObject({ fact: z.string(), op: z.string(), value: z.union([z.number(), z.string(), z.array(z.string())]) });
export const DevCase = z.strictObject({ id: z.string(), part: z.enum(['tune', 'heldout', 'blind', 'blind2']), text: z.string(), items: z.array(GoldItem) });
export type DevCase = z.infer<typeof DevCase>;

export function loadDevSet(file = DEV_SET): DevCase[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      const parsed = DevCase.safeParse(JSON.parse(l));
      if (!parsed.success) throw new Error(`${file}:${i + 1}: ${parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`);
      return parsed.data;
    });
}

type Scorable = Pick<ExtractedItem, 'fact' | 'op' | 'value'>;

/** fact|op|value with lists sorted: the unit of comparison. */
export function itemKey(item: Scorable): string {
  const value = Array.isArray(item.value) ? [...item.value].sort() : item.op === 'prefix' ? [item.value] : item.value;
  return `${item.fact}|${item.op}|${JSON.stringify(value)}`;
}

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}
export interface CaseOutcome {
  id: string;
  missed: string[];
  wrong: string[];
}
export interface Score {
  byFact: Map<string, Counts>;
  overall: Counts;
  cases: CaseOutcome[];
}

export const precision = (c: Counts) => (c.tp + c.fp === 0 ? 1 : c.tp / (c.tp + c.fp));
export const recall = (c: Counts) => (c.tp + c.fn === 0 ? 1 : c.tp / (c.tp + c.fn));
export const f1 = (c: Counts) => {
  const p = precision(c);
  const r = recall(c);
  return p + r === 0 ? 0 : (2 * p * r) / (p + r);
};

/** Multiset matching: a gold item listed twice must be found twice. */
export function score(cases: readonly DevCase[]): Score {
  const byFact = new Map<string, Counts>();
  const overall: Counts = { tp: 0, fp: 0, fn: 0 };
  const outcomes: CaseOutcome[] = [];
  const bump = (fact: string, k: keyof Counts) => {
    const c = byFact.get(fact) ?? { tp: 0, fp: 0, fn: 0 };
    c[k]++;
    byFact.set(fact, c);
    overall[k]++;
  };
  for (const c of cases) {
    const got = extractConditions(c.text).map(itemKey);
    const remaining = [...got];
    const missed: string[] = [];
    for (const gold of c.items.map((i) => itemKey(i as Scorable))) {
      const i = remaining.indexOf(gold);
      const fact = gold.split('|')[0]!;
      if (i >= 0) {
        remaining.splice(i, 1);
        bump(fact, 'tp');
      } else {
        missed.push(gold);
        bump(fact, 'fn');
      }
    }
    for (const wrong of remaining) bump(wrong.split('|')[0]!, 'fp');
    outcomes.push({ id: c.id, missed, wrong: remaining });
  }
  return { byFact, overall, cases: outcomes };
}
