/**
 * Suggested condition items from a policy's 申报条件 text (政策颗粒化 by patterns): 注册地, 成立年限,
 * 营业收入, 从业人员, 资产总额, 注册资本, 研发投入占比, 资质, 纳税信用等级, 企业规模, 行业. An editor
 * confirms or rejects each suggestion; nothing here decides eligibility.
 *
 * The text is folded first (NFKC: full-width digits and punctuation; traditional → simplified), then
 * cut into fragments at ， ； 。 ： so that each item carries the fragment it came from. Amounts are
 * in 万元 (亿元 × 10000), numbers may be Arabic or Chinese (三年, 五十人, 两千万元). Comparators follow
 * the usage of Chinese regulations: 以上 / 以下 / 以内 include the bound, 超过 and 低于 / 不足 do not.
 * Revenue goes by several names (营业收入, 主营业务收入, 销售收入, 销售额, 营业额, 营收); 突破 is strictly
 * above, 达 / 至少 include the bound; months count as twelfths of a year (满24个月 is 2 years).
 * A sentence that excludes what it names (…不得申报, …除外, 不予支持) states the opposite condition:
 * sizes and credit grades become notIn (C级、D级的企业不得申报), amounts and counts flip their
 * comparison (营业收入低于50万元的不予支持 is revenue >= 50); qualifications there are not suggested.
 * A fragment that only states a preference (…的优先) suggests nothing.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { toSimplified } from '../zh';
import { FactName, Operator, type Fact } from './eligibility';
import type { Qualification } from './profile';

export const ExtractedItem = z.strictObject({
  fact: FactName,
  op: Operator,
  value: z.union([z.number(), z.string(), z.array(z.string())]),
  /** The clause fragment the item came from. */
  text: z.string(),
});
export type ExtractedItem = z.infer<typeof ExtractedItem>;

export interface DistrictNames {
  name: string;
  aliases?: readonly string[];
}

export interface ExtractOptions {
  /** The city's districts (default: knowledge-base/districts.json). */
  districts?: readonly DistrictNames[];
}

const KB_DIR = path.join(__dirname, '..', '..', 'knowledge-base');

let sampleDistricts: DistrictNames[] | undefined;
function defaultDistricts(): DistrictNames[] {
  sampleDistricts ??= (JSON.parse(readFileSync(path.join(KB_DIR, 'districts.json'), 'utf8')) as { districts: DistrictNames[] }).districts;
  return sampleDistricts;
}

/** Industry names (GB/T 4754-2017 sections and divisions, knowledge-base/industries.json) → code prefixes, longest first. */
let industryNames: [string, string[]][] | undefined;
function industries(): [string, string[]][] {
  if (!industryNames) {
    const file = JSON.parse(readFileSync(path.join(KB_DIR, 'industries.json'), 'utf8')) as {
      sections: { code: string; name: string; divisions: Record<string, string> }[];
    };
    const names = new Map<string, string[]>([['工业', ['B', 'C', 'D']]]);
    for (const section of file.sections) {
      if (!names.has(section.name)) names.set(section.name, [section.code]);
      for (const [division, name] of Object.entries(section.divisions)) if (!names.has(name)) names.set(name, [`${section.code}${division}`]);
    }
    industryNames = [...names].sort((a, b) => b[0].length - a[0].length);
  }
  return industryNames;
}

// ---- numbers ----

const CN_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const CN_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const NUM = '(?:\\d+(?:\\.\\d+)?|[零〇一二两三四五六七八九十百千]+)';

/** 1500, 3.5, 十, 五十, 一百五十, 两千. */
export function parseNumber(text: string): number | undefined {
  if (/^\d/.test(text)) return Number(text);
  let total = 0;
  let digit = 0;
  for (const ch of text) {
    if (ch in CN_DIGITS) digit = CN_DIGITS[ch]!;
    else if (ch in CN_UNITS) {
      total += (digit || 1) * CN_UNITS[ch]!;
      digit = 0;
    } else return undefined;
  }
  return total + digit;
}

// ---- comparators ----

const PRE_OPS: [string, Operator][] = [
  ['大于或等于', '>='],
  ['大于等于', '>='],
  ['小于或等于', '<='],
  ['小于等于', '<='],
  ['不低于', '>='],
  ['不少于', '>='],
  ['不小于', '>='],
  ['不超过', '<='],
  ['未超过', '<='],
  ['不高于', '<='],
  ['不大于', '<='],
  ['不多于', '<='],
  ['至少', '>='],
  ['未达到', '<'],
  ['未满', '<'],
  ['不满', '<'],
  ['不足', '<'],
  ['不到', '<'],
  ['达到', '>='],
  ['超过', '>'],
  ['突破', '>'],
  ['高于', '>'],
  ['大于', '>'],
  ['多于', '>'],
  ['低于', '<'],
  ['少于', '<'],
  ['小于', '<'],
  ['满', '>='],
  ['达', '>='],
];
const POST_OPS: [string, Operator][] = [
  ['(含)以上', '>='],
  ['以上(含)', '>='],
  ['及以上', '>='],
  ['或以上', '>='],
  ['以上', '>='],
  ['(含)以下', '<='],
  ['以下(含)', '<='],
  ['及以下', '<='],
  ['以下', '<='],
  ['以内', '<='],
  ['之内', '<='],
];
const alternation = (ops: [string, Operator][]) => ops.map(([w]) => w.replace(/[()]/g, '\\$&')).join('|');
const PRE = alternation(PRE_OPS);
const POST = alternation(POST_OPS);
const opOf = (pre: string | undefined, post: string | undefined): Operator | undefined =>
  (pre && PRE_OPS.find(([w]) => w === pre)?.[1]) || (post && POST_OPS.find(([w]) => w === post)?.[1]) || undefined;

/** What may stand between a keyword and its number: no digits, no percent, no clause break. */
const GAP = (max: number) => `[^,;。:!?\\d%]{0,${max}}?`;

// ---- the patterns ----

interface NumberPattern {
  fact: Fact;
  re: RegExp;
  /** Scale of the unit matched in group `unit`. */
  scale: (unit: string | undefined) => number;
}

const AMOUNT_UNIT = '(?<unit>亿|万)?元';
const amountScale = (unit: string | undefined) => (unit === '亿' ? 10000 : unit === '万' ? 1 : 1 / 10000);

const REVENUE_KW = '(?:主营业务收入|营业收入|销售收入|主营收入|营业额|销售额|营收|年收入)';
const ASSETS_KW = '(?:资产总额|总资产)';
const CAPITAL_KW = '(?:注册资本金?|注册资金)(?:实缴)?';
const EMPLOYEES_KW = '(?:从业人员|从业人数|职工人数|职工总数|员工人数|员工总数|在职职工|参保职工|雇工人数|雇员|员工|职工|雇工)';
const YEARS_KW = '(?:成立|设立|登记注册|注册登记|注册|经营|存续)';
const RD_KW = '(?:研发|研究开发|研究与试验发展|R&D)(?:费用|投入|经费)';

const amount = (fact: Fact, kw: string): NumberPattern => ({
  fact,
  re: new RegExp(`${kw}${GAP(12)}(?<pre>${PRE})?(?<num>${NUM})\\s*${AMOUNT_UNIT}(?<post>${POST})?`, 'g'),
  scale: amountScale,
});

const NUMBER_PATTERNS: NumberPattern[] = [
  amount('revenue', REVENUE_KW),
  amount('assets', ASSETS_KW),
  amount('registeredCapital', CAPITAL_KW),
  {
    fact: 'employees',
    re: new RegExp(`${EMPLOYEES_KW}${GAP(8)}(?<pre>${PRE})?(?<num>${NUM})\\s*(?:人|名)(?<post>${POST})?`, 'g'),
    scale: () => 1,
  },
  {
    fact: 'establishedYears',
    re: new RegExp(`${YEARS_KW}${GAP(8)}(?<pre>${PRE})?(?<num>${NUM})\\s*(?<unit>个月|个?周年|个?年)(?!度)(?<post>${POST})?`, 'g'),
    scale: (unit) => (unit === '个月' ? 1 / 12 : 1),
  },
  {
    fact: 'rdRatio',
    re: new RegExp(`${RD_KW}(?<gap>[^,;。:!?\\d%]{0,24}?)(?<pre>${PRE})?(?<num>\\d+(?:\\.\\d+)?)\\s*%(?<post>${POST})?`, 'g'),
    scale: () => 1,
  },
];

/** 营业收入在5000万元至10亿元之间. */
const AMOUNT_RANGE = (kw: string) =>
  new RegExp(`${kw}${GAP(8)}(?<a>${NUM})\\s*(?<ua>亿|万)?元?\\s*(?:至|到|-|~|—)\\s*(?<b>${NUM})\\s*(?<ub>亿|万)?元(?:之间)?`, 'g');
const RANGE_PATTERNS: [Fact, RegExp][] = [
  ['revenue', AMOUNT_RANGE(REVENUE_KW)],
  ['assets', AMOUNT_RANGE(ASSETS_KW)],
];

const QUALIFICATION_PATTERNS: [RegExp, Qualification][] = [
  [/(?:国家级)?(?:专精特新)?["“”']?小巨人["“”']?(?:企业)?/g, '专精特新"小巨人"企业'],
  [/专精特新(?:中小)?企业/g, '专精特新中小企业'],
  [/科技型中小企业/g, '科技型中小企业'],
  [/创新型中小企业/g, '创新型中小企业'],
  [/高新技术企业|高企(?!业)/g, '高新技术企业'],
  [/(?:规模以上|规上)工业(?:企业)?/g, '规模以上工业企业'],
  [/技术先进型服务企业/g, '技术先进型服务企业'],
  [/国家级企业技术中心/g, '国家级企业技术中心'],
  [/省级(?:及以上|以上)?企业技术中心/g, '省级企业技术中心'],
  [/瞪羚企业/g, '瞪羚企业'],
  [/独角兽企业/g, '独角兽企业'],
  [/上市(?:企业|公司)/g, '上市企业'],
  [/外商投资企业|外资企业/g, '外商投资企业'],
  [/个体工商户/g, '个体工商户'],
];

/** The qualifications a text names, by their full names or usual short forms ("高企", "小巨人"). */
export function qualificationsIn(text: string): Qualification[] {
  const plain = toSimplified(text.normalize('NFKC'));
  const found = new Set<Qualification>();
  let rest = plain;
  for (const [re, qualification] of QUALIFICATION_PATTERNS) {
    // The longer names come first: "专精特新小巨人" is not also 专精特新中小企业.
    const next = rest.replace(new RegExp(re.source, 'g'), ' ');
    if (next !== rest) found.add(qualification);
    rest = next;
  }
  if (rest.includes('专精特新')) found.add('专精特新中小企业');
  return [...found];
}

const SIZE_PATTERNS: [RegExp, string[]][] = [
  // Coordinated sizes sharing one 企业: 小型、微型企业, 中型和小型企业, 中、小、微型企业.
  [/[大中小微]型?(?:(?:、|和|及|与|或者|或|以及)[大中小微]型?)+企业/g, []],
  [/中小微(?:型)?企业/g, ['中型', '小型', '微型']],
  [/中小企业/g, ['中型', '小型', '微型']],
  [/小微(?:型)?企业/g, ['小型', '微型']],
  [/微型企业/g, ['微型']],
  [/小型企业/g, ['小型']],
  [/中型企业/g, ['中型']],
  [/大型企业/g, ['大型']],
];

/** 纳税信用等级为B级及以上, 纳税信用评价结果为A级或B级, 纳税信用等级不是D级, A级纳税人. */
const SIZE_ORDER = ['大型', '中型', '小型', '微型'];

const TAX_CREDIT =
  /纳税信用[^,;。:!?\dA-Z]{0,10}?(?<neg>不是|不为|非)?(?<grades>[ABMCD]级(?:(?:、|或者|或|和|及|与|\/)[ABMCD]级)*)(?<post>及以上|\(含\)以上|以上)?|(?<grade2>[ABM])级纳税人(?<post2>及以上|以上)?/g;
const CREDIT_ORDER = ['A', 'B', 'M', 'C', 'D'];

/** A sentence that excludes what it names: its qualifications are not requirements. */
const EXCLUDING = /不再|不予|除外|不在(?:支持|补助|奖励|扶持)?范围|不属于|不得申报|不享受|不适用|不能享受|不纳入/;

const PREFERENCE = /优先|予以倾斜/;

/** 个体工商户 named among alternatives (企业、个体工商户等 / 含个体工商户) is not a requirement. */
const ALTERNATIVE_BEFORE = /[、或和及含与]$/;
const ALTERNATIVE_AFTER = /^[、或和及等]/;

interface Found extends ExtractedItem {
  at: number;
}

/** Blank out a span so that later patterns do not see it again. */
const mask = (s: string, start: number, length: number) => s.slice(0, start) + '\u3000'.repeat(length) + s.slice(start + length);

function fold(text: string): string {
  return toSimplified(text.normalize('NFKC'));
}

function fragmentText(fragment: string): string {
  return fragment.replace(/^\s*(?:\d+[.、]|\(\s*[一二三四五六七八九十\d]+\s*\)|[一二三四五六七八九十]+、)\s*/, '').trim();
}

function extractFragment(fragment: string, sentence: string, at: number, districts: readonly DistrictNames[], out: Found[]): void {
  const text = fragmentText(fragment);
  // A preference (…的优先, 优先支持…) says who comes first, not who may apply.
  if (!text || PREFERENCE.test(fragment)) return;
  const excluding = EXCLUDING.test(sentence);
  const push = (fact: Fact, op: Operator, value: ExtractedItem['value'], offset: number) => out.push({ fact, op, value, text, at: at + offset });
  let s = fragment;

  // Qualifications first: their names hold 中小企业 and 工业, which must not count as size or industry.
  for (const [re, qualification] of QUALIFICATION_PATTERNS) {
    for (const m of s.matchAll(re)) {
      s = mask(s, m.index, m[0].length);
      if (excluding) continue;
      if (qualification === '个体工商户') {
        const before = fragment.slice(0, m.index);
        const after = fragment.slice(m.index + m[0].length);
        if (ALTERNATIVE_BEFORE.test(before) || ALTERNATIVE_AFTER.test(after) || /或|等/.test(before.slice(-12))) continue;
      }
      push('qualifications', 'includes', qualification, m.index);
    }
  }

  for (const [re, fixed] of SIZE_PATTERNS) {
    for (const m of s.matchAll(re)) {
      s = mask(s, m.index, m[0].length);
      const sizes = fixed.length > 0 ? fixed : SIZE_ORDER.filter((size) => m[0].includes(size[0]!));
      // Sizes in a sentence that excludes them (大型企业…不予支持) must not be the enterprise's; 大型 alone is never a requirement here.
      if (excluding) push('size', 'notIn', sizes, m.index);
      else if (sizes.join() !== '大型') push('size', 'in', sizes, m.index);
    }
  }

  for (const [fact, re] of RANGE_PATTERNS) {
    for (const m of s.matchAll(re)) {
      const g = m.groups!;
      const low = parseNumber(g.a!);
      const high = parseNumber(g.b!);
      s = mask(s, m.index, m[0].length);
      if (low === undefined || high === undefined) continue;
      push(fact, '>=', round(low * amountScale(g.ua ?? g.ub)), m.index);
      push(fact, '<=', round(high * amountScale(g.ub)), m.index);
    }
  }

  for (const pattern of NUMBER_PATTERNS) {
    for (const m of s.matchAll(pattern.re)) {
      const g = m.groups!;
      if (pattern.fact === 'rdRatio' && !/占|强度|比例|比重/.test(m[0])) continue;
      const op = opOf(g.pre, g.post);
      const n = parseNumber(g.num!);
      if (!op || n === undefined) continue;
      // 营业收入低于50万元的企业不予支持: the enterprise must have at least 50.
      push(pattern.fact, excluding ? (NEGATED[op] ?? op) : op, round(n * pattern.scale(g.unit)), m.index);
    }
  }

  for (const m of s.matchAll(TAX_CREDIT)) {
    const g = m.groups!;
    const grades = g.grade2 ? [g.grade2] : [...new Set(g.grades!.match(/[ABMCD](?=级)/g)!)];
    // "及以上" after a list bounds it by its lowest grade.
    const lowest = Math.max(...grades.map((x) => CREDIT_ORDER.indexOf(x)));
    const listed = (g.post ?? g.post2) ? CREDIT_ORDER.slice(0, lowest + 1) : grades;
    // Named in a sentence that excludes it (C级、D级的企业不得申报) or negated (不是D级): must not be one of them.
    push('taxCredit', g.neg || excluding ? 'notIn' : 'in', listed, m.index);
  }

  // Industries named in one fragment are alternatives: one prefix item. An excluded one has no flat form.
  const named: [number, string[]][] = [];
  for (const [name, prefixes] of industries()) {
    let from = 0;
    for (let i = s.indexOf(name, from); i >= 0; i = s.indexOf(name, from)) {
      from = i + name.length;
      if (!/^(?:的?(?:企业|单位|公司)|或|、|和|及|类|行业|领域|\(|$)/.test(s.slice(from))) continue;
      s = mask(s, i, name.length);
      named.push([i, prefixes]);
    }
  }
  named.sort((a, b) => a[0] - b[0]);
  const codes = [...new Set(named.flatMap(([, prefixes]) => prefixes))];
  const firstIndustry = named[0]?.[0] ?? 0;
  if (codes.length > 0 && !excluding) push('industry', 'prefix', codes, firstIndustry);

  // Districts: only where the fragment speaks of registration (注册地, 登记, 落户 …).
  if (/注册|登记|落户|税收|所在地|位于|辖区/.test(fragment)) {
    const names = districts.flatMap((d) => [d.name, ...(d.aliases ?? [])].map((n) => [n, d.name] as const)).sort((a, b) => b[0].length - a[0].length);
    const named: [number, string][] = [];
    for (const [alias, name] of names) {
      for (let i = s.indexOf(alias); i >= 0; i = s.indexOf(alias)) {
        s = mask(s, i, alias.length);
        named.push([i, name]);
      }
    }
    named.sort((a, b) => a[0] - b[0]);
    const found = [...new Set(named.map(([, name]) => name))];
    const firstDistrict = named[0]?.[0] ?? 0;
    if (found.length > 0) push('district', excluding ? 'notIn' : 'in', found, firstDistrict);
  }
}

const NEGATED: Partial<Record<Operator, Operator>> = { '>=': '<', '>': '<=', '<=': '>', '<': '>=' };

const round = (n: number) => Math.round(n * 10000) / 10000;

/** Suggested condition items for a 申报条件 clause, in the order they appear; identical items once. */
export function extractConditions(text: string, options: ExtractOptions = {}): ExtractedItem[] {
  const districts = options.districts ?? defaultDistricts();
  const folded = fold(text);
  const found: Found[] = [];
  // Sentences end at 。 ; ! ? and line breaks; fragments also at , and :.
  const sentenceRe = /[^。;!?\n]+[。;!?\n]?/g;
  for (const sm of folded.matchAll(sentenceRe)) {
    const sentence = sm[0];
    const fragmentRe = /[^,:。;!?\n]+/g;
    for (const fm of sentence.matchAll(fragmentRe)) extractFragment(fm[0], sentence, sm.index + fm.index, districts, found);
  }
  found.sort((a, b) => a.at - b.at);
  const seen = new Set<string>();
  const items: ExtractedItem[] = [];
  for (const { at: _at, ...item } of found) {
    const key = `${item.fact}|${item.op}|${JSON.stringify(item.value)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    items.push(item);
  }
  return items;
}
