/**
 * The editor API's answers as the console reads them (src/http/editor-router.ts over
 * src/kb/store/types.ts). The entries themselves are the knowledge base's own types
 * (src/kb/schema.ts); the store's records are declared here because src/kb/store/types.ts also
 * loads Node code (through src/tickets/triage.ts), which the browser program cannot type-check.
 */
import type { EntryKind } from '../../../kb/schema';

export type { EntryKind };

/** A problem's issue: a dotted path (may start with "entry.") and a message. */
export interface Issue {
  path?: string;
  message: string;
}

export interface Status {
  seq: number;
  published: { revision: string; at: string; author: string } | null;
  unpublishedChanges: number;
  live?: { revision?: string };
}

export interface EntrySummary {
  id: string;
  kind: EntryKind;
  title: string;
  department?: string;
  version: number;
  updatedAt: string;
  updatedBy?: string;
}

export interface EntryList {
  total: number;
  offset: number;
  limit: number;
  items: EntrySummary[];
}

/** One changed field: a dotted path, the value before and after (absent = none). */
export interface FieldChange {
  path: string;
  before?: unknown;
  after?: unknown;
}

export type VersionOp = 'create' | 'update' | 'delete';

export interface VersionRecord {
  version: number;
  op: VersionOp;
  at: string;
  author: string;
  changeSetId: string;
  diff: FieldChange[];
}

/** GET /entries/:id: the entry (a schema Entry, read field by field by the form) and its history. */
export interface EntryDetail extends EntrySummary {
  updatedBy: string;
  entry: Record<string, unknown>;
  history: VersionRecord[];
  historyCount: number;
}

export interface WriteResult {
  version: number;
  changeSetId: string | null;
  changed: boolean;
}

export interface Counts {
  added: number;
  changed: number;
  removed: number;
}

export interface ChangeSetSummary {
  id: string;
  at: string;
  author: string;
  action: string;
  source?: string;
  mode?: string;
  revertOf?: string;
  counts: Counts;
}

export interface ChangeSetDetail extends ChangeSetSummary {
  targets: { target: string; op: VersionOp; from: number; to: number }[];
  changes: { target: string; op: VersionOp; from: number; to: number; diff: FieldChange[] }[];
}

export interface AuditRecord {
  at: string;
  author: string;
  action: string;
  changeSetId?: string;
  revision?: string;
  summary: string;
  targets: string[];
  targetCount: number;
}

/** POST /import: the dry-run or import report. */
export interface ImportReport {
  dryRun: boolean;
  changeSetId?: string | null;
  accepted: number;
  rejectedCount: number;
  warningCount: number;
  added: { count: number; ids: string[] };
  changed: { count: number; items: { id: string; version: number; diff: FieldChange[] }[] };
  removed: { count: number; ids: string[] };
  unchanged: number;
  synonymsChanged?: boolean;
  routingChanged?: boolean;
  rejected?: { row: number; id?: string; reason: string }[];
  warnings?: { row?: number; message: string }[];
}
