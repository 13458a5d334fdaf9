/** Component schemas of the knowledge editor API (the zod schemas of src/kb/store/editor-api.ts and the store's). */
import { EntryId, RoutingRule } from '../../../kb';
import { ChangeSetTarget, WriteResult } from '../../../kb/store';
import {
  AuditLog,
  ChangeSetDetail,
  ChangeSetHead,
  ChangeSetList,
  ChangeSetRolledBack,
  KbPublished,
  RoutingView,
  ChangeSetRollbackBody,
  CreateBody,
  EntryDetail,
  EntryListView,
  EntrySummary,
  EntryWritten,
  ImportReport,
  KbCasesReport,
  KbCasesView,
  KbStatusView,
  PublishBody,
  RollbackBody,
  RoutingBody,
  SynonymsBody,
  SynonymsView,
  UpdateBody,
  VersionList,
} from '../../../kb/store';
import type { ZodComponent } from '../registry';

const CHANGE_SET_PROPERTIES = {
  id: 'cs<seq>',
  seq: 'The draft revision this change set produced',
  source: 'Imports and the seed',
  revertOf: 'The change set a rollback-change-set reverts',
};

export const KB_COMPONENTS: ZodComponent[] = [
  { name: 'KbEntryId', schema: EntryId },
  { name: 'KbEntrySummary', schema: EntrySummary, properties: { title: 'name, title or question' } },
  { name: 'KbEntryList', schema: EntryListView },
  {
    name: 'KbEntryDetail',
    schema: EntryDetail,
    description: 'An entry with its latest versions (at most 50) and how many there are.',
    properties: { title: 'name, title or question' },
  },
  { name: 'KbCreateEntryRequest', schema: CreateBody },
  { name: 'KbUpdateEntryRequest', schema: UpdateBody, properties: { expectedVersion: 'The version the editor edited' } },
  { name: 'KbEntryWritten', schema: EntryWritten, properties: { changed: 'PUT only' } },
  {
    name: 'KbWriteResult',
    schema: WriteResult,
    properties: { version: "The target's version after the call", changeSetId: 'null when nothing changed' },
  },
  { name: 'KbRollbackRequest', schema: RollbackBody },
  { name: 'KbChangeSetRollbackRequest', schema: ChangeSetRollbackBody, properties: { force: 'Roll back even if targets changed since' } },
  { name: 'KbPublishRequest', schema: PublishBody },
  { name: 'KbVersionList', schema: VersionList },
  { name: 'KbSynonyms', schema: SynonymsView },
  { name: 'KbPutSynonymsRequest', schema: SynonymsBody },
  {
    name: 'KbRoutingRule',
    schema: RoutingRule,
    description: "A KbFlagRule's matcher plus where the demand goes. Needs at least one of keywords, patterns or all.",
    properties: {
      department: 'One of `departments`',
      level: "Default: the department's level",
      priority: 'Breaks ties between overlapping rules',
      generic: 'A catch-all used only when no specific rule matches',
    },
  },
  { name: 'KbPutRoutingRequest', schema: RoutingBody },
  { name: 'KbChangeSetHead', schema: ChangeSetHead, properties: CHANGE_SET_PROPERTIES },
  { name: 'KbChangeSetTarget', schema: ChangeSetTarget },
  { name: 'KbChangeSetList', schema: ChangeSetList, properties: { 'items[].targetCount': 'How many targets the change set wrote' } },
  { name: 'KbChangeSetRolledBack', schema: ChangeSetRolledBack, properties: { targets: 'Targets put back' } },
  { name: 'KbAuditLog', schema: AuditLog },
  { name: 'KbPublished', schema: KbPublished, properties: { live: 'The revision this instance serves now' } },
  { name: 'KbRouting', schema: RoutingView, properties: { routing: "The draft's table; null: none yet (the built-in table applies)" } },
  { name: 'KbChangeSetDetail', schema: ChangeSetDetail, properties: { ...CHANGE_SET_PROPERTIES, changes: 'The first 200 targets with their diffs' } },
  {
    name: 'KbImportReport',
    schema: ImportReport,
    description: 'Lists are cut at 500 ids and 200 diffs; the counts are always complete.',
    properties: {
      'rejected[].row': 'Spreadsheet row (header = 1) or JSON line',
      'changed.items[].version': "The entry's version before the import",
      changeSetId: 'null for a dry run (or an import that changed nothing)',
      seq: 'The draft revision after a written import',
    },
  },
  {
    name: 'KbCases',
    schema: KbCasesView,
    description: "How many past cases the draft holds, how many name their department, how many are hand-written samples, and the `$cases` version",
  },
  {
    name: 'KbCasesReport',
    schema: KbCasesReport,
    properties: {
      'rejected[].row': 'The JSON line',
      changeSetId: 'null for a dry run',
      version: 'A written import only: the `$cases` version after it',
    },
  },
  {
    name: 'KbStatus',
    schema: KbStatusView,
    properties: {
      seq: 'The draft revision',
      unpublishedChanges: 'Change sets since the published revision',
      live: 'null without a live engine',
      'live.revision': 'The revision this instance serves',
    },
  },
];
