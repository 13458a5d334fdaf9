/**
 * The enterprise registry as the policy features see it: a directory of enterprise profiles that the
 * chat's policy dialog looks a credit code up in, the editor's impact preview and the 免申即享 scan
 * run over. Implementations (memory, file under DATA_DIR, Redis) live in src/storage.
 */
import type { EnterpriseProfile } from './profile';

/** A registered enterprise: a profile with the id and name a registry always has. */
export type RegisteredEnterprise = EnterpriseProfile & { readonly id: string; readonly name: string };

export interface EnterpriseDirectory {
  /** The enterprise with this 统一社会信用代码 (normalised, checked), or undefined. */
  findByCreditCode(creditCode: string): Promise<RegisteredEnterprise | undefined>;
  /** Every enterprise, in a stable order, without holding them all at once where the store can avoid it. */
  list(): AsyncIterable<RegisteredEnterprise>;
  /** How many enterprises the registry holds. */
  count(): Promise<number>;
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
