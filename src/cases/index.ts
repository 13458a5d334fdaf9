/**
 * Similar past cases (往期案例): the index over a knowledge base's cases, the levels 高/中/低 its
 * similarity is shown in, and the one case the chat may cite. Pure: no HTTP, no storage, no clock.
 * See docs/cases.md.
 */
export {
  createCaseIndex,
  buildCaseIndex,
  CASE_INDEX_DEFAULTS,
  QUERY_MAX_CHARS,
  type CaseIndex,
  type CaseIndexOptions,
  type ScoredCase,
} from './case-index';
export { levelOf, LEVEL_CUTOFFS, similarCases, settledCaseFor, SimilarityLevel, SimilarCaseView, SimilarCases, type SettledCase } from './levels';
export { replyGist } from './gist';
