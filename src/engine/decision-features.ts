/**
 * What the decision looks at: scale-free features of one question's retrieval result, the same for
 * a user's question and for a pseudo-question made at build time (calibration.ts). Look-alikes are
 * one candidate here: the runner-up is the best entry of another family.
 */
import { detectFields } from './detect-field';
import type { Families } from './families';
import { isFragment, type KbIndex } from './kb-index';
import { queryTokens, retrieve, type QueryToken, type Scored } from './retrieve';
import { siblingOrderOf } from './siblings';

/** Candidates retrieved per question: enough for a family of look-alikes and the runner-up families. */
export const RETRIEVED = 16;

export interface Retrieval {
  query: QueryToken[];
  /** The retrieved entries, best first. */
  scored: Scored[];
  /** The same with look-alikes folded (byFamily). */
  folded: Scored[];
}

/** A normalised question through retrieval, as the engine and its calibration both see it. */
export function retrieval(index: KbIndex, families: Families, normalisedText: string): Retrieval {
  const query = queryTokens(index, normalisedText, detectFields(normalisedText).cueSpans);
  const scored = retrieve(index, query, RETRIEVED);
  const folded = byFamily(scored, families);
  siblingOrderOf(index).reorder(folded, scored, normalisedText);
  return { query, scored, folded };
}

export const FEATURE_NAMES = [
  'score',
  'nameCoverage',
  'nameQuestionCoverage',
  'questionCoverage',
  'runnerUpRatio',
  'gap',
  'evidence',
  'wordsMatched',
  'queryWords',
  'unseenShare',
  'nameMatch',
  'bodyMatch',
  'thirdRatio',
  'missedShare',
  'missedMax',
  'runnerUpCoverageGap',
] as const;
export type FeatureVector = Float64Array;

/** The scored list with look-alikes folded: each family once, by its best member, best first. */
export function byFamily(scored: readonly Scored[], families: Families, exclude = -1): Scored[] {
  const seen = new Set<number>();
  const out: Scored[] = [];
  for (const s of scored) {
    const family = families.of[s.entry]!;
    if (family === exclude || seen.has(family)) continue;
    seen.add(family);
    out.push(s);
  }
  return out;
}

/**
 * Share of the question's weight that the knowledge base does not hold. With `exclude`, words
 * found only in that family count as unseen too: the question as it would look if the family were
 * not in the catalogue (an out-of-scope question made from an in-scope one).
 */
export function unseenShare(index: KbIndex, query: readonly QueryToken[], families: Families, exclude = -1): number {
  let total = 0;
  let unseen = 0;
  for (const q of query) {
    total += q.weight;
    const info = index.token(q.token);
    if (!info) {
      unseen += q.weight;
      continue;
    }
    if (exclude < 0 || info.end - info.start > 64) continue;
    let elsewhere = false;
    for (let p = info.start; p < info.end && !elsewhere; p++) {
      elsewhere = families.of[index.surfaceEntry[index.postingSurface[p]!]!] !== exclude;
    }
    if (!elsewhere) unseen += q.weight;
  }
  return total > 0 ? unseen / total : 1;
}

/** Whether the entry holds the token in one of its surfaces (names or body). */
export function entryHas(index: KbIndex, token: string, entry: number): boolean {
  const info = index.token(token);
  if (!info) return false;
  const first = index.entrySurfaces[entry]!;
  const last = index.entrySurfaces[entry + 1]! - 1;
  // Postings are in surface order: binary search for the first surface of the entry.
  let lo = info.start;
  let hi = info.end;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (index.postingSurface[mid]! < first) lo = mid + 1;
    else hi = mid;
  }
  return lo < info.end && index.postingSurface[lo]! <= last;
}

/**
 * The question's words (not fragments, not field cues) that the entry lacks: their share of those
 * words' weight, and the heaviest one in units of the rarest word's weight. A question naming
 * something its best match does not mention (杭州, 股票) is about something else.
 */
function missed(index: KbIndex, query: readonly QueryToken[], entry: number): { share: number; max: number } {
  let total = 0;
  let lacking = 0;
  let max = 0;
  for (const q of query) {
    if (q.cue || isFragment(q.token)) continue;
    total += q.weight;
    if (entryHas(index, q.token, entry)) continue;
    lacking += q.weight;
    if (q.weight > max) max = q.weight;
  }
  return { share: total > 0 ? lacking / total : 0, max: max / index.maxIdf };
}

export function decisionFeatures(index: KbIndex, folded: readonly Scored[], query: readonly QueryToken[], unseen: number): FeatureVector {
  const [best, second, third] = folded;
  const words = query.filter((q) => !isFragment(q.token)).length;
  if (!best) return Float64Array.from([0, 0, 0, 0, 0, 0, 0, 0, Math.log1p(words), unseen, 0, 0, 0, 1, 1, 0]);
  const ratio = second && best.score > 0 ? second.score / best.score : 0;
  const lack = missed(index, query, best.entry);
  return Float64Array.from([
    best.score,
    best.nameCoverage,
    best.nameQuestionCoverage,
    best.questionCoverage,
    ratio,
    best.score - (second?.score ?? 0),
    Math.log1p(best.evidence),
    Math.log1p(best.wordsMatched),
    Math.log1p(words),
    unseen,
    best.nameMatch,
    best.bodyMatch,
    third && best.score > 0 ? third.score / best.score : 0,
    lack.share,
    lack.max,
    // The runner-up explains the question as well as the best: "特殊建设工程消防" names neither 验收 nor 设计审查.
    best.questionCoverage - (second?.questionCoverage ?? 0),
  ]);
}
