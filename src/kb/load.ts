/**
 * Loads a knowledge base directory and validates every entry. An invalid entry is reported with
 * the file, the entry and the field, and loading fails as a whole: a half-loaded base would answer wrongly.
 */
import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { z } from 'zod';
import { Entry, KbManifest, SynonymsFile, type KnowledgeBase } from './schema';
import { CasesFile } from './cases';
import { zodIssues } from '../util';
import { CASES_FILE, ENTRY_DIRS, MANIFEST_FILE, SYNONYMS_FILE } from './layout';

export interface KbProblem {
  file: string;
  /** The entry's id when it has one, else its position in the file. */
  entry?: string;
  /** Dotted path of the field, e.g. `materials.2.name`. */
  field?: string;
  message: string;
}

export class KbLoadError extends Error {
  constructor(
    readonly dir: string,
    readonly problems: KbProblem[],
  ) {
    super(`knowledge base ${dir} is invalid:\n` + problems.map(formatProblem).join('\n'));
    this.name = 'KbLoadError';
  }
}

export function formatProblem(p: KbProblem): string {
  const where = [p.file, p.entry && `entry ${p.entry}`, p.field && `field ${p.field}`].filter(Boolean).join(', ');
  return `  - ${where}: ${p.message}`;
}

function readJson(path: string, file: string, problems: KbProblem[]): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    problems.push({ file, message: `cannot read: ${(err as Error).message}` });
    return undefined;
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    problems.push({ file, message: `not valid JSON: ${(err as Error).message}` });
    return undefined;
  }
}

export function issuesToProblems(error: z.ZodError, file: string, entry?: string): KbProblem[] {
  return zodIssues(error).map((issue) => ({ file, entry, field: issue.path || undefined, message: issue.message }));
}

function jsonFiles(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => join(dir, name));
}

export function loadKnowledgeBase(dir: string): KnowledgeBase {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new KbLoadError(dir, [{ file: dir, message: 'no such directory' }]);
  }
  const problems: KbProblem[] = [];
  const rel = (path: string) => relative(dir, path) || path;

  const manifestPath = join(dir, MANIFEST_FILE);
  let manifest: KbManifest = { name: dir, sample: false };
  if (existsSync(manifestPath)) {
    const parsed = KbManifest.safeParse(readJson(manifestPath, MANIFEST_FILE, problems));
    if (parsed.success) manifest = parsed.data;
    else problems.push(...issuesToProblems(parsed.error, MANIFEST_FILE));
  }

  const entries: Entry[] = [];
  const seen = new Map<string, string>();
  for (const [kind, sub] of Object.entries(ENTRY_DIRS)) {
    for (const path of jsonFiles(join(dir, sub))) {
      const file = rel(path);
      const data = readJson(path, file, problems);
      if (data === undefined) continue;
      if (!Array.isArray(data)) {
        problems.push({ file, message: 'expected a JSON array of entries' });
        continue;
      }
      data.forEach((raw: unknown, index) => {
        const id = typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: string }).id : `#${index + 1}`;
        const withKind = raw && typeof raw === 'object' && !('kind' in raw) ? { kind, ...raw } : raw;
        const parsed = Entry.safeParse(withKind);
        if (!parsed.success) {
          problems.push(...issuesToProblems(parsed.error, file, id));
          return;
        }
        if (parsed.data.kind !== kind) {
          problems.push({ file, entry: id, field: 'kind', message: `a ${parsed.data.kind} entry does not belong in ${sub}/` });
          return;
        }
        const previous = seen.get(parsed.data.id);
        if (previous) {
          problems.push({ file, entry: id, field: 'id', message: `duplicate id, first defined in ${previous}` });
          return;
        }
        seen.set(parsed.data.id, file);
        entries.push(parsed.data);
      });
    }
  }

  let synonyms: string[][] = [];
  const synonymsPath = join(dir, SYNONYMS_FILE);
  if (existsSync(synonymsPath)) {
    const parsed = SynonymsFile.safeParse(readJson(synonymsPath, SYNONYMS_FILE, problems));
    if (parsed.success) synonyms = parsed.data.groups;
    else problems.push(...issuesToProblems(parsed.error, SYNONYMS_FILE));
  }

  if (problems.length) throw new KbLoadError(dir, problems);
  return { manifest, entries, synonyms };
}

/**
 * The past cases of a knowledge-base directory (its cases.json), or null when it has none. An
 * invalid file fails as a whole, with every problem named, like the entries.
 */
export function loadCases(dir: string): CasesFile | null {
  const path = join(dir, CASES_FILE);
  if (!existsSync(path)) return null;
  const problems: KbProblem[] = [];
  const data = readJson(path, CASES_FILE, problems);
  if (data !== undefined) {
    const parsed = CasesFile.safeParse(data);
    if (parsed.success) return parsed.data;
    problems.push(...issuesToProblems(parsed.error, CASES_FILE).slice(0, 100));
  }
  throw new KbLoadError(dir, problems);
}
