/**
 * How well a suggestion fits, in one word the operator can take in at a glance (高/中/低 on the
 * console) instead of a raw score. The cut-offs are the ones the engine decides with (DECISION:
 * it answers at or above `answer`, offers choices at or above `clarify`), and the semantic layer's
 * for entries found by meaning; nothing here invents a threshold of its own.
 */
import { z } from 'zod';
import { DECISION, type Decision } from '../engine';
import { DEFAULT_THRESHOLDS, type SemanticThresholds } from '../llm';

export const MatchLevel = z.enum(['high', 'medium', 'low']);
export type MatchLevel = z.infer<typeof MatchLevel>;

/** The level of a confidence (0..1, the engine's calibrated chance that the match is right). */
export function matchLevel(confidence: number): MatchLevel {
  if (confidence >= DECISION.answer) return 'high';
  if (confidence >= DECISION.clarify) return 'medium';
  return 'low';
}

/**
 * A suggestion's confidence: the engine's confidence is for its best match; a lower-ranked one
 * gets it in proportion to its score (scores compare within one question only).
 */
export function suggestionConfidence(decisionConfidence: number, score: number, bestScore: number): number {
  const share = bestScore > 0 ? Math.min(1, Math.max(0, score / bestScore)) : 0;
  return Math.round(decisionConfidence * share * 1000) / 1000;
}

/**
 * A suggestion's level for the engine's decision on the same words. Only the entry the engine
 * would answer with can be 高: when it would ask which of several entries is meant (clarify), or
 * for any other suggestion, the most is 中, however close the scores.
 */
export function suggestionMatch(decision: Pick<Decision, 'kind' | 'confidence'> & { entryId?: string }, entryId: string, score: number, bestScore: number): MatchLevel {
  const level = matchLevel(suggestionConfidence(decision.confidence, score, bestScore));
  const answered = decision.kind === 'answer' && decision.entryId === entryId;
  return level === 'high' && !answered ? 'medium' : level;
}

/** The level of an entry found by meaning: its cosine against the semantic layer's thresholds. */
export function semanticMatchLevel(similarity: number, thresholds: Pick<SemanticThresholds, 'answer' | 'clarify'> = DEFAULT_THRESHOLDS): MatchLevel {
  if (similarity >= thresholds.answer) return 'high';
  if (similarity >= thresholds.clarify) return 'medium';
  return 'low';
}
