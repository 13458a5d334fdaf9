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
export { HeldMessage, LiveConversation, LiveEvent, LiveMessage, LiveOperator, LiveView } from './live/schema';
export {
  createLocalLiveListeners,
  createMemoryLiveBus,
  createMemoryLiveStore,
  HELD_KEPT,
  HELD_TTL_MS,
  MESSAGES_KEPT,
  TAKES_KEPT,
  type LiveBus,
  type LiveStore,
} from './live/store';
export { createLiveDesk, type LiveDesk } from './live/desk';
export { createQueuePlaceNotices, type QueuePlaceNotices } from './live/places';
export { createLiveDelivery, sendToUser, type LiveDelivery, type PageMessage, type UserSockets } from './live/delivery';
export { createLiveOperatorDesk, type LiveOperatorDesk, type OperatorOutcome } from './live/operator';
export { parseHours, isStaffedTime } from './live/hours';
export { WebInbound, WireMessage } from './channels/wire';
