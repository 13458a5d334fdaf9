/**
 * The editable, versioned knowledge base (see docs/knowledge-editing.md): one KbStore interface over
 * a KbBackend; the backends are storage's (src/storage/redis/kb-store.ts when REDIS_URL is set,
 * src/storage/file/kb-store.ts under DATA_DIR/kb/ otherwise).
 */
export * from './types';
export * from './editor-api';
export { KbStoreError, type KbStoreErrorCode } from './errors';
export type { KbRefusal, KbRefusalCode, KbStoreIssueCode } from './messages';
export { diffValues, diffEntries, sameValue } from './diff';
export { filterEntries, fold } from './search';
export { createKbStore, type CoreOptions } from './core';
export { changeSetIdFor, revisionFor, type KbBackend, type Commit, type DraftSnapshot } from './backend';
