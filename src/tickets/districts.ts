/**
 * The city's districts and towns (knowledge-base/districts.json). An enterprise's district must be
 * one of them (or 市本级), so the routing backend can dispatch to the right district office.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { DISTRICT_ERROR_CODES, type DistrictErrorCode } from './codes';

export { DISTRICT_ERROR_CODES, type DistrictErrorCode };

const Name = z.string().trim().min(1).max(50);

export const DistrictConfig = z.strictObject({
  name: Name,
  /** Short or popular names people type: "高新区" for "示例高新技术产业开发区". */
  aliases: z.array(Name).default([]),
  /** 乡镇 and 街道. */
  towns: z.array(Name).default([]),
});
export type DistrictConfig = z.infer<typeof DistrictConfig>;

export const DistrictsFile = z
  .strictObject({
    $comment: z.string().optional(),
    city: Name,
    /** The pseudo-district for city-level enterprises, usually "市本级". */
    cityLevel: Name,
    districts: z.array(DistrictConfig).min(1),
  })
  .check((ctx) => {
    // A name or alias that points at two districts would make resolution depend on file order.
    const seen = new Set<string>([ctx.value.cityLevel]);
    ctx.value.districts.forEach((d, i) => {
      for (const n of [d.name, ...d.aliases]) {
        if (seen.has(n))
          ctx.issues.push({
            code: 'custom',
            message: `duplicate district name or alias: ${n}`,
            params: { code: 'districts_duplicate' },
            path: ['districts', i],
            input: d,
          });
        seen.add(n);
      }
      if (new Set(d.towns).size !== d.towns.length)
        ctx.issues.push({
          code: 'custom',
          message: `duplicate town in ${d.name}`,
          params: { code: 'districts_duplicate' },
          path: ['districts', i, 'towns'],
          input: d.towns,
        });
    });
  });
export type Districts = z.infer<typeof DistrictsFile>;

export function parseDistricts(data: unknown): Districts {
  return DistrictsFile.parse(data);
}

/** Loader: the only I/O in this module. Throws with zod's issues if the file is malformed. */
export function loadDistricts(path: string): Districts {
  return parseDistricts(JSON.parse(readFileSync(path, 'utf8')));
}

export type DistrictMatch =
  | { ok: true; district: string; town?: string; cityLevel: boolean }
  | { ok: false; code: DistrictErrorCode };

/**
 * Resolve what the enterprise typed to the canonical district name. Accepts the name, an alias, or
 * either prefixed with the city ("示例市东城区").
 */
export function resolveDistrict(config: Districts, district: string, town?: string): DistrictMatch {
  let name = district.trim();
  if (name.startsWith(config.city) && name.length > config.city.length) name = name.slice(config.city.length);
  if (name === config.cityLevel || name === config.city) {
    return town === undefined ? { ok: true, district: config.cityLevel, cityLevel: true } : { ok: false, code: 'town_unknown' };
  }
  const found = config.districts.find((d) => d.name === name || d.aliases.includes(name));
  if (!found) return { ok: false, code: 'district_unknown' };
  if (town === undefined) return { ok: true, district: found.name, cityLevel: false };
  const t = town.trim();
  if (!found.towns.includes(t)) return { ok: false, code: 'town_unknown' };
  return { ok: true, district: found.name, town: t, cityLevel: false };
}

/** Every canonical name, 市本级 first: for pick lists in channels. */
export function districtNames(config: Districts): string[] {
  return [config.cityLevel, ...config.districts.map((d) => d.name)];
}
