/**
 * What a storage implementation provides to the store's domain logic (core.ts): reads, and two
 * writes that are each atomic and conditional — a commit (one change set: every target's new
 * version, the change-set record and its audit record, only if the draft is still at the expected
 * revision) and a publish (only if the publish counter is still the expected one). Everything else,
 * from optimistic concurrency to rollback, is computed in core.ts, once for both implementations.
 */
import type { AuditRecord, ChangeSet, PublishedContent, PublishMeta, TargetState, VersionRecord } from './types';

export interface DraftSnapshot {
  /** Change sets so far (0 = empty store). */
  seq: number;
  /** The current state of every target ever written: deleted entries stay as tombstones (value null). */
  states: ReadonlyMap<string, TargetState>;
}

export interface Commit {
  changeSet: ChangeSet;
  /** The new versions, one per target, in change-set order. */
  versions: VersionRecord[];
  audit: AuditRecord;
}

export interface KbBackend {
  readonly mode: 'redis' | 'file';
  seq(): Promise<number>;
  /** A consistent snapshot; values validated against their schemas. */
  readDraft(): Promise<DraftSnapshot>;
  /** Write the commit if the draft is still at expectedSeq (its change set is expectedSeq + 1); false if not. */
  commit(expectedSeq: number, commit: Commit): Promise<boolean>;
  /** Oldest first. */
  history(target: string): Promise<VersionRecord[]>;
  version(target: string, version: number): Promise<VersionRecord | undefined>;
  changeSet(id: string): Promise<ChangeSet | undefined>;
  /** Newest first. */
  listChangeSets(offset: number, limit: number): Promise<ChangeSet[]>;
  /** Newest first; sinceMs = only records at or after that time. */
  audit(sinceMs: number | undefined, limit: number): Promise<AuditRecord[]>;
  publishedMeta(): Promise<PublishMeta | undefined>;
  published(): Promise<{ meta: PublishMeta; content: PublishedContent } | undefined>;
  /** Store and announce a revision if the publish counter is still expectedN (0 = never published). */
  publish(expectedN: number, meta: PublishMeta, content: PublishedContent, audit: AuditRecord): Promise<boolean>;
  /** Write-once content by name (a triage model under its version): same name, same content. */
  putBlob(name: string, data: string): Promise<void>;
  getBlob(name: string): Promise<string | undefined>;
  close(): Promise<void>;
}

export const changeSetIdFor = (seq: number): string => `cs${seq}`;
export const revisionFor = (n: number): string => `r${n}`;
