/**
 * Retrieval: score every entry a question touches by how well one of its names covers the
 * question and how much of that name the question covers, then refine the best few with the
 * whole entry (names and body) to see how much of the question is explained.
 */
import { isBigram, type KbIndex } from './kb-index';

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
}

/** Cue words still help FAQ matching ("多久到账") but should not decide which item is meant. */
export const CUE_FACTOR = 0.3;
/** Words found only in an entry's body explain a question less than words in its name. */
export const BODY_FACTOR = 0.5;
const PRESELECT = 40;

export function queryTokens(index: KbIndex, normalisedText: string, cueSpans: string[]): QueryToken[] {
  const cueTokens = new Set(cueSpans.flatMap((span) => index.tokensOfNormalised(span)));
  return (
    index
      .tokensOfNormalised(normalisedText)
      // A bigram no entry contains is mostly two words' seam ("证要"): noise, not evidence.
      .filter((token) => !isBigram(token) || index.knows(token))
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
  for (const q of query) {
    const list = index.postings.get(q.token);
    if (!list) continue;
    const w = index.weight(q.token);
    for (const s of list) {
      questionMass.set(s, (questionMass.get(s) ?? 0) + q.weight);
      surfaceMass.set(s, (surfaceMass.get(s) ?? 0) + w);
    }
  }

  const best = new Map<number, { score: number; q: number; c: number; surface: number }>();
  const bodyShare = new Map<number, number>();
  for (const [s, qm] of questionMass) {
    const surface = index.surfaces[s]!;
    const q = qm / total;
    if (surface.kind === 'body') {
      bodyShare.set(surface.entry, q);
      continue;
    }
    const c = surface.mass > 0 ? (surfaceMass.get(s) ?? 0) / surface.mass : 0;
    const score = nameScore(q, c);
    const current = best.get(surface.entry);
    if (!current || score > current.score) best.set(surface.entry, { score, q, c, surface: s });
  }
  // Entries matched only through their body still compete (an FAQ answer may hold the words).
  for (const entry of bodyShare.keys()) {
    if (!best.has(entry)) best.set(entry, { score: 0, q: 0, c: 0, surface: -1 });
  }

  const preselected = [...best.entries()]
    .map(([entry, b]) => ({ entry, b, pre: b.score + 0.25 * (bodyShare.get(entry) ?? 0) }))
    .sort((x, y) => y.pre - x.pre)
    .slice(0, PRESELECT);

  const scored: Scored[] = preselected.map(({ entry, b }) => {
    const names = index.nameTokens[entry]!;
    const body = index.bodyTokens[entry]!;
    let explained = 0;
    for (const q of query) {
      if (names.has(q.token)) explained += q.weight;
      else if (body.has(q.token)) explained += q.weight * BODY_FACTOR;
    }
    const questionCoverage = explained / total;
    return {
      entry,
      score: 0.7 * b.score + 0.3 * questionCoverage,
      nameQuestionCoverage: b.q,
      nameCoverage: b.c,
      questionCoverage,
      surface: b.surface,
    };
  });
  scored.sort((a, b) => b.score - a.score);
  return scored.slice(0, limit);
}
