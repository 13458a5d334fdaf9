/**
 * An import's checks and plan: the entries validated (and their ids checked for duplicates), then
 * what would be added, changed, removed or left alone. Both run in slices of IMPORT_SLICE entries
 * with the event loop served between slices, so a large import never stops every chat at once.
 */
import { z } from 'zod';
import { Entry, SynonymsFile, type EntryKind } from '../schema';
import { RoutingFile } from '../routing';
import { CasesFile } from '../cases';
import { diffValues, sameValue } from './diff';
import { KbStoreError } from './errors';
import { storeIssue } from './messages';
import { CASES_TARGET, ROUTING_TARGET, issuesFromZod, type Draft, type ImportOptionsForStore, type ImportPlan, type KbIssue } from './types';

/** Entries an import validates or plans between two turns of the event loop (some 5 ms of zod). */
const IMPORT_SLICE = 2_000;

/** Lets the event loop serve what is waiting (I/O, timers) before the next slice. */
export const nextTurn = () => new Promise<void>((next) => setImmediate(next));

/**
 * The plan of an import, a slice of IMPORT_SLICE entries per step: planImport (a dry run) serves the
 * event loop between steps, applyImport (inside one store transaction) runs them straight through.
 */
export function* planImportSteps(draft: Draft, entries: Entry[], o: Omit<ImportOptionsForStore, 'author' | 'source'>): Generator<void, ImportPlan, void> {
  const byId = new Map(draft.entries.map((e) => [e.entry.id, e]));
  const incoming = new Set<string>();
  const plan: ImportPlan = { added: [], changed: [], removed: [], unchanged: 0, synonymsChanged: false, routingChanged: false };
  for (let i = 0; i < entries.length; i++) {
    if (i && i % IMPORT_SLICE === 0) yield;
    const entry = entries[i]!;
    incoming.add(entry.id);
    const cur = byId.get(entry.id);
    if (!cur) plan.added.push(entry);
    else {
      const diff = diffValues(cur.entry, entry);
      if (diff.length) plan.changed.push({ entry, before: cur.entry, version: cur.version, diff });
      else plan.unchanged++;
    }
  }
  if (o.mode === 'replace') {
    const kinds = new Set<EntryKind>(o.kinds ?? entries.map((e) => e.kind));
    for (const cur of draft.entries) {
      if (kinds.has(cur.entry.kind) && !incoming.has(cur.entry.id)) plan.removed.push({ entry: cur.entry, version: cur.version });
    }
  }
  if (o.synonyms !== undefined) plan.synonymsChanged = !sameValue(draft.synonyms.groups, o.synonyms);
  if (o.routing !== undefined) plan.routingChanged = !sameValue(draft.routing.file, o.routing);
  return plan;
}

export function planImportOn(draft: Draft, entries: Entry[], o: Omit<ImportOptionsForStore, 'author' | 'source'>): ImportPlan {
  const steps = planImportSteps(draft, entries, o);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * The entries checked in slices of IMPORT_SLICE, the event loop served between slices: an import
 * of 100,000 entries is some 0.2–0.4 s of zod, which would otherwise stop every chat at once.
 */
async function validateEntries(entries: unknown): Promise<Entry[]> {
  if (!Array.isArray(entries)) {
    const parsed = z.array(Entry).safeParse(entries);
    if (!parsed.success) throw new KbStoreError('invalid', { reason: 'import_invalid' }, issuesFromZod(parsed.error, ['entries']));
    return parsed.data;
  }
  const valid: Entry[] = [];
  const issues: KbIssue[] = [];
  for (let start = 0; start < entries.length; start += IMPORT_SLICE) {
    if (start) await nextTurn();
    const parsed = z.array(Entry).safeParse(entries.slice(start, start + IMPORT_SLICE));
    if (parsed.success) valid.push(...parsed.data);
    else issues.push(...issuesFromZod(parsed.error).map((i) => ({ ...i, path: `entries.${i.path.replace(/^\d+/, (n) => String(Number(n) + start))}` })));
  }
  if (issues.length) throw new KbStoreError('invalid', { reason: 'import_invalid' }, issues);
  return valid;
}

export async function validateImport(entries: unknown, o: Omit<ImportOptionsForStore, 'author' | 'source'>): Promise<Entry[]> {
  const valid = await validateEntries(entries);
  const seen = new Map<string, number>();
  const issues: KbIssue[] = [];
  for (let i = 0; i < valid.length; i++) {
    if (i && i % IMPORT_SLICE === 0) await nextTurn();
    const id = valid[i]!.id;
    const first = seen.get(id);
    if (first === undefined) seen.set(id, i);
    else issues.push(storeIssue(`entries.${i}.id`, 'duplicate', { id, first: first + 1 }));
  }
  if (issues.length) throw new KbStoreError('invalid', { reason: 'import_duplicate_ids' }, issues);
  if (o.synonyms !== undefined) {
    const s = SynonymsFile.safeParse({ groups: o.synonyms });
    if (!s.success) throw new KbStoreError('invalid', { reason: 'import_synonyms_invalid' }, issuesFromZod(s.error, ['synonyms']));
  }
  if (o.routing) {
    const r = RoutingFile.safeParse(o.routing);
    if (!r.success) throw new KbStoreError('invalid', { reason: 'target_invalid', vars: { target: ROUTING_TARGET } }, issuesFromZod(r.error, ['routing']));
  }
  const c = o.cases ? CasesFile.safeParse(o.cases) : undefined;
  if (c && !c.success) throw new KbStoreError('invalid', { reason: 'target_invalid', vars: { target: CASES_TARGET } }, issuesFromZod(c.error, ['cases']));
  return valid;
}
