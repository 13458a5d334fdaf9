/**
 * The decision: answer, clarify or hand off. Thresholds were calibrated on the development sets
 * (test/eval/, docs/engine.md); a confident wrong answer costs more than a hand-off, so the engine
 * answers only when one entry clearly leads, offers choices when a few are plausible, and hands
 * off when nothing in the knowledge base explains the question.
 */
import type { Scored } from './retrieve';
import type { HandoffReason } from './types';

export const THRESHOLDS = {
  /** The best entry's score must reach this to be given as an answer… */
  answer: 0.4,
  /** …and lead the runner-up: by this ratio or by `leadGap`; otherwise the user chooses. */
  leadRatio: 0.85,
  leadGap: 0.06,
  /** Below this nothing is close enough to offer as a choice: hand off. */
  clarify: 0.35,
  /** Choices offered must score at least this share of the best. */
  choiceRatio: 0.6,
  /** Below this nothing in the knowledge base is even related: out of scope rather than unsure. */
  related: 0.2,
  /** A name holding this share of its weight in the question is "named in full". */
  fullName: 0.85,
};

export type Verdict =
  | { kind: 'answer'; best: Scored; confidence: number }
  | { kind: 'clarify'; options: Scored[]; confidence: number }
  | { kind: 'handoff'; reason: Extract<HandoffReason, 'out_of_scope' | 'low_confidence'>; confidence: number };

/** 0..1: how sure the engine is that the best entry answers the question. */
export function confidenceOf(best: Scored | undefined, runnerUp: Scored | undefined): number {
  if (!best) return 0;
  const lead = runnerUp && best.score > 0 ? 1 - runnerUp.score / best.score : 1;
  return Math.min(1, best.score * 0.8 + lead * 0.25);
}

/**
 * The best entry leads when the runner-up trails by a clear ratio or gap, unless the question
 * names neither in full and the runner-up explains it just as well (特殊建设工程消防 → 设计审查 or 验收?).
 */
function leads(best: Scored, second: Scored | undefined): boolean {
  if (!second) return true;
  const undistinguished =
    best.nameCoverage < THRESHOLDS.fullName &&
    second.questionCoverage >= best.questionCoverage - 0.02 &&
    second.score >= best.score * 0.8;
  if (undistinguished) return false;
  return second.score <= best.score * THRESHOLDS.leadRatio || best.score - second.score >= THRESHOLDS.leadGap;
}

export function decide(scored: Scored[]): Verdict {
  const [best, second] = scored;
  const confidence = confidenceOf(best, second);
  // Nothing shares a whole word with the question, or nothing comes close: not our subject.
  if (!best || best.wordsMatched === 0 || best.score < THRESHOLDS.related) {
    return { kind: 'handoff', reason: 'out_of_scope', confidence };
  }

  if (best.score >= THRESHOLDS.answer && leads(best, second)) return { kind: 'answer', best, confidence };

  if (best.score >= THRESHOLDS.clarify) {
    const floor = Math.max(THRESHOLDS.related, best.score * THRESHOLDS.choiceRatio);
    const options = scored.filter((s) => s.score >= floor).slice(0, 4);
    if (options.length >= 2) return { kind: 'clarify', options, confidence };
  }
  return { kind: 'handoff', reason: 'low_confidence', confidence };
}
