/**
 * The enterprise registry as the policy features see it: a directory of enterprise profiles that the
 * chat's policy dialog looks a credit code up in, the editor's impact preview and the 免申即享 scan
 * run over. Implementations (memory, file under DATA_DIR, Redis) live in src/storage.
 */
import { z } from 'zod';
import { toSimplified } from '../zh';
import { EnterpriseProfile } from './profile';

/** A registered enterprise: a profile with the id and name a registry always has. */
export const RegisteredEnterprise = EnterpriseProfile.extend({
  id: z.string().trim().min(1).max(100),
  name: z.string().trim().min(1).max(200),
});
export type RegisteredEnterprise = z.infer<typeof RegisteredEnterprise> & { readonly id: string; readonly name: string };

export interface EnterpriseDirectory {
  /** The enterprise with this 统一社会信用代码 (normalised, checked), or undefined. */
  findByCreditCode(creditCode: string): Promise<RegisteredEnterprise | undefined>;
  /** Every enterprise, in a stable order, without holding them all at once where the store can avoid it. */
  list(): AsyncIterable<RegisteredEnterprise>;
  /** How many enterprises the registry holds. */
  count(): Promise<number>;
}

/** What a registry records about its current content (the import that produced it). */
export const RegistryInfo = z.object({
  count: z.number().int().min(0),
  /** The imported file's name (or "seed: <file>"). */
  source: z.string().optional(),
  importedAt: z.iso.datetime().optional(),
  importedBy: z.string().optional(),
  /** Generated for demonstration (the shipped sample), not real enterprises. */
  synthetic: z.boolean().optional(),
});
export type RegistryInfo = z.infer<typeof RegistryInfo>;

/** `enterprises.json` in a knowledge-base directory: what `kb import --from enterprises-csv` writes. */
export const EnterprisesFile = z
  .strictObject({
    source: z.string().optional(),
    synthetic: z.boolean().optional(),
    enterprises: z.array(RegisteredEnterprise).max(200_000),
  })
  .superRefine((file, ctx) => {
    const ids = new Map<string, number>();
    const codes = new Map<string, number>();
    file.enterprises.forEach((e, i) => {
      if (ids.has(e.id)) ctx.addIssue({ code: 'custom', path: ['enterprises', i, 'id'], message: `duplicate id ${e.id}, first at ${ids.get(e.id)}` });
      else ids.set(e.id, i);
      if (!e.creditCode) return;
      if (codes.has(e.creditCode)) ctx.addIssue({ code: 'custom', path: ['enterprises', i, 'creditCode'], message: `duplicate credit code, first at ${codes.get(e.creditCode)}` });
      else codes.set(e.creditCode, i);
    });
  });
export type EnterprisesFile = z.infer<typeof EnterprisesFile>;

/** A directory that can be replaced as a whole (an import): the stores under src/storage. */
export interface EnterpriseRegistry extends EnterpriseDirectory {
  /** Replace every enterprise at once: readers see the old registry or the new one, never a mix. */
  replace(enterprises: readonly RegisteredEnterprise[], info: Omit<RegistryInfo, 'count'>): Promise<RegistryInfo>;
  info(): Promise<RegistryInfo>;
  close(): Promise<void>;
}

/** A directory over profiles held in memory: the embedded default and the tests. */
export function memoryDirectory(enterprises: readonly RegisteredEnterprise[]): EnterpriseDirectory {
  const byCode = new Map(enterprises.filter((e) => e.creditCode).map((e) => [e.creditCode as string, e]));
  return {
    findByCreditCode: async (creditCode) => byCode.get(creditCode),
    list: async function* () {
      yield* enterprises;
    },
    count: async () => enterprises.length,
  };
}

/** A replaceable registry in memory (tests, and the base of the file store). */
export function memoryRegistry(initial: readonly RegisteredEnterprise[] = [], initialInfo: Omit<RegistryInfo, 'count'> = {}): EnterpriseRegistry {
  let directory = memoryDirectory(initial);
  let info: RegistryInfo = { ...initialInfo, count: initial.length };
  return {
    findByCreditCode: (code) => directory.findByCreditCode(code),
    list: () => directory.list(),
    count: async () => info.count,
    async replace(enterprises, next) {
      directory = memoryDirectory([...enterprises]);
      info = { ...next, count: enterprises.length };
      return info;
    },
    info: async () => info,
    close: async () => {},
  };
}

const fold = (text: string): string => toSimplified(text.normalize('NFKC')).toLowerCase();

export interface RegistrySearch {
  /** Words in the name, district or industry code (case, width and script folded), or a credit code. */
  q?: string | undefined;
  offset: number;
  limit: number;
}

/** One page of the enterprises matching `q`, and how many match in all (a walk over the directory). */
export async function searchDirectory(directory: EnterpriseDirectory, search: RegistrySearch): Promise<{ total: number; items: RegisteredEnterprise[] }> {
  const words = search.q ? fold(search.q).split(/\s+/).filter(Boolean) : [];
  const items: RegisteredEnterprise[] = [];
  let total = 0;
  for await (const e of directory.list()) {
    if (words.length) {
      const hay = fold(`${e.name} ${e.district ?? ''} ${e.industry ?? ''} ${e.creditCode ?? ''} ${e.id}`);
      if (!words.every((w) => hay.includes(w))) continue;
    }
    if (total >= search.offset && items.length < search.limit) items.push(e);
    total++;
  }
  return { total, items };
}
