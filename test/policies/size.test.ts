/** Enterprise size by 统计上大中小微型企业划分办法（2017）: bounds, the "lower all indicators" rule, missing facts. */
import { enterpriseSize, sectorOf } from '../../src/policies';

describe('enterprise size', () => {
  it('industry (工业) needs both employees and revenue at each bound', () => {
    expect(enterpriseSize({ industry: 'C3911', employees: 1000, revenue: 40000 })).toBe('大型');
    expect(enterpriseSize({ industry: 'C3911', employees: 999, revenue: 40000 })).toBe('中型');
    expect(enterpriseSize({ industry: 'C3911', employees: 300, revenue: 2000 })).toBe('中型');
    expect(enterpriseSize({ industry: 'C3911', employees: 300, revenue: 1999 })).toBe('小型');
    expect(enterpriseSize({ industry: 'C3911', employees: 20, revenue: 300 })).toBe('小型');
    expect(enterpriseSize({ industry: 'C3911', employees: 19, revenue: 300 })).toBe('微型');
    // Many people, little revenue: every indicator must reach a size's bound, else one size down.
    expect(enterpriseSize({ industry: 'C3911', employees: 5000, revenue: 350 })).toBe('小型');
    expect(enterpriseSize({ industry: 'B0610', employees: 5000, revenue: 100 })).toBe('微型');
  });

  it('uses each sector’s own indicators', () => {
    expect(enterpriseSize({ industry: 'F5123', employees: 20, revenue: 5000 })).toBe('中型'); // 批发
    expect(enterpriseSize({ industry: 'F5212', employees: 20, revenue: 5000 })).toBe('小型'); // 零售
    expect(enterpriseSize({ industry: 'I6510', employees: 100, revenue: 1000 })).toBe('中型'); // 软件
    expect(enterpriseSize({ industry: 'I6510', employees: 10, revenue: 50 })).toBe('小型');
    expect(enterpriseSize({ industry: 'E4710', revenue: 80000, assets: 80000 })).toBe('大型'); // 建筑: Y and Z
    expect(enterpriseSize({ industry: 'E4710', revenue: 80000, assets: 4999 })).toBe('小型');
    expect(enterpriseSize({ industry: 'L7211', employees: 100, assets: 8000 })).toBe('中型'); // 租赁和商务服务: X and Z
    expect(enterpriseSize({ industry: 'H6210', employees: 300, revenue: 10000 })).toBe('大型'); // 餐饮
    expect(enterpriseSize({ industry: 'G5411', employees: 300, revenue: 3000 })).toBe('中型'); // 交通运输
    expect(enterpriseSize({ industry: 'M7320', employees: 100 })).toBe('中型'); // 其他未列明: X only
    expect(enterpriseSize({ industry: 'M7320', employees: 9 })).toBe('微型');
    expect(enterpriseSize({ industry: 'Q8520', employees: 9 })).toBe('微型'); // 社会工作 is covered
    // Sections the 2017 rules do not cover: 金融, 教育, 卫生, 公共管理.
    for (const industry of ['J6620', 'P8310', 'Q8411', 'S9220']) expect(enterpriseSize({ industry, employees: 9, revenue: 10, assets: 10 })).toBeUndefined();
    expect(sectorOf('G5310')?.name).toBe('其他未列明行业'); // 铁路运输 is not 交通运输业 here
  });

  it('is unknown when the industry or a needed indicator is missing, unless one known indicator is already below 小型', () => {
    expect(enterpriseSize({ employees: 50, revenue: 1000 })).toBeUndefined();
    expect(enterpriseSize({ industry: 'C3911', employees: 500 })).toBeUndefined();
    expect(enterpriseSize({ industry: 'C3911', revenue: 50000 })).toBeUndefined();
    expect(enterpriseSize({ industry: 'C3911', employees: 5 })).toBe('微型');
    expect(enterpriseSize({ industry: 'E4710', assets: 100 })).toBe('微型');
    // Indicators the sector does not use do not matter.
    expect(enterpriseSize({ industry: 'M7320', employees: 150, revenue: 1 })).toBe('中型');
    // A section letter alone does not say whether 批发 or 零售.
    expect(enterpriseSize({ industry: 'F', employees: 3, revenue: 10 })).toBeUndefined();
  });
});
