/**
 * Retrieval: score every entry a question touches by how well one of its names covers the
 * question and how much of that name the question covers, then refine the best few with the
 * whole entry (names and body) to see how much of the question is explained.
 */
import { CUE_FACTOR } from './detect-field';
import { isFragment, type KbIndex } from './kb-index';

export interface QueryToken {
  token: string;
  /** Retrieval weight: IDF, lowered for bigrams and for field cue words like 材料 or 多久. */
  weight: number;
  cue: boolean;
}

export interface Scored {
  entry: number;
  score: number;
  /** Share of the question's weight found in the best name (title or alias). */
  nameQuestionCoverage: number;
  /** Share of the best name's weight found in the question. */
  nameCoverage: number;
  /** Share of the question's weight found anywhere in the entry (body counts for less). */
  questionCoverage: number;
  /** Index of the best name surface. */
  surface: number;
  /** How specific the matched words are: their summed IDF in units of the rarest word's IDF. */
  evidence: number;
  /** Whole words (not fragments) of the question found in the entry. */
  wordsMatched: number;
}

/** Words found only in an entry's body explain a question less than words in its name. */
export const BODY_FACTOR = 0.7;
/** How much the whole entry's explanation of the question counts, beside its best name's match. */
export const COVERAGE_WEIGHT = 0.4;

export function queryTokens(index: KbIndex, normalisedText: string, cueSpans: string[]): QueryToken[] {
  const cueTokens = new Set(cueSpans.flatMap((span) => index.tokensOfNormalised(span)));
  return (
    index
      .tokensOfNormalised(normalisedText)
      // A bigram no entry contains is mostly two words' seam ("证要"): noise, not evidence.
      .filter((token) => !isFragment(token) || index.knows(token))
      .map((token) => {
        const cue = cueTokens.has(token);
        return { token, cue, weight: index.weight(token) * (cue ? CUE_FACTOR : 1) };
      })
  );
}

function nameScore(questionCoverage: number, nameCoverage: number): number {
  // Geometric blend: a long story mentioning a whole item name still scores well,
  // a short question matching a small part of a long name scores less.
  return Math.pow(nameCoverage, 0.6) * Math.pow(questionCoverage, 0.4);
}

export function retrieve(index: KbIndex, query: QueryToken[], limit = 8): Scored[] {
  const total = query.reduce((sum, q) => sum + q.weight, 0);
  if (total <= 0) return [];

  const questionMass = new Map<number, number>();
  const surfaceMass = new Map<number, number>();
  // Per entry, the question weight its names explain (fully) or only its body explains (partly).
  const explained = new Map<number, number>();
  const seenIn = new Map<number, number>(); // entry → 1 name, 2 body-only, for the current token
  const wordsMatched = new Map<number, number>();
  for (const q of query) {
    const list = index.postings.get(q.token);
    if (!list) continue;
    seenIn.clear();
    for (const s of list) {
      questionMass.set(s, (questionMass.get(s) ?? 0) + q.weight);
      surfaceMass.set(s, (surfaceMass.get(s) ?? 0) + index.surfaceWeight(s, q.token));
      const surface = index.surfaces[s]!;
      if (surface.kind !== 'body') seenIn.set(surface.entry, 1);
      else if (!seenIn.has(surface.entry)) seenIn.set(surface.entry, 2);
    }
    const word = !isFragment(q.token);
    for (const [entry, where] of seenIn) {
      explained.set(entry, (explained.get(entry) ?? 0) + q.weight * (where === 1 ? 1 : BODY_FACTOR));
      if (word) wordsMatched.set(entry, (wordsMatched.get(entry) ?? 0) + 1);
    }
  }

  const best = new Map<number, { score: number; q: number; c: number; surface: number; mass: number }>();
  for (const [s, qm] of questionMass) {
    const surface = index.surfaces[s]!;
    if (surface.kind === 'body') continue;
    const q = qm / total;
    const c = surface.mass > 0 ? (surfaceMass.get(s) ?? 0) / surface.mass : 0;
    const score = nameScore(q, c);
    const current = best.get(surface.entry);
    if (!current || score > current.score) {
      best.set(surface.entry, { score, q, c, surface: s, mass: surfaceMass.get(s) ?? 0 });
    }
  }

  const scored: Scored[] = [];
  for (const [entry, weight] of explained) {
    const b = best.get(entry) ?? { score: 0, q: 0, c: 0, surface: -1, mass: 0 };
    const questionCoverage = weight / total;
    scored.push({
      entry,
      score: (1 - COVERAGE_WEIGHT) * b.score + COVERAGE_WEIGHT * questionCoverage,
      nameQuestionCoverage: b.q,
      nameCoverage: b.c,
      questionCoverage,
      surface: b.surface,
      evidence: b.mass / index.maxIdf,
      wordsMatched: wordsMatched.get(entry) ?? 0,
    });
  }
  scored.sort((a, b) => b.score - a.score);
  return scored.slice(0, limit);
}
