/** Where each part of a knowledge base lives inside its directory. One place, so loader and writer agree. */
import type { EntryKind } from './schema';

export const MANIFEST_FILE = 'manifest.json';
export const SYNONYMS_FILE = 'synonyms.json';
/** Past cases with their replies (src/kb/cases.ts); optional. */
export const CASES_FILE = 'cases.json';

/** Entries live in one folder per kind; each file holds a JSON array of entries of that kind. */
export const ENTRY_DIRS: Record<EntryKind, string> = {
  item: 'items',
  policy: 'policies',
  faq: 'faq',
};
/** The enterprise registry imported with the base (src/policies/registry.ts EnterprisesFile); optional. */
export const ENTERPRISES_FILE = 'enterprises.json';
/** The synthetic registry shipped with the sample base (scripts/generate-enterprises.ts), read when there is no ENTERPRISES_FILE. */
export const ENTERPRISES_SAMPLE_FILE = 'enterprises.sample.csv';
