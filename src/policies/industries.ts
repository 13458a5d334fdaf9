/**
 * GB/T 4754-2017 sections and divisions by name (knowledge-base/industries.json): what an industry
 * code is called, and which code a name a person types ("软件", "餐饮") stands for.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { toSimplified } from '../zh';

const IndustriesFile = z.object({
  sections: z.array(z.object({ code: z.string(), name: z.string(), divisions: z.record(z.string(), z.string()) })),
});

const FILE = path.join(__dirname, '..', '..', 'knowledge-base', 'industries.json');

let names: Map<string, string> | undefined;
/** Code → name, for sections (C) and divisions (C39). */
export function industryNames(): ReadonlyMap<string, string> {
  if (!names) {
    const file = IndustriesFile.parse(JSON.parse(readFileSync(FILE, 'utf8')));
    names = new Map();
    for (const s of file.sections) {
      names.set(s.code, s.name);
      for (const [division, name] of Object.entries(s.divisions)) names.set(`${s.code}${division}`, name);
    }
  }
  return names;
}

/** The name of a code, or of its longest named prefix (C3911 → 计算机、通信和其他电子设备制造业). */
export function industryName(code: string): string | undefined {
  const all = industryNames();
  for (let n = code.length; n >= 1; n--) {
    const name = all.get(code.slice(0, n));
    if (name) return name;
  }
  return undefined;
}

/**
 * The code a text names: a code as such (C3911, i65), else the shortest industry name that holds
 * the text or that the text holds ("软件" → 软件和信息技术服务业 I65, "开餐馆的餐饮" → 餐饮业 H62).
 */
export function industryIn(text: string): string | undefined {
  const plain = toSimplified(text.normalize('NFKC')).replace(/\s+/g, '');
  const code = /(?:^|[^A-Za-z])([A-Ta-t](?:\d{4}|\d{3}|\d{2})?)(?![A-Za-z\d])/.exec(plain);
  if (code && (code[1]!.length > 1 || plain.length <= 2)) return code[1]!.toUpperCase();
  for (const [c, name] of industryNames()) if (name === plain || name === `${plain}业`) return c;
  const words = plain.replace(/[的是做搞从事开干我们公司企业行业属于类]+/g, ' ').trim().split(' ').filter((w) => w.length >= 2);
  let best: { code: string; length: number } | undefined;
  for (const [c, name] of industryNames()) {
    const bare = name.replace(/业$/, '');
    const hit = plain.includes(bare) || words.some((w) => name.includes(w));
    if (hit && (!best || name.length < best.length)) best = { code: c, length: name.length };
  }
  return best?.code;
}
