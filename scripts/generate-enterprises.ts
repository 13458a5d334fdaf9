/**
 * The synthetic enterprise registry shipped with the sample knowledge base: a few hundred made-up
 * enterprises of the sample city (knowledge-base/districts.json), generated from a fixed seed so the
 * file is the same on every run. Every row is marked 合成数据 = 是; names say 示例; the credit codes
 * pass the GB 32100 and GB 11714 checks but belong to nobody (region code 990000, not a real one).
 *
 *   npx tsx scripts/generate-enterprises.ts [--count 300] [--seed 20261205] [--out knowledge-base/enterprises.sample.csv]
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { orgCodeCheckChar, USCC_CHARSET, usccCheckChar } from '../src/identifiers';
import { QUALIFICATIONS } from '../src/policies';
import { seededRandom } from '../src/util';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '300' },
    seed: { type: 'string', default: '20261205' },
    out: { type: 'string', default: 'knowledge-base/enterprises.sample.csv' },
  },
});

const rand = seededRandom(Number(values.seed));
const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
const between = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
const chance = (p: number): boolean => rand() < p;

const DISTRICTS = ['东城区', '西城区', '南湖区', '示例区', '示例高新技术产业开发区', '青溪县', '临江县'];
/** Industry codes with the words a name takes and how big such enterprises tend to be. */
const INDUSTRIES: { code: string; word: string; scale: number }[] = [
  { code: 'C3911', word: '计算机制造', scale: 3 },
  { code: 'C3311', word: '金属结构制造', scale: 2 },
  { code: 'C3461', word: '机械设备', scale: 2 },
  { code: 'C2614', word: '新材料', scale: 2 },
  { code: 'C1371', word: '食品', scale: 1 },
  { code: 'C3562', word: '电子设备', scale: 2 },
  { code: 'I6513', word: '软件', scale: 1 },
  { code: 'I6520', word: '信息技术', scale: 1 },
  { code: 'F5123', word: '商贸', scale: 1 },
  { code: 'F5261', word: '超市', scale: 0 },
  { code: 'H6210', word: '餐饮', scale: 0 },
  { code: 'H6110', word: '酒店', scale: 1 },
  { code: 'E4710', word: '建设工程', scale: 2 },
  { code: 'G5430', word: '物流', scale: 1 },
  { code: 'L7221', word: '企业管理咨询', scale: 0 },
  { code: 'M7320', word: '检测技术', scale: 1 },
];
const WORDS = ['东方', '华信', '明远', '青禾', '瑞丰', '星河', '恒达', '启航', '云帆', '金穗', '博远', '安和', '立新', '长青', '晨光', '鼎盛', '汇通', '嘉木', '润泽', '天成'];

/** A credit code that passes both checks: 9 (工商) 1 (企业), region 990000, organisation code, check character. */
function creditCode(): string {
  const org = Array.from({ length: 8 }, () => pick('0123456789ABCDEFGHJKLMNPQRTUWXY'.split(''))).join('');
  const first17 = `91990000${org}${orgCodeCheckChar(org)}`;
  if ([...first17].some((ch) => !USCC_CHARSET.includes(ch))) return creditCode();
  return first17 + usccCheckChar(first17);
}

const date = (from: number, to: number): string => `${between(from, to)}-${String(between(1, 12)).padStart(2, '0')}-${String(between(1, 28)).padStart(2, '0')}`;
const csvField = (v: string | number | undefined): string => (v === undefined ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));

const HEADER = ['企业名称', '统一社会信用代码', '所属区', '行业代码', '成立日期', '从业人员', '营业收入(万元)', '资产总额(万元)', '注册资本(万元)', '资质', '研发投入占比(%)', '纳税信用等级', '合成数据'];
const rows: string[] = [HEADER.join(',')];
const names = new Set<string>();
const count = Number(values.count);
for (let i = 0; i < count; i++) {
  const industry = pick(INDUSTRIES);
  const individual = industry.scale === 0 && chance(0.3);
  let name: string;
  do name = `示例${pick(WORDS)}${pick(WORDS)}${industry.word}${individual ? '店' : '有限公司'}`;
  while (names.has(name));
  names.add(name);
  // Size drawn per enterprise: most small or micro, a few medium or large (as in a real city).
  const tier = individual ? 0 : Math.min(3, Math.max(0, Math.floor(rand() * 2.2 + industry.scale * 0.5)));
  const employees = individual ? between(1, 8) : [between(3, 19), between(20, 299), between(300, 999), between(1000, 3000)][tier]!;
  const revenue = individual ? between(10, 150) : [between(50, 299), between(300, 1999), between(2000, 39_999), between(40_000, 200_000)][tier]!;
  const assets = Math.round(revenue * (0.5 + rand() * 1.5));
  const quals = new Set<string>();
  if (individual) quals.add('个体工商户');
  else {
    const tech = industry.code.startsWith('C') || industry.code.startsWith('I') || industry.code.startsWith('M');
    if (tech && chance(0.3)) quals.add('高新技术企业');
    if (tech && chance(0.35)) quals.add('科技型中小企业');
    if (tech && tier >= 1 && chance(0.15)) quals.add('专精特新中小企业');
    if (industry.code.startsWith('C') && revenue >= 2000 && chance(0.8)) quals.add('规模以上工业企业');
    if (chance(0.05)) quals.add(pick(QUALIFICATIONS.filter((q) => q !== '个体工商户')));
  }
  const tech = quals.has('高新技术企业') || quals.has('科技型中小企业');
  // About one enterprise in ten misses a fact, as registries do: those are what "unknown" is for.
  const missing = (): boolean => chance(0.08);
  rows.push(
    [
      name,
      individual && chance(0.2) ? undefined : creditCode(),
      missing() ? undefined : pick(DISTRICTS),
      industry.code,
      missing() ? undefined : date(1998, 2025),
      missing() ? undefined : employees,
      missing() ? undefined : revenue,
      missing() ? undefined : assets,
      individual ? undefined : between(10, 5000),
      [...quals].join('、') || undefined,
      missing() ? undefined : tech ? (3 + rand() * 9).toFixed(1) : (rand() * 3).toFixed(1),
      missing() ? undefined : pick(['A', 'A', 'B', 'B', 'M', 'C', 'D']),
      '是',
    ]
      .map(csvField)
      .join(','),
  );
}
writeFileSync(values.out!, rows.join('\n') + '\n', 'utf8');
console.log(`wrote ${values.out}: ${count} synthetic enterprises (seed ${values.seed})`);
