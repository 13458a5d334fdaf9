/** What a draft snapshot holds, read as the editor sees it. */
import type { CasesFile } from '../cases';
import type { RoutingFile } from '../routing';
import type { Entry, KbManifest, SynonymsFile } from '../schema';
import type { DraftSnapshot } from './backend';
import { DEFAULT_KB_NAME } from './messages';
import { CASES_TARGET, MANIFEST_TARGET, ROUTING_TARGET, SYNONYMS_TARGET, TRIAGE_MODEL_TARGET, isSpecialTarget, type Draft, type DraftEntry, type TriageModelRef } from './types';

const DEFAULT_MANIFEST: KbManifest = { name: DEFAULT_KB_NAME, sample: false };

/** The draft: live entries in their order, synonyms, routing and manifest with their versions. */
export function toDraft(snap: DraftSnapshot): Draft {
  const entries: (DraftEntry & { order: number })[] = [];
  for (const s of snap.states.values()) {
    if (isSpecialTarget(s.target) || s.value === null) continue;
    entries.push({
      entry: s.value as Entry,
      version: s.version,
      changeSetId: s.changeSetId,
      updatedAt: s.at,
      updatedBy: s.author,
      order: s.order ?? Number.MAX_SAFE_INTEGER,
    });
  }
  entries.sort((a, b) => a.order - b.order || (a.entry.id < b.entry.id ? -1 : a.entry.id > b.entry.id ? 1 : 0));
  const syn = snap.states.get(SYNONYMS_TARGET);
  const routing = snap.states.get(ROUTING_TARGET);
  const manifest = snap.states.get(MANIFEST_TARGET);
  const model = snap.states.get(TRIAGE_MODEL_TARGET);
  const cases = snap.states.get(CASES_TARGET);
  return {
    seq: snap.seq,
    manifest: (manifest?.value as KbManifest | null) ?? DEFAULT_MANIFEST,
    entries: entries.map(({ order: _order, ...e }) => e),
    synonyms: {
      groups: (syn?.value as SynonymsFile | null)?.groups ?? [],
      version: syn?.version ?? 0,
    },
    routing: {
      file: (routing?.value as RoutingFile | null) ?? null,
      version: routing?.version ?? 0,
    },
    triageModel: {
      ref: (model?.value as TriageModelRef | null) ?? null,
      version: model?.version ?? 0,
    },
    cases: {
      file: (cases?.value as CasesFile | null) ?? null,
      version: cases?.version ?? 0,
    },
  };
}

/** A target's current value, null when it is deleted or never was. */
export function liveValue(snap: DraftSnapshot, target: string): unknown {
  return snap.states.get(target)?.value ?? null;
}
