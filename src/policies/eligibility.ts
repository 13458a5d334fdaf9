/**
 * A policy's eligibility (申报条件) split into checkable items (政策颗粒化): a tree of all / any / not
 * over condition items {id, fact, op, value, text}, and manual items {id, text, check: "manual"}
 * that no data can decide (近三年无重大违法记录).
 *
 * Evaluation is three-valued (met / unmet / unknown, combined with Kleene logic): a missing fact or
 * a manual item is unknown, never unmet, so "可能符合，需核实" is told apart from "不符合".
 */
import { z } from 'zod';
import { Qualification, TaxCredit } from './profile';
import { SIZES } from './size';

/** Facts a condition may test, and the kind of value each holds. */
export const FACTS = {
  district: 'text',
  industry: 'industry',
  size: 'size',
  taxCredit: 'taxCredit',
  employees: 'number',
  revenue: 'number',
  assets: 'number',
  registeredCapital: 'number',
  rdRatio: 'number',
  establishedYears: 'number',
  qualifications: 'set',
} as const;
export type Fact = keyof typeof FACTS;
export const FactName = z.enum(Object.keys(FACTS) as [Fact, ...Fact[]]);

export const OPERATORS = ['in', 'notIn', 'prefix', '>=', '>', '<=', '<', '==', 'includes'] as const;
export const Operator = z.enum(OPERATORS);
export type Operator = z.infer<typeof Operator>;

/** Which operators each kind of fact takes. */
const OPERATORS_BY_KIND: Record<(typeof FACTS)[Fact], readonly Operator[]> = {
  text: ['in', 'notIn', '=='],
  industry: ['in', 'notIn', 'prefix', '=='],
  size: ['in', 'notIn', '=='],
  taxCredit: ['in', 'notIn', '=='],
  number: ['>=', '>', '<=', '<', '=='],
  set: ['includes'],
};

/** The operators a fact takes (the editor's form offers these). */
export const operatorsFor = (fact: Fact): readonly Operator[] => OPERATORS_BY_KIND[FACTS[fact]];

const ItemId = z.string().trim().min(1).max(64);
const ItemText = z.string().trim().min(1).max(500);

export const ConditionItem = z.strictObject({
  id: ItemId,
  fact: FactName,
  op: Operator,
  value: z.union([z.number().finite(), z.string().trim().min(1).max(100), z.array(z.string().trim().min(1).max(100)).min(1).max(200)]),
  text: ItemText,
});
export type ConditionItem = z.infer<typeof ConditionItem>;

export const ManualItem = z.strictObject({ id: ItemId, text: ItemText, check: z.literal('manual') });
export type ManualItem = z.infer<typeof ManualItem>;

export type EligibilityNode = ConditionItem | ManualItem | { all: EligibilityNode[] } | { any: EligibilityNode[] } | { not: EligibilityNode };

/** An item's operator and value must fit its fact: refused at import and in the editor, with the field named. */
function checkItem(item: ConditionItem, ctx: z.RefinementCtx): void {
  const kind = FACTS[item.fact];
  if (!OPERATORS_BY_KIND[kind].includes(item.op)) {
    ctx.addIssue({ code: 'custom', path: ['op'], message: `${item.fact} 不能用 ${item.op}，可用：${OPERATORS_BY_KIND[kind].join(' ')}` });
    return;
  }
  const values = Array.isArray(item.value) ? item.value : [item.value];
  const fail = (message: string) => ctx.addIssue({ code: 'custom', path: ['value'], message });
  if (item.op === 'in' || item.op === 'notIn') {
    if (!Array.isArray(item.value)) return fail(`${item.op} 的 value 应为数组`);
  } else if (item.op === 'prefix') {
    if (values.some((v) => typeof v !== 'string')) return fail('prefix 的 value 应为行业代码或其数组');
  } else if (kind === 'number') {
    if (typeof item.value !== 'number') return fail(`${item.fact} 的 value 应为数字`);
  } else if (Array.isArray(item.value)) {
    return fail(`${item.op} 的 value 应为单个值`);
  }
  for (const v of values) {
    if (kind === 'size' && !(SIZES as readonly unknown[]).includes(v)) fail(`企业规模应为 ${SIZES.join('、')} 之一`);
    if (kind === 'taxCredit' && !TaxCredit.safeParse(v).success) fail('纳税信用等级应为 A、B、M、C、D 之一');
    if (kind === 'set' && !Qualification.safeParse(v).success) fail(`未知的资质：${String(v)}`);
    if (kind === 'industry' && (typeof v !== 'string' || !/^[A-T](\d{2}|\d{3}|\d{4})?$/.test(v))) fail(`行业代码应为 GB/T 4754-2017 代码：${String(v)}`);
  }
}

const MAX_DEPTH = 12;
const MAX_ITEMS = 200;

type Issue = { path: PropertyKey[]; message: string };

/** One node, dispatched on its keys so that an error names the field that is wrong (a union would report every branch). */
function parseNode(value: unknown, path: PropertyKey[], depth: number, issues: Issue[]): EligibilityNode | undefined {
  if (depth > MAX_DEPTH) {
    issues.push({ path, message: `条件嵌套不能超过 ${MAX_DEPTH} 层` });
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    issues.push({ path, message: '条件应为对象：{all}、{any}、{not}、条件项或人工核验项' });
    return undefined;
  }
  const keys = Object.keys(value);
  for (const group of ['all', 'any'] as const) {
    if (!(group in value)) continue;
    const children = (value as Record<string, unknown>)[group];
    if (keys.length !== 1) issues.push({ path, message: `${group} 节点只能有 ${group} 一个字段` });
    if (!Array.isArray(children) || children.length === 0 || children.length > 100) {
      issues.push({ path: [...path, group], message: `${group} 应为 1 到 100 个条件的数组` });
      return undefined;
    }
    const parsed = children.map((child, i) => parseNode(child, [...path, group, i], depth + 1, issues));
    return parsed.every((n) => n !== undefined) ? ({ [group]: parsed } as EligibilityNode) : undefined;
  }
  if ('not' in value) {
    if (keys.length !== 1) issues.push({ path, message: 'not 节点只能有 not 一个字段' });
    const child = parseNode((value as { not: unknown }).not, [...path, 'not'], depth + 1, issues);
    return child && { not: child };
  }
  const schema = 'check' in value ? ManualItem : ConditionItem.superRefine(checkItem);
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) issues.push({ path: [...path, ...issue.path], message: issue.message });
    return undefined;
  }
  return parsed.data;
}

/** A policy's eligibility: the tree, with item ids unique within it. */
export const Eligibility = z.unknown().transform((value, ctx): EligibilityNode => {
  const issues: Issue[] = [];
  const root = parseNode(value, [], 0, issues);
  if (root) {
    const items = itemsOf(root);
    if (items.length > MAX_ITEMS) issues.push({ path: [], message: `条件项不能超过 ${MAX_ITEMS} 个` });
    const seen = new Set<string>();
    for (const item of items) {
      if (seen.has(item.id)) issues.push({ path: [], message: `条件编号重复：${item.id}` });
      seen.add(item.id);
    }
  }
  for (const issue of issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  return issues.length === 0 && root ? root : z.NEVER;
});
export type Eligibility = EligibilityNode;

export function isItem(node: EligibilityNode): node is ConditionItem | ManualItem {
  return 'id' in node;
}

/**
 * Every item of a tree, in order. Trees are never changed once parsed, so each tree's list is kept:
 * the policy dialog's chooser asks for it hundreds of thousands of times per question.
 */
const itemsCache = new WeakMap<EligibilityNode, readonly (ConditionItem | ManualItem)[]>();
export function itemsOf(node: EligibilityNode): readonly (ConditionItem | ManualItem)[] {
  const cached = itemsCache.get(node);
  if (cached) return cached;
  const items = Object.freeze(collectItems(node, []));
  itemsCache.set(node, items);
  return items;
}

function collectItems(node: EligibilityNode, out: (ConditionItem | ManualItem)[]): (ConditionItem | ManualItem)[] {
  if (isItem(node)) out.push(node);
  else if ('all' in node) for (const child of node.all) collectItems(child, out);
  else if ('any' in node) for (const child of node.any) collectItems(child, out);
  else collectItems(node.not, out);
  return out;
}
