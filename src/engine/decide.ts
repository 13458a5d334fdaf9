/**
 * The decision: answer, clarify or hand off, from the calibrated confidence (calibration.ts) that
 * the best match answers the question. A confident wrong answer costs more than a question back,
 * so the engine answers only above DECISION.answer, offers the likely entries when it is less
 * sure, and hands off when nothing in the knowledge base is likely to answer.
 */
import { DECISION } from './calibration';
import type { Scored } from './retrieve';
import type { HandoffReason } from './types';

/** Below this confidence nothing in the knowledge base is even related: out of scope rather than unsure. */
export const RELATED = 0.1;

export type Verdict =
  | { kind: 'answer'; best: Scored; confidence: number }
  | { kind: 'clarify'; options: Scored[]; confidence: number }
  | { kind: 'handoff'; reason: Extract<HandoffReason, 'out_of_scope' | 'low_confidence'>; confidence: number };

/**
 * Nothing in the question tells the best from the runner-up: the runner-up explains it as well and
 * scores nearly as high, and the question does not name the best in full ("特殊建设工程消防" names
 * neither 验收 nor 设计审查). Then choosing would be a coin toss, however sure the match looks.
 */
function undistinguished(best: Scored, second: Scored | undefined): boolean {
  return (
    second !== undefined &&
    best.nameCoverage < 0.85 &&
    second.questionCoverage >= best.questionCoverage - 0.02 &&
    second.score >= best.score * 0.9
  );
}

/**
 * The share of the question's subject words (its weight, cues and fragments aside) that the best
 * match must hold to be offered at all: "月球上能开分公司吗" shares only 公司 with any entry.
 */
export const MIN_SUBJECT_SHARE = 0.1;

/**
 * `folded`: the retrieval result with each family of look-alikes once, best first; `subjectShare`:
 * the share of the question's subject words the best match holds.
 */
export function decide(folded: readonly Scored[], confidence: number, subjectShare = 1): Verdict {
  const [best, second] = folded;
  // Nothing shares a whole word with the question, or almost nothing it names: not our subject.
  if (!best || best.wordsMatched === 0 || subjectShare < MIN_SUBJECT_SHARE) return { kind: 'handoff', reason: 'out_of_scope', confidence };
  if (confidence >= DECISION.answer && !undistinguished(best, second)) return { kind: 'answer', best, confidence };
  if (confidence >= DECISION.clarify) {
    const floor = best.score * DECISION.choiceRatio;
    return { kind: 'clarify', options: folded.filter((s) => s.score >= floor).slice(0, 4), confidence };
  }
  return { kind: 'handoff', reason: confidence < RELATED ? 'out_of_scope' : 'low_confidence', confidence };
}
