export * from './schema';
export { loadKnowledgeBase, KbLoadError, formatProblem, type KbProblem } from './load';
export { writeKnowledgeBase } from './write';
export { ENTRY_DIRS, MANIFEST_FILE, SYNONYMS_FILE } from './layout';
export * from './routing';
