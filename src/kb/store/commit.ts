/**
 * One change set from a draft snapshot and what an editor meant to change: the next version of each
 * target with its field-level diff, the change set's counts and its audit record. Targets whose value
 * would not change are left out; nothing to change is no change set at all.
 */
import { changeSetIdFor, type Commit, type DraftSnapshot } from './backend';
import { summaryOf } from './messages';
import { diffValues, sameValue } from './diff';
import { AUDIT_TARGETS, isSpecialTarget, type AuditRecord, type ChangeAction, type ChangeSet, type Counts, type ImportMode, type VersionRecord } from './types';

export interface Change {
  target: string;
  /** The value after the change; null deletes. */
  after: unknown;
}

export interface Intent {
  action: ChangeAction;
  changes: Change[];
  source?: string;
  mode?: ImportMode;
  note?: string;
  revertOf?: string;
}

/** One change set from the snapshot, or undefined when nothing would change. */
export function buildCommit(snap: DraftSnapshot, intent: Intent, author: string, at: string): Commit | undefined {
  const seq = snap.seq + 1;
  const id = changeSetIdFor(seq);
  let nextOrder = 0;
  for (const s of snap.states.values()) if (s.order !== undefined && s.order >= nextOrder) nextOrder = s.order + 1;
  const versions: VersionRecord[] = [];
  const seen = new Set<string>();
  for (const { target, after } of intent.changes) {
    if (seen.has(target)) throw new Error(`change set touches ${target} twice`);
    seen.add(target);
    const before = snap.states.get(target);
    const beforeValue = before?.value ?? null;
    const afterValue = after ?? null;
    if (beforeValue === null && afterValue === null) continue;
    if (beforeValue !== null && afterValue !== null && sameValue(beforeValue, afterValue)) continue;
    const op = beforeValue === null ? 'create' : afterValue === null ? 'delete' : 'update';
    const special = isSpecialTarget(target);
    versions.push({
      target,
      version: (before?.version ?? 0) + 1,
      changeSetId: id,
      at,
      author,
      op,
      ...(special ? {} : { order: before?.order ?? nextOrder++ }),
      value: afterValue,
      diff: diffValues(beforeValue, afterValue),
    });
  }
  if (!versions.length) return undefined;
  const counts: Counts = {
    added: versions.filter((v) => v.op === 'create').length,
    changed: versions.filter((v) => v.op === 'update').length,
    removed: versions.filter((v) => v.op === 'delete').length,
  };
  const changeSet: ChangeSet = {
    id,
    seq,
    at,
    author,
    action: intent.action,
    ...(intent.source !== undefined ? { source: intent.source } : {}),
    ...(intent.mode !== undefined ? { mode: intent.mode } : {}),
    ...(intent.note !== undefined ? { note: intent.note } : {}),
    ...(intent.revertOf !== undefined ? { revertOf: intent.revertOf } : {}),
    targets: versions.map((v) => ({ target: v.target, op: v.op, from: v.version - 1, to: v.version })),
    counts,
  };
  const audit: AuditRecord = {
    at,
    author,
    action: intent.action,
    changeSetId: id,
    summary: summaryOf(changeSet, versions),
    targets: versions.slice(0, AUDIT_TARGETS).map((v) => v.target),
    targetCount: versions.length,
    counts,
  };
  return { changeSet, versions, audit };
}
