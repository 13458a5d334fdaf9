import { join } from 'node:path';
import { districtNames, loadDistricts, parseDistricts, resolveDistrict } from '../../src/tickets/districts';

const districts = loadDistricts(join(__dirname, '../../knowledge-base/districts.json'));

describe('districts', () => {
  it('lists 市本级 and the sample city districts', () => {
    const names = districtNames(districts);
    expect(names[0]).toBe('市本级');
    expect(names.length).toBeGreaterThanOrEqual(6);
    expect(names).toContain('示例区'); // used by the sample knowledge base
  });

  it('resolves names, aliases and city-prefixed names', () => {
    expect(resolveDistrict(districts, '东城区')).toEqual({ ok: true, district: '东城区', cityLevel: false });
    expect(resolveDistrict(districts, '高新区')).toEqual({ ok: true, district: '示例高新技术产业开发区', cityLevel: false });
    expect(resolveDistrict(districts, '示例市南湖区')).toEqual({ ok: true, district: '南湖区', cityLevel: false });
    expect(resolveDistrict(districts, '市本级')).toEqual({ ok: true, district: '市本级', cityLevel: true });
    expect(resolveDistrict(districts, '示例市')).toEqual({ ok: true, district: '市本级', cityLevel: true });
  });

  it('checks that the town belongs to the district', () => {
    expect(resolveDistrict(districts, '青溪县', '桃源乡')).toEqual({ ok: true, district: '青溪县', town: '桃源乡', cityLevel: false });
    expect(resolveDistrict(districts, '东城区', '桃源乡')).toEqual({ ok: false, code: 'town_unknown' });
    expect(resolveDistrict(districts, '朝阳区')).toEqual({ ok: false, code: 'district_unknown' });
  });

  it('rejects a file where one name points at two districts', () => {
    expect(() =>
      parseDistricts({
        city: '示例市',
        cityLevel: '市本级',
        districts: [
          { name: '东城区', aliases: ['城区'] },
          { name: '西城区', aliases: ['城区'] },
        ],
      }),
    ).toThrow(/duplicate district name or alias: 城区/);
  });
});
