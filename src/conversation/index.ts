/** The conversation core's public surface; channels import from here. */
export * from './types';
export { createConversationService, type ConversationDeps } from './service';
export {
  ConversationRecord,
  RecordKind,
  RecordVia,
  createMemoryRecordStore,
  hashSessionId,
  listLimit,
  recordMatcher,
  toRecord,
  DEFAULT_LIST_LIMIT,
  type RecordStore,
  type NewRecord,
  type ListOptions,
} from './records';
export { ConversationState, DialogStateName, IntakeSlot, STATE_KEY_PREFIX, stateKey, stateOf, readState, writeState, type StateStorage } from './state';
export { loadIntents, createIntentMatcher, IntentDef, IntentName, IntentLoadError, DEFAULT_INTENTS_DIR, type IntentMatcher } from './intents';
export { WebInbound } from './channels/wire';
