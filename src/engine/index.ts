export { createEngine, DEFAULT_CACHE_SIZE, MAX_QUESTION_CHARS, type EngineOptions } from './engine';
export { normalise, Tokenizer, userWordsOf, hanBigrams } from './text';
export { detectSignals } from './signals';
export { detectFields, fieldForKind } from './detect-field';
export { answerBody, composeAnswer } from './compose';
export { DECISION } from './calibration';
export { CLARIFY_TEXT, FIELD_LABELS, HANDOFF_TEXT } from './messages';
export { convertScript, toSimplified, countHan } from '../zh';
export * from './types';
