/**
 * The knowledge editor API's bodies and answers (src/http/editor-router.ts), as zod schemas: the
 * router parses the bodies and types its answers with them, docs/openapi.yaml is generated from
 * them, and the editor console (src/web/editor) reads its answers as their inferred types. Kept
 * beside the store's model and free of Node code, so that the browser program type-checks it.
 */
import { z } from 'zod';
import { Entry, EntryId } from '../schema';
import { RoutingFile } from '../routing';
import { RejectedRow, ImportWarning } from '../import/result';
import { AuditRecord, ChangeSet, ChangeSetTarget, FieldChange, ImportMode, KbStatus, VersionRecord, WriteResult } from './types';

// ---------------------------------------------------------------- bodies

export const CreateBody = z.strictObject({ entry: Entry });
export const UpdateBody = z.strictObject({ expectedVersion: z.number().int().min(1), entry: Entry });
const SynonymGroups = z.array(z.array(z.string().trim().min(1)).min(2));
export const SynonymsBody = z.strictObject({ expectedVersion: z.number().int().min(0), groups: SynonymGroups });
export const RoutingBody = z.strictObject({ expectedVersion: z.number().int().min(0), routing: RoutingFile });
export const RollbackBody = z.strictObject({ toVersion: z.number().int().min(1) });
export const ChangeSetRollbackBody = z.strictObject({ force: z.boolean().default(false) });
export const PublishBody = z.strictObject({ note: z.string().trim().max(500).optional() });

// ---------------------------------------------------------------- answers

/** An entry as the editor lists it: its id, kind, title and department beside its version. */
export const EntrySummary = z.strictObject({
  id: EntryId,
  kind: z.enum(['item', 'policy', 'faq']),
  /** name, title or question */
  title: z.string(),
  department: z.string().optional(),
  version: z.number().int().min(1),
  changeSetId: z.string(),
  updatedAt: z.iso.datetime(),
  updatedBy: z.string(),
  entry: Entry,
});
export type EntrySummary = z.infer<typeof EntrySummary>;

export const EntryListView = z.strictObject({
  total: z.number().int().min(0),
  offset: z.number().int().min(0),
  limit: z.number().int().min(1),
  items: z.array(EntrySummary),
});
export type EntryListView = z.infer<typeof EntryListView>;

/** An entry with its latest versions (at most 50) and how many there are. */
export const EntryDetail = EntrySummary.extend({
  history: z.array(VersionRecord).max(50),
  historyCount: z.number().int().min(1),
});
export type EntryDetail = z.infer<typeof EntryDetail>;

export const EntryWritten = z.strictObject({
  entry: Entry,
  version: z.number().int().min(1),
  changeSetId: z.string().nullable(),
  /** PUT only. */
  changed: z.boolean().optional(),
});
export type EntryWritten = z.infer<typeof EntryWritten>;

export const VersionList = z.strictObject({ target: z.string(), versions: z.array(VersionRecord) });
export type VersionList = z.infer<typeof VersionList>;

export const SynonymsView = z.strictObject({ groups: SynonymGroups, version: z.number().int().min(0) });
export type SynonymsView = z.infer<typeof SynonymsView>;

/** A change set without its targets (the list adds their number). */
export const ChangeSetHead = ChangeSet.omit({ targets: true });

/** GET /change-sets: a page of change sets, newest first, each with its number of targets. */
export const ChangeSetList = z.strictObject({
  offset: z.number().int().min(0),
  limit: z.number().int().min(1),
  items: z.array(ChangeSetHead.extend({ targetCount: z.number().int().min(0) })),
});
export type ChangeSetList = z.infer<typeof ChangeSetList>;

/** A change set rolled back: one new change set putting each target back, `targets` of them. */
export const ChangeSetRolledBack = WriteResult.extend({ targets: z.number().int().min(0) });
export type ChangeSetRolledBack = z.infer<typeof ChangeSetRolledBack>;

export const AuditLog = z.strictObject({ records: z.array(AuditRecord) });
export type AuditLog = z.infer<typeof AuditLog>;

/** The draft published: its revision, and the revision this instance serves now. */
export const KbPublished = z.strictObject({ revision: z.string(), seq: z.number().int().min(0), changed: z.boolean(), live: z.string().optional() });
export type KbPublished = z.infer<typeof KbPublished>;

/** The draft's routing table (null: none yet, the built-in one applies) and its version. */
export const RoutingView = z.strictObject({ routing: RoutingFile.nullable(), version: z.number().int().min(0) });
export type RoutingView = z.infer<typeof RoutingView>;

export const ChangeSetDetail = ChangeSet.extend({
  /** The first 200 targets with their diffs. */
  changes: z.array(ChangeSetTarget.extend({ diff: z.array(FieldChange) })).max(200),
});
export type ChangeSetDetail = z.infer<typeof ChangeSetDetail>;

const Ids = z.strictObject({ count: z.number().int().min(0), ids: z.array(z.string()) });

/** What an import did or would do. Lists are cut at 500 ids and 200 diffs; the counts are always complete. */
export const ImportReport = z.strictObject({
  dryRun: z.boolean(),
  from: z.enum(['faq-csv', 'xlsx', 'gd-items', 'bundle']),
  mode: ImportMode,
  source: z.string(),
  accepted: z.number().int().min(0),
  rejectedCount: z.number().int().min(0),
  rejected: z.array(RejectedRow),
  warningCount: z.number().int().min(0),
  warnings: z.array(ImportWarning),
  added: Ids,
  changed: z.strictObject({
    count: z.number().int().min(0),
    /** version: the entry's version before the import. */
    items: z.array(z.strictObject({ id: z.string(), version: z.number().int(), diff: z.array(FieldChange) })),
    ids: z.array(z.string()),
  }),
  removed: Ids,
  unchanged: z.number().int().min(0),
  synonymsChanged: z.boolean(),
  routingChanged: z.boolean(),
  /** null for a dry run (or an import that changed nothing). */
  changeSetId: z.string().nullable(),
  /** The draft revision after a written import. */
  seq: z.number().int().optional(),
});
export type ImportReport = z.infer<typeof ImportReport>;

/** GET /cases: the draft's past cases, counted. */
export const KbCasesView = z.strictObject({
  version: z.number().int().min(0),
  count: z.number().int().min(0),
  /** Cases whose department is known (their own, or named in the reply). */
  withDepartment: z.number().int().min(0),
  /** Hand-written samples, marked synthetic. */
  synthetic: z.number().int().min(0),
});
export type KbCasesView = z.infer<typeof KbCasesView>;

/** PUT /cases: what was (or, in a dry run, would be) stored. Lists are cut at 500; the counts are complete. */
export const KbCasesReport = z.strictObject({
  dryRun: z.boolean(),
  source: z.string(),
  accepted: z.number().int().min(0),
  withDepartment: z.number().int().min(0),
  rejectedCount: z.number().int().min(0),
  rejected: z.array(RejectedRow),
  warningCount: z.number().int().min(0),
  warnings: z.array(ImportWarning),
  /** null for a dry run. */
  changeSetId: z.string().nullable(),
  /** A written import: the `$cases` version after it, whether anything changed, and the target. */
  version: z.number().int().min(0).optional(),
  changed: z.boolean().optional(),
  target: z.literal('$cases').optional(),
});
export type KbCasesReport = z.infer<typeof KbCasesReport>;

/** The store's status and the revision this instance serves (null without a live engine). */
export const KbStatusView = KbStatus.extend({ live: z.strictObject({ revision: z.string() }).nullable() });
export type KbStatusView = z.infer<typeof KbStatusView>;

