/**
 * The decision: answer, clarify or hand off. Thresholds were calibrated on the development sets
 * (test/eval/, see docs/engine.md); a confident wrong answer costs more than a hand-off, so the
 * engine answers only when one entry clearly explains the question.
 */
import type { Scored } from './retrieve';
import type { HandoffReason } from './types';

export const THRESHOLDS = {
  /** Below this the best entry is not an answer. */
  answer: 0.5,
  /** Below this nothing in the knowledge base is even related: out of scope rather than unsure. */
  related: 0.3,
  /** The share of the question an answer must explain, unless the question names the entry in full. */
  questionCoverage: 0.45,
  /** A name counts as "named in full" when the question holds this share of it. */
  fullName: 0.85,
  /** A runner-up this close to the best makes the question ambiguous. */
  clarifyRatio: 0.93,
  /** Candidates offered in a clarify question must be at least this close to the best. */
  clarifyKeep: 0.8,
};

export type Verdict =
  | { kind: 'answer'; best: Scored; confidence: number }
  | { kind: 'clarify'; options: Scored[]; confidence: number }
  | { kind: 'handoff'; reason: Extract<HandoffReason, 'out_of_scope' | 'low_confidence'>; confidence: number };

/** 0..1: how sure the engine is that the best entry answers the question. */
export function confidenceOf(best: Scored | undefined, runnerUp: Scored | undefined): number {
  if (!best) return 0;
  const margin = runnerUp ? Math.max(0, best.score - runnerUp.score) : best.score;
  return Math.min(1, best.score * 0.85 + Math.min(margin, 0.3) * 0.5);
}

/**
 * Two entries are confusable when the question names both in full (duplicate names in a
 * catalogue), or names neither in full and the runner-up explains the question as well.
 */
function isAmbiguous(best: Scored, second: Scored): boolean {
  if (second.score < best.score * THRESHOLDS.clarifyKeep) return false;
  const bestFull = best.nameCoverage >= THRESHOLDS.fullName;
  const secondFull = second.nameCoverage >= THRESHOLDS.fullName;
  if (bestFull) return secondFull && second.questionCoverage >= best.questionCoverage - 0.02;
  return second.score >= best.score * THRESHOLDS.clarifyRatio || second.questionCoverage >= best.questionCoverage - 0.05;
}

export function decide(scored: Scored[]): Verdict {
  const [best, second] = scored;
  const confidence = confidenceOf(best, second);
  if (!best || best.score < THRESHOLDS.related) return { kind: 'handoff', reason: 'out_of_scope', confidence };

  const namedInFull = best.nameCoverage >= THRESHOLDS.fullName;
  const explained = best.questionCoverage >= THRESHOLDS.questionCoverage;
  if (best.score < THRESHOLDS.answer || (!namedInFull && !explained)) {
    return { kind: 'handoff', reason: 'low_confidence', confidence };
  }

  if (second && isAmbiguous(best, second)) {
    const options = scored
      .filter((s) => s.score >= best.score * THRESHOLDS.clarifyKeep && s.score >= THRESHOLDS.related)
      .slice(0, 4);
    if (options.length >= 2) return { kind: 'clarify', options, confidence };
  }
  return { kind: 'answer', best, confidence };
}
