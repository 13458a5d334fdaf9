/**
 * The KbStore's domain logic over a KbBackend (file or Redis): optimistic concurrency, edits,
 * rollbacks, publishing and seeding. Change sets are built in commit.ts, imports checked and
 * planned in import-plan.ts.
 *
 * Every mutation reads a draft snapshot at revision `seq`, computes one change set from it and asks
 * the backend to commit it only if the draft is still at `seq`. If another writer (another request,
 * another instance) got there first the mutation is recomputed from the new snapshot; an editor's
 * expectedVersion is checked against each fresh snapshot, so a stale edit is a conflict, never a
 * lost update.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { loadCases, loadKnowledgeBase } from '../load';
import { Entry, KbManifest, SynonymsFile } from '../schema';
import { RoutingFile } from '../routing';
import { CasesFile } from '../cases';
import { KbStoreError } from './errors';
import { revisionFor, type Commit, type DraftSnapshot, type KbBackend } from './backend';
import { buildCommit, type Change, type Intent } from './commit';
import { sameValue } from './diff';
import { nextTurn, planImportOn, planImportSteps, validateImport } from './import-plan';
import { publishSummary, rollbackNote, SEED_PUBLISH_NOTE, storeIssue } from './messages';
import { filterEntries } from './search';
import { liveValue, toDraft } from './snapshot';
import {
  CASES_TARGET,
  MANIFEST_TARGET,
  ROUTING_TARGET,
  TRIAGE_MODEL_TARGET,
  TriageModelRef,
  triageModelBlob,
  SYNONYMS_TARGET,
  isSpecialTarget,
  issuesFromZod,
  type AuditRecord,
  type ChangeAction,
  type Draft,
  type KbStore,
  type PublishedContent,
  type PublishMeta,
  type WriteResult,
} from './types';

/** Recomputations after losing a race before giving up with `busy`. */
const ATTEMPTS = 20;

export interface CoreOptions {
  now?: () => Date;
}

interface Cached {
  snap: DraftSnapshot;
  draft: Draft;
}

export function createKbStore(backend: KbBackend, opts: CoreOptions = {}): KbStore {
  const now = opts.now ?? (() => new Date());
  const listeners = new Set<(meta: PublishMeta) => void>();
  let cache: Cached | undefined;

  async function current(): Promise<Cached> {
    const seq = await backend.seq();
    if (cache && cache.snap.seq === seq) return cache;
    const snap = await backend.readDraft();
    cache = { snap, draft: toDraft(snap) };
    return cache;
  }

  /**
   * Compute a change from a fresh snapshot and commit it; recompute when another writer got there
   * first. `plan` may throw a KbStoreError (conflict, not found) after looking at the snapshot.
   */
  async function mutate<R>(
    author: string,
    plan: (snap: DraftSnapshot, draft: Draft) => { intent: Intent | undefined; result: (commit: Commit | undefined) => R },
  ): Promise<R> {
    checkAuthor(author);
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const { snap, draft } = await current();
      const { intent, result } = plan(snap, draft);
      const commit = intent ? buildCommit(snap, intent, author, now().toISOString()) : undefined;
      if (!commit) return result(undefined);
      if (await backend.commit(snap.seq, commit)) return result(commit);
      await new Promise((r) => setTimeout(r, Math.random() * 5 * (attempt + 1)));
    }
    throw new KbStoreError('busy', { reason: 'busy' });
  }

  function writeResult(target: string, snap: DraftSnapshot, commit: Commit | undefined): WriteResult {
    const v = commit?.versions.find((x) => x.target === target);
    return {
      version: v?.version ?? snap.states.get(target)?.version ?? 0,
      changeSetId: commit?.changeSet.id ?? null,
      changed: commit !== undefined,
    };
  }

  function checkExpected(target: string, snap: DraftSnapshot, expected: number | undefined): void {
    if (expected === undefined) return;
    const state = snap.states.get(target);
    const exists = state !== undefined && state.value !== null;
    const currentVersion = state?.version ?? 0;
    if (expected === 0) {
      if (exists) {
        throw new KbStoreError('conflict', { reason: 'target_exists', vars: { target } }, [storeIssue('id', 'exists', { target, currentVersion })], { currentVersion });
      }
      return;
    }
    if (!exists && !isSpecialTarget(target)) throw new KbStoreError('not_found', { reason: 'target_gone', vars: { target } }, [], { currentVersion });
    if (currentVersion !== expected) {
      throw new KbStoreError(
        'conflict',
        { reason: 'target_stale', vars: { target, currentVersion, expected } },
        [storeIssue('expectedVersion', 'stale', { currentVersion })],
        { currentVersion },
      );
    }
  }

  async function publishWith(author: string, note: string | undefined, ifNone: boolean) {
    checkAuthor(author);
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const meta = await backend.publishedMeta();
      if (ifNone && meta) return { revision: meta.revision, seq: meta.seq, changed: false };
      const { draft } = await current();
      if (meta && meta.seq === draft.seq) return { revision: meta.revision, seq: meta.seq, changed: false };
      const n = (meta?.n ?? 0) + 1;
      const at = now().toISOString();
      const next: PublishMeta = { n, revision: revisionFor(n), seq: draft.seq, at, author, ...(note ? { note } : {}) };
      const content: PublishedContent = {
        manifest: draft.manifest,
        entries: draft.entries.map((e) => e.entry),
        synonyms: draft.synonyms.groups,
        routing: draft.routing.file,
        triageModel: draft.triageModel.ref,
        cases: draft.cases.file,
      };
      const audit: AuditRecord = {
        at,
        author,
        action: 'publish',
        revision: next.revision,
        summary: publishSummary({ revision: next.revision, seq: draft.seq, entries: content.entries.length, note }),
        targets: [],
        targetCount: 0,
      };
      if (await backend.publish(meta?.n ?? 0, next, content, audit)) {
        for (const l of listeners) {
          try {
            l(next);
          } catch {
            // A listener's failure is its own business.
          }
        }
        return { revision: next.revision, seq: next.seq, changed: true };
      }
    }
    throw new KbStoreError('busy', { reason: 'busy' });
  }

  /** Replaces a special target (synonyms, routing table, cases) after validating it, as one change set. */
  function putSpecial(
    target: string,
    schema: z.ZodType,
    value: unknown,
    action: ChangeAction,
    o: { author: string; expectedVersion?: number; source?: string },
  ): Promise<WriteResult> {
    const parsed = schema.safeParse(value);
    if (!parsed.success) return Promise.reject(new KbStoreError('invalid', { reason: 'target_invalid', vars: { target } }, issuesFromZod(parsed.error)));
    return mutate(o.author, (snap) => {
      checkExpected(target, snap, o.expectedVersion);
      return {
        intent: { action, changes: [{ target, after: parsed.data }], ...(o.source ? { source: o.source } : {}) },
        result: (c) => writeResult(target, snap, c),
      };
    });
  }

  const store: KbStore = {
    mode: backend.mode,

    async getDraft() {
      return (await current()).draft;
    },

    async listEntries(query = {}) {
      const { draft } = await current();
      return filterEntries(draft.entries, query);
    },

    async getEntry(id) {
      const { draft } = await current();
      return draft.entries.find((e) => e.entry.id === id);
    },

    async putEntry(raw, o) {
      const parsed = Entry.safeParse(raw);
      if (!parsed.success) throw new KbStoreError('invalid', { reason: 'entry_invalid' }, issuesFromZod(parsed.error));
      const entry = parsed.data;
      return mutate(o.author, (snap) => {
        checkExpected(entry.id, snap, o.expectedVersion);
        const exists = liveValue(snap, entry.id) !== null;
        return {
          intent: { action: exists ? 'update' : 'create', changes: [{ target: entry.id, after: entry }] },
          result: (c) => ({ ...writeResult(entry.id, snap, c), entry }),
        };
      });
    },

    async deleteEntry(id, o) {
      return mutate(o.author, (snap) => {
        if (isSpecialTarget(id) || liveValue(snap, id) === null) throw new KbStoreError('not_found', { reason: 'entry_not_found', vars: { id } });
        checkExpected(id, snap, o.expectedVersion);
        return { intent: { action: 'delete', changes: [{ target: id, after: null }] }, result: (c) => writeResult(id, snap, c) };
      });
    },

    putSynonyms(groups, o) {
      return putSpecial(SYNONYMS_TARGET, SynonymsFile, { groups }, 'synonyms', o);
    },

    async putTriageModel(model, o) {
      const ref = TriageModelRef.safeParse(model.ref);
      if (!ref.success) throw new KbStoreError('invalid', { reason: 'target_invalid', vars: { target: TRIAGE_MODEL_TARGET } }, issuesFromZod(ref.error));
      // The blob first: a reference is never committed to a model the store does not hold.
      await backend.putBlob(triageModelBlob(ref.data.version), model.json);
      return mutate(o.author, (snap) => {
        checkExpected(TRIAGE_MODEL_TARGET, snap, o.expectedVersion);
        return {
          intent: { action: 'triage-model', changes: [{ target: TRIAGE_MODEL_TARGET, after: ref.data }] },
          result: (c) => writeResult(TRIAGE_MODEL_TARGET, snap, c),
        };
      });
    },

    triageModelJson(version) {
      return backend.getBlob(triageModelBlob(version));
    },

    putRouting(file, o) {
      return putSpecial(ROUTING_TARGET, RoutingFile, file, 'routing', o);
    },

    putCases(file, o) {
      return putSpecial(CASES_TARGET, CasesFile, file, 'cases', o);
    },

    async planImport(entries, o) {
      const valid = await validateImport(entries, o);
      const steps = planImportSteps((await current()).draft, valid, o);
      for (;;) {
        const step = steps.next();
        if (step.done) return step.value;
        await nextTurn();
      }
    },

    async applyImport(entries, o) {
      const valid = await validateImport(entries, o);
      const source = o.source.trim() || 'import';
      return mutate(o.author, (snap, draft) => {
        const plan = planImportOn(draft, valid, o);
        const changes: Change[] = [
          ...plan.added.map((e) => ({ target: e.id, after: e })),
          ...plan.changed.map((c) => ({ target: c.entry.id, after: c.entry })),
          ...plan.removed.map((r) => ({ target: r.entry.id, after: null })),
        ];
        if (plan.synonymsChanged && o.synonyms) changes.push({ target: SYNONYMS_TARGET, after: { groups: o.synonyms } });
        if (plan.routingChanged && o.routing !== undefined) changes.push({ target: ROUTING_TARGET, after: o.routing });
        if (o.cases !== undefined && !sameValue(liveValue(snap, CASES_TARGET), o.cases)) changes.push({ target: CASES_TARGET, after: o.cases });
        if (o.manifest && !sameValue(liveValue(snap, MANIFEST_TARGET), o.manifest)) {
          changes.push({ target: MANIFEST_TARGET, after: KbManifest.parse(o.manifest) });
        }
        return {
          intent: { action: 'import', changes, source, mode: o.mode },
          result: (c) => ({ ...plan, changeSetId: c?.changeSet.id ?? null, seq: c?.changeSet.seq ?? snap.seq }),
        };
      });
    },

    async history(target) {
      return (await backend.history(target)).reverse();
    },

    version(target, version) {
      return backend.version(target, version);
    },

    async rollbackEntry(target, toVersion, o) {
      const rec = await backend.version(target, toVersion);
      if (!rec) throw new KbStoreError('not_found', { reason: 'version_not_found', vars: { target, version: toVersion } });
      return mutate(o.author, (snap) => ({
        intent: {
          action: 'rollback-entry',
          changes: [{ target, after: rec.value }],
          note: rollbackNote(toVersion),
        },
        result: (c) => writeResult(target, snap, c),
      }));
    },

    async rollbackChangeSet(changeSetId, o) {
      const cs = await backend.changeSet(changeSetId);
      if (!cs) throw new KbStoreError('not_found', { reason: 'change_set_not_found', vars: { id: changeSetId } });
      // Versions never change once written: fetch the values to restore once, outside the retry loop.
      const restore = await Promise.all(
        cs.targets.map(async (t) => {
          if (t.from === 0) return { target: t.target, to: t.to, after: null as unknown };
          const rec = await backend.version(t.target, t.from);
          if (!rec) throw new Error(`version ${t.from} of ${t.target} is missing`);
          return { target: t.target, to: t.to, after: rec.value };
        }),
      );
      return mutate(o.author, (snap) => {
        const changedSince = restore.filter((r) => (snap.states.get(r.target)?.version ?? 0) !== r.to).map((r) => r.target);
        if (changedSince.length && !o.force) {
          throw new KbStoreError(
            'conflict',
            { reason: 'change_set_changed_since', vars: { id: changeSetId, count: changedSince.length } },
            changedSince.slice(0, 100).map((t) => storeIssue(t, 'changed_since')),
            { changedSince },
          );
        }
        return {
          intent: {
            action: 'rollback-change-set',
            changes: restore.map((r) => ({ target: r.target, after: r.after })),
            revertOf: changeSetId,
          },
          result: (c) => ({
            version: c?.changeSet.seq ?? snap.seq,
            changeSetId: c?.changeSet.id ?? null,
            changed: c !== undefined,
            targets: c?.versions.length ?? 0,
          }),
        };
      });
    },

    changeSet(id) {
      return backend.changeSet(id);
    },

    listChangeSets(o = {}) {
      return backend.listChangeSets(Math.max(0, o.offset ?? 0), Math.min(Math.max(1, o.limit ?? 50), 500));
    },

    auditLog(o = {}) {
      const sinceMs = o.since ? Date.parse(o.since) : undefined;
      if (sinceMs !== undefined && Number.isNaN(sinceMs)) throw new KbStoreError('invalid', { reason: 'bad_since' });
      return backend.audit(sinceMs, Math.min(Math.max(1, o.limit ?? 100), 1000));
    },

    publish(o) {
      return publishWith(o.author, o.note, false);
    },

    async published() {
      const p = await backend.published();
      if (!p) return undefined;
      return {
        ...p.meta,
        kb: { manifest: p.content.manifest, entries: p.content.entries, synonyms: p.content.synonyms },
        routing: p.content.routing,
        triageModel: p.content.triageModel,
        cases: p.content.cases,
      };
    },

    async publishedRevision() {
      return (await backend.publishedMeta())?.revision;
    },

    async status() {
      const [seq, meta] = await Promise.all([backend.seq(), backend.publishedMeta()]);
      return { seq, published: meta ?? null, unpublishedChanges: Math.max(0, seq - (meta?.seq ?? 0)) };
    },

    async seedIfEmpty(kbDir, o = {}) {
      const author = o.author ?? 'seed';
      let seeded = false;
      const { snap } = await current();
      if (snap.seq === 0) {
        const kb = loadKnowledgeBase(kbDir);
        const routingPath = o.routingFile ?? join(kbDir, 'routing.json');
        let routing: RoutingFile | null = null;
        if (existsSync(routingPath)) routing = RoutingFile.parse(JSON.parse(readFileSync(routingPath, 'utf8')));
        else if (o.routingFile) throw new Error(`routing table ${routingPath} not found`);
        const changes: Change[] = [{ target: MANIFEST_TARGET, after: kb.manifest }];
        if (kb.synonyms.length) changes.push({ target: SYNONYMS_TARGET, after: { groups: kb.synonyms } });
        if (routing) changes.push({ target: ROUTING_TARGET, after: routing });
        if (o.triageModel) {
          await backend.putBlob(triageModelBlob(o.triageModel.ref.version), o.triageModel.json);
          changes.push({ target: TRIAGE_MODEL_TARGET, after: TriageModelRef.parse(o.triageModel.ref) });
        }
        const cases = loadCases(kbDir);
        if (cases) changes.push({ target: CASES_TARGET, after: cases });
        for (const e of kb.entries) changes.push({ target: e.id, after: e });
        const commit = buildCommit(snap, { action: 'seed', changes, source: kbDir }, author, now().toISOString());
        // Only into an empty store: if another instance seeded first, its seed stands.
        if (commit) seeded = await backend.commit(0, commit);
      }
      const { draft } = await current();
      if (draft.seq === 0) return { seeded, revision: undefined };
      const pub = await publishWith(author, SEED_PUBLISH_NOTE, true);
      return { seeded, revision: pub.revision };
    },

    async exportKb() {
      const [{ draft }, meta] = await Promise.all([current(), backend.publishedMeta()]);
      return {
        format: 'qihu.kb-export/v1' as const,
        exportedAt: now().toISOString(),
        seq: draft.seq,
        published: meta ? { revision: meta.revision, seq: meta.seq } : null,
        manifest: draft.manifest,
        entries: draft.entries.map((e) => e.entry),
        synonyms: { groups: draft.synonyms.groups },
        routing: draft.routing.file,
        cases: draft.cases.file,
      };
    },

    onPublished(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async close() {
      listeners.clear();
      await backend.close();
    },
  };
  return store;
}

function checkAuthor(author: string): void {
  if (typeof author !== 'string' || !author.trim()) throw new KbStoreError('invalid', { reason: 'author_missing' });
}
