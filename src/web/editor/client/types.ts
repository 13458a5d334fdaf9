/**
 * The editor API's answers as the console reads them: the zod-inferred types the server answers
 * with (src/kb/store/editor-api.ts over the store's model, src/kb/store/types.ts), so a change of
 * an answer shows here as a type error. The entries themselves are the knowledge base's own types.
 */
import type { EntryKind } from '../../../kb/schema';
import type { ChangeSetDetail, ChangeSetList, EntryDetail, EntryListView, ImportReport, KbStatusView } from '../../../kb/store/editor-api';
import type { AuditRecord, FieldChange, VersionOp, VersionRecord, WriteResult } from '../../../kb/store/types';

export type { AuditRecord, ChangeSetDetail, EntryDetail, EntryKind, FieldChange, ImportReport, VersionOp, VersionRecord, WriteResult };
export type Status = KbStatusView;
export type EntryList = EntryListView;
export type ChangeSetSummary = ChangeSetList['items'][number];

/** A problem's issue as the API reports it: a dotted path (may start with "entry.") and a message. */
export interface Issue {
  path?: string;
  message: string;
}
