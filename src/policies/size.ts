/**
 * Enterprise size (大型/中型/小型/微型) by 统计上大中小微型企业划分办法（2017）: per industry, the
 * indicators it uses (X 从业人员, Y 营业收入 万元, Z 资产总额 万元) and each size's lower bounds.
 * Sections the rules do not cover (金融, 教育, 卫生, 公共管理, 国际组织) have no size.
 * A size needs every indicator at or above its bounds ("须同时满足所列指标的下限，否则下划一档"),
 * so one known indicator below the 小型 bounds already makes an enterprise 微型; otherwise a missing
 * indicator leaves the size unknown.
 */
import type { EnterpriseProfile } from './profile';

export const SIZES = ['大型', '中型', '小型', '微型'] as const;
export type EnterpriseSize = (typeof SIZES)[number];

export type Indicator = 'employees' | 'revenue' | 'assets';
/** Lower bounds of 大型, 中型, 小型 per indicator. */
type Bounds = Partial<Record<Indicator, readonly [number, number, number]>>;

interface Sector {
  name: string;
  bounds: Bounds;
}

const SECTORS = {
  agriculture: { name: '农、林、牧、渔业', bounds: { revenue: [20000, 500, 50] } },
  industry: { name: '工业', bounds: { employees: [1000, 300, 20], revenue: [40000, 2000, 300] } },
  construction: { name: '建筑业', bounds: { revenue: [80000, 6000, 300], assets: [80000, 5000, 300] } },
  wholesale: { name: '批发业', bounds: { employees: [200, 20, 5], revenue: [40000, 5000, 1000] } },
  retail: { name: '零售业', bounds: { employees: [300, 50, 10], revenue: [20000, 500, 100] } },
  transport: { name: '交通运输业', bounds: { employees: [1000, 300, 20], revenue: [30000, 3000, 200] } },
  warehousing: { name: '仓储业', bounds: { employees: [200, 100, 20], revenue: [30000, 1000, 100] } },
  postal: { name: '邮政业', bounds: { employees: [1000, 300, 20], revenue: [30000, 2000, 100] } },
  accommodation: { name: '住宿业', bounds: { employees: [300, 100, 10], revenue: [10000, 2000, 100] } },
  catering: { name: '餐饮业', bounds: { employees: [300, 100, 10], revenue: [10000, 2000, 100] } },
  telecom: { name: '信息传输业', bounds: { employees: [2000, 100, 10], revenue: [100000, 1000, 100] } },
  software: { name: '软件和信息技术服务业', bounds: { employees: [300, 100, 10], revenue: [10000, 1000, 50] } },
  realEstate: { name: '房地产开发经营', bounds: { revenue: [200000, 1000, 100], assets: [10000, 5000, 2000] } },
  propertyManagement: { name: '物业管理', bounds: { employees: [1000, 300, 100], revenue: [5000, 1000, 500] } },
  leasing: { name: '租赁和商务服务业', bounds: { employees: [300, 100, 10], assets: [120000, 8000, 100] } },
  other: { name: '其他未列明行业', bounds: { employees: [300, 100, 10] } },
} as const satisfies Record<string, Sector>;

/** The sector whose bounds apply to a GB/T 4754-2017 code, or undefined without a code. */
export function sectorOf(industry: string | undefined): Sector | undefined {
  if (!industry) return undefined;
  const section = industry[0]!;
  const division = industry.slice(1, 3);
  const group = industry.slice(1, 4);
  switch (section) {
    case 'A':
      return SECTORS.agriculture;
    case 'B':
    case 'C':
    case 'D':
      return SECTORS.industry;
    case 'E':
      return SECTORS.construction;
    case 'F':
      return division === '51' ? SECTORS.wholesale : division === '52' ? SECTORS.retail : undefined;
    case 'G':
      if (!division) return undefined;
      // 交通运输业 excludes 铁路运输业 (53), which falls to 其他未列明行业.
      if (division === '53') return SECTORS.other;
      if (division === '59') return SECTORS.warehousing;
      if (division === '60') return SECTORS.postal;
      return SECTORS.transport;
    case 'H':
      return division === '61' ? SECTORS.accommodation : division === '62' ? SECTORS.catering : undefined;
    case 'I':
      if (!division) return undefined;
      return division === '65' ? SECTORS.software : SECTORS.telecom;
    case 'K':
      if (group === '701') return SECTORS.realEstate;
      if (group === '702') return SECTORS.propertyManagement;
      // Other real-estate groups are 其他未列明; a bare K or K70 does not say which.
      return group.length === 3 ? SECTORS.other : undefined;
    case 'L':
      return SECTORS.leasing;
    // The 2017 rules do not cover 金融业 (J: its own standard), 教育 (P), 卫生 (Q84), 公共管理 (S)
    // and 国际组织 (T): no size from them.
    case 'J':
    case 'P':
    case 'S':
    case 'T':
      return undefined;
    case 'Q':
      return division === '85' ? SECTORS.other : undefined;
    default:
      return SECTORS.other;
  }
}

/** The size, or undefined when the industry or an indicator it needs is missing. */
export function enterpriseSize(profile: Pick<EnterpriseProfile, 'industry' | 'employees' | 'revenue' | 'assets'>): EnterpriseSize | undefined {
  const sector = sectorOf(profile.industry);
  if (!sector) return undefined;
  const indicators = Object.entries(sector.bounds) as [Indicator, readonly [number, number, number]][];
  // One known indicator below 小型's bound: 微型, whatever the others.
  for (const [indicator, bounds] of indicators) {
    const value = profile[indicator];
    if (value !== undefined && value < bounds[2]) return '微型';
  }
  if (indicators.some(([indicator]) => profile[indicator] === undefined)) return undefined;
  for (let tier = 0; tier < 3; tier++) {
    if (indicators.every(([indicator, bounds]) => profile[indicator]! >= bounds[tier]!)) return SIZES[tier];
  }
  return '微型';
}

/**
 * The size bounds on an indicator: the sector's when the industry says it, else every sector's
 * (where a range of employees or revenue can change a size).
 */
export function sizeBounds(indicator: Indicator, industry?: string): number[] {
  const sector = sectorOf(industry);
  const sectors: Sector[] = sector ? [sector] : Object.values(SECTORS);
  const out = new Set<number>();
  for (const s of sectors) for (const b of (s.bounds as Bounds)[indicator] ?? []) out.add(b);
  return [...out].sort((a, b) => a - b);
}
