export * from './schema';
export { loadKnowledgeBase, loadCases, KbLoadError, formatProblem, type KbProblem } from './load';
export { writeKnowledgeBase, writeCases, writeEnterprises } from './write';
export { ENTRY_DIRS, MANIFEST_FILE, SYNONYMS_FILE, CASES_FILE, ENTERPRISES_FILE, ENTERPRISES_SAMPLE_FILE } from './layout';
export { loadEnterprises } from './enterprises';
export * from './cases';
export * from './routing';
export { KB_SCHEMA_MESSAGES, kbSchemaMessageZh, ENTRY_ID_PATTERN, type KbSchemaMessageKey } from './schema-messages';
