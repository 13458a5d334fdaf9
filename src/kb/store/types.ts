/**
 * The editable knowledge base: what a store keeps, in zod schemas (types via z.infer), and the
 * KbStore interface in the editors' own verbs.
 *
 * Model. The draft is a set of *targets*, each with a version counter that only ever grows:
 *   - one per entry (target = the entry id),
 *   - `$synonyms`, `$routing`, `$manifest` and `$cases` (the past cases, src/kb/cases.ts; ids
 *     cannot start with `$`, so they never collide).
 * Every change writes a new version of each target it touches (author, time, change-set id, the
 * value after the change, or null for a deletion, and a field-level diff), and all versions of one
 * change belong to one *change set*: a single edit, a whole import, a rollback. A deleted entry
 * keeps its history (a tombstone), so re-creating it continues its version numbers.
 * `seq` counts change sets: the draft's revision. Publishing freezes the draft at a `seq` into a
 * numbered revision (r1, r2 …) that every running instance serves.
 */
import { z } from 'zod';
import { Entry, KbManifest, SynonymsFile, type KnowledgeBase } from '../schema';
import { RoutingFile } from '../routing';
import { CasesFile } from '../cases';
import { zodIssues, type Issue } from '../../util';

export const SYNONYMS_TARGET = '$synonyms';
export const ROUTING_TARGET = '$routing';
export const MANIFEST_TARGET = '$manifest';
/** The triage model in force: a reference to a model kept whole as a blob (a model is megabytes; its history is of references). */
export const TRIAGE_MODEL_TARGET = '$triage-model';
export const CASES_TARGET = '$cases';
export const SPECIAL_TARGETS = [SYNONYMS_TARGET, ROUTING_TARGET, MANIFEST_TARGET, TRIAGE_MODEL_TARGET, CASES_TARGET] as const;

/** What the store records of a triage model (src/classifier): enough to show it and fetch its blob. */
export const TriageModelRef = z.object({
  version: z.string().regex(/^[0-9a-f]{16}$/),
  trainedAt: z.string(),
  messages: z.number().int().min(1),
  categories: z.array(z.string()).min(2),
  /** Cross-validated while training. */
  accuracy: z.number().min(0).max(1),
  macroF1: z.number().min(0).max(1),
});
export type TriageModelRef = z.infer<typeof TriageModelRef>;

/** A triage model handed to the store: its reference and the model's JSON, kept as the blob `triage-model/<version>`. */
export interface TriageModelUpload {
  ref: TriageModelRef;
  json: string;
}

export const triageModelBlob = (version: string): string => `triage-model/${version}`;

/** An entry id or one of the special targets. */
export const Target = z.string().min(1).max(80);

/** One changed field: a dotted path (`materials.2.name`), the value before and after (absent = none). */
export const FieldChange = z.object({
  path: z.string(),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
});
export type FieldChange = z.infer<typeof FieldChange>;

export const VersionOp = z.enum(['create', 'update', 'delete']);
export type VersionOp = z.infer<typeof VersionOp>;

/** The current state of a target: its latest version without the diff. */
export const TargetState = z.object({
  target: Target,
  version: z.number().int().min(1),
  changeSetId: z.string().min(1),
  at: z.iso.datetime(),
  author: z.string().min(1),
  op: VersionOp,
  /** Position of an entry in the published knowledge base (first seeded order, then creation order). */
  order: z.number().int().min(0).optional(),
  /** The value after the change; null once deleted. Entry / SynonymsFile / RoutingFile / KbManifest / CasesFile. */
  value: z.unknown(),
});
export type TargetState = z.infer<typeof TargetState>;

export const VersionRecord = TargetState.extend({ diff: z.array(FieldChange) });
export type VersionRecord = z.infer<typeof VersionRecord>;

export const ChangeAction = z.enum([
  'seed',
  'create',
  'update',
  'delete',
  'import',
  'synonyms',
  'routing',
  'triage-model',
  'cases',
  'rollback-entry',
  'rollback-change-set',
]);
export type ChangeAction = z.infer<typeof ChangeAction>;

export const ImportMode = z.enum(['merge', 'replace']);
export type ImportMode = z.infer<typeof ImportMode>;

export const Counts = z.object({
  added: z.number().int().min(0),
  changed: z.number().int().min(0),
  removed: z.number().int().min(0),
});
export type Counts = z.infer<typeof Counts>;

/** One target a change set changed: from which version to which (0: it did not exist). */
export const ChangeSetTarget = z.object({ target: Target, op: VersionOp, from: z.number().int().min(0), to: z.number().int().min(1) });
export type ChangeSetTarget = z.infer<typeof ChangeSetTarget>;

export const ChangeSet = z.object({
  id: z.string().min(1),
  /** The draft revision this change set produced. */
  seq: z.number().int().min(1),
  at: z.iso.datetime(),
  author: z.string().min(1),
  action: ChangeAction,
  /** What was imported (file name or format), for imports and the seed. */
  source: z.string().optional(),
  mode: ImportMode.optional(),
  note: z.string().optional(),
  /** The change set this one reverts (rollback-change-set). */
  revertOf: z.string().optional(),
  targets: z.array(ChangeSetTarget),
  counts: Counts,
});
export type ChangeSet = z.infer<typeof ChangeSet>;

export const AuditAction = z.union([ChangeAction, z.literal('publish')]);
export type AuditAction = z.infer<typeof AuditAction>;

/** Who changed what, when: one record per change set and per publish. */
export const AuditRecord = z.object({
  at: z.iso.datetime(),
  author: z.string().min(1),
  action: AuditAction,
  changeSetId: z.string().optional(),
  revision: z.string().optional(),
  /** One line in Chinese for the console. */
  summary: z.string(),
  /** The targets touched (at most AUDIT_TARGETS of them); targetCount says how many in all. */
  targets: z.array(Target),
  targetCount: z.number().int().min(0),
  counts: Counts.optional(),
});
export type AuditRecord = z.infer<typeof AuditRecord>;
export const AUDIT_TARGETS = 50;

export const PublishMeta = z.object({
  /** Publish counter; the revision is `r${n}`. */
  n: z.number().int().min(1),
  revision: z.string().min(1),
  /** The draft revision that was frozen. */
  seq: z.number().int().min(0),
  at: z.iso.datetime(),
  author: z.string().min(1),
  note: z.string().optional(),
});
export type PublishMeta = z.infer<typeof PublishMeta>;

/** The frozen content of a published revision. */
export const PublishedContent = z.object({
  manifest: KbManifest,
  entries: z.array(Entry),
  synonyms: z.array(z.array(z.string())),
  routing: RoutingFile.nullable(),
  /** Revisions published before triage models existed have none. */
  triageModel: TriageModelRef.nullable().default(null),
  /** Absent in revisions published before cases were kept. */
  cases: CasesFile.nullable().default(null),
});
export type PublishedContent = z.infer<typeof PublishedContent>;

export interface Published extends PublishMeta {
  kb: KnowledgeBase;
  routing: RoutingFile | null;
  triageModel: TriageModelRef | null;
  cases: CasesFile | null;
}

/** A whole draft as one JSON document: GET …/export, and `from=bundle` imports it back. */
export const ExportBundle = z.object({
  format: z.literal('qihu.kb-export/v1'),
  exportedAt: z.iso.datetime(),
  seq: z.number().int().min(0),
  published: z.object({ revision: z.string(), seq: z.number().int().min(0) }).nullable(),
  manifest: KbManifest,
  entries: z.array(Entry),
  synonyms: SynonymsFile,
  routing: RoutingFile.nullable(),
  /** Absent in bundles exported before cases were kept: a restore then leaves the cases as they are. */
  cases: CasesFile.nullable().optional(),
});
export type ExportBundle = z.infer<typeof ExportBundle>;

/** The value schema of a target. */
export function schemaOf(target: string): z.ZodType {
  switch (target) {
    case SYNONYMS_TARGET:
      return SynonymsFile;
    case ROUTING_TARGET:
      return RoutingFile;
    case MANIFEST_TARGET:
      return KbManifest;
    case TRIAGE_MODEL_TARGET:
      return TriageModelRef;
    case CASES_TARGET:
      return CasesFile;
    default:
      return Entry;
  }
}

/** Validates a stored value (null = deleted) against its target's schema. */
export function parseTargetValue(target: string, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  const parsed = schemaOf(target).parse(value);
  if (!isSpecialTarget(target) && (parsed as Entry).id !== target) {
    throw new Error(`stored entry under ${target} has id ${(parsed as Entry).id}`);
  }
  return parsed;
}

export function isSpecialTarget(target: string): boolean {
  return (SPECIAL_TARGETS as readonly string[]).includes(target);
}

// ---------------------------------------------------------------- errors

export type KbIssue = Issue;

export const issuesFromZod = (error: z.ZodError, prefix: (string | number)[] = []): KbIssue[] => zodIssues(error, { prefix });

// ---------------------------------------------------------------- the store

export interface Who {
  author: string;
}

export interface DraftEntry {
  entry: Entry;
  version: number;
  changeSetId: string;
  updatedAt: string;
  updatedBy: string;
}

export interface Draft {
  seq: number;
  manifest: KbManifest;
  /** Live entries in knowledge-base order. */
  entries: DraftEntry[];
  synonyms: { groups: string[][]; version: number };
  routing: { file: RoutingFile | null; version: number };
  triageModel: { ref: TriageModelRef | null; version: number };
  cases: { file: CasesFile | null; version: number };
}

export const ListQuery = z.object({
  kind: z.enum(['item', 'policy', 'faq']).optional(),
  /** Words in the id, title, aliases/alternates, department, tags or text (case, width and script folded). */
  q: z.string().trim().max(200).optional(),
  department: z.string().trim().max(200).optional(),
  tag: z.string().trim().max(100).optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type ListQuery = z.input<typeof ListQuery>;

export interface EntryList {
  total: number;
  offset: number;
  limit: number;
  items: DraftEntry[];
}

export const WriteResult = z.object({
  /** The target's version after the call (unchanged when nothing changed). */
  version: z.number().int().min(0),
  /** The change set written; null when the call changed nothing. */
  changeSetId: z.string().nullable(),
  changed: z.boolean(),
});
export type WriteResult = z.infer<typeof WriteResult>;

export interface ImportPlan {
  added: Entry[];
  changed: { entry: Entry; before: Entry; version: number; diff: FieldChange[] }[];
  removed: { entry: Entry; version: number }[];
  unchanged: number;
  synonymsChanged: boolean;
  routingChanged: boolean;
}

export interface ImportOptionsForStore extends Who {
  source: string;
  mode: ImportMode;
  /** Kinds a `replace` import replaces. Default: the kinds present in the import. */
  kinds?: Entry['kind'][];
  /** A bundle restore also brings synonyms, routing and manifest, in the same change set. */
  synonyms?: string[][];
  routing?: RoutingFile | null;
  manifest?: KbManifest;
  cases?: CasesFile | null;
}

export interface ImportOutcome extends ImportPlan {
  changeSetId: string | null;
  seq: number;
}

export interface SeedOptions {
  /** Routing table to seed; default `<kbDir>/routing.json` when it exists. Past cases: `<kbDir>/cases.json` when it exists. */
  routingFile?: string;
  /** A triage model to seed with (the root reads `<kbDir>/triage-model.json`). */
  triageModel?: TriageModelUpload;
  author?: string;
}

export const KbStatus = z.object({
  /** The draft revision. */
  seq: z.number().int().min(0),
  published: PublishMeta.nullable(),
  /** Change sets since the published revision. */
  unpublishedChanges: z.number().int().min(0),
});
export type KbStatus = z.infer<typeof KbStatus>;

export interface KbStore {
  readonly mode: 'redis' | 'file';
  getDraft(): Promise<Draft>;
  listEntries(query?: ListQuery): Promise<EntryList>;
  getEntry(id: string): Promise<DraftEntry | undefined>;
  /**
   * Create or replace an entry (validated with the zod Entry). expectedVersion: undefined = no
   * check, 0 = must not exist, n = the current version must be n; otherwise a `conflict`.
   */
  putEntry(entry: unknown, opts: Who & { expectedVersion?: number }): Promise<WriteResult & { entry: Entry }>;
  deleteEntry(id: string, opts: Who & { expectedVersion?: number }): Promise<WriteResult>;
  putSynonyms(groups: unknown, opts: Who & { expectedVersion?: number }): Promise<WriteResult>;
  putRouting(file: unknown, opts: Who & { expectedVersion?: number }): Promise<WriteResult>;
  /** Keep the model's blob and make it the draft's triage model (published with the next publish). */
  putTriageModel(model: TriageModelUpload, opts: Who & { expectedVersion?: number }): Promise<WriteResult>;
  /** A kept model's JSON by its version; undefined when the store has no such model. */
  triageModelJson(version: string): Promise<string | undefined>;
  /** Replace the past cases (validated with the zod CasesFile) as one change set. */
  putCases(file: unknown, opts: Who & { expectedVersion?: number; source?: string }): Promise<WriteResult>;
  /** What an import would do to the draft; writes nothing. */
  planImport(entries: Entry[], opts: Omit<ImportOptionsForStore, 'author' | 'source'>): Promise<ImportPlan>;
  /** The whole import as ONE change set (rolled back as a whole by rollbackChangeSet). */
  applyImport(entries: Entry[], opts: ImportOptionsForStore): Promise<ImportOutcome>;
  /** Versions of an entry (or special target), newest first. */
  history(target: string): Promise<VersionRecord[]>;
  version(target: string, version: number): Promise<VersionRecord | undefined>;
  /** Restore the value a target had at `toVersion` as a new version. */
  rollbackEntry(target: string, toVersion: number, opts: Who): Promise<WriteResult>;
  /**
   * Undo a whole change set: every target goes back to its value before it. A target changed again
   * since is a `conflict` (listed in details.changedSince) unless force.
   */
  rollbackChangeSet(changeSetId: string, opts: Who & { force?: boolean }): Promise<WriteResult & { targets: number }>;
  changeSet(id: string): Promise<ChangeSet | undefined>;
  listChangeSets(opts?: { offset?: number; limit?: number }): Promise<ChangeSet[]>;
  /** Newest first; `since` = ISO time, only records at or after it. */
  auditLog(opts?: { since?: string; limit?: number }): Promise<AuditRecord[]>;
  /** Freeze the draft as a new published revision (no-op when nothing changed since the last). */
  publish(opts: Who & { note?: string }): Promise<{ revision: string; seq: number; changed: boolean }>;
  published(): Promise<Published | undefined>;
  /** Cheap: the published revision id only (for polling). */
  publishedRevision(): Promise<string | undefined>;
  status(): Promise<KbStatus>;
  /** Load a knowledge-base directory into an empty store as change set `seed` and publish it. */
  seedIfEmpty(kbDir: string, opts?: SeedOptions): Promise<{ seeded: boolean; revision: string | undefined }>;
  exportKb(): Promise<ExportBundle>;
  /** In-process notification after this process published (the Redis channel reaches the others). */
  onPublished(listener: (meta: PublishMeta) => void): () => void;
  close(): Promise<void>;
}
