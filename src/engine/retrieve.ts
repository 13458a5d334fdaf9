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
      .filter((token) => !isFragment(token) || (index.knows(token) && !index.isCommonFragment(token)))
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

/** Reusable per-index buffers, so a question allocates nothing proportional to the index. */
class Scratch {
  stamp = 0;
  readonly surfaceStamp: Uint32Array;
  readonly questionMass: Float64Array;
  readonly surfaceMass: Float64Array;
  readonly touchedSurfaces: Int32Array;
  readonly entryStamp: Uint32Array;
  readonly explained: Float64Array;
  readonly words: Int32Array;
  readonly touchedEntries: Int32Array;
  /** For the token being scanned: the entries it reached and whether through a name (1) or only the body (2). */
  readonly tokenMark: Int32Array;
  readonly tokenWhere: Uint8Array;
  readonly tokenEntries: Int32Array;
  readonly bestScore: Float64Array;
  readonly bestSurface: Int32Array;

  constructor(surfaces: number, entries: number) {
    this.surfaceStamp = new Uint32Array(surfaces);
    this.questionMass = new Float64Array(surfaces);
    this.surfaceMass = new Float64Array(surfaces);
    this.touchedSurfaces = new Int32Array(surfaces);
    this.entryStamp = new Uint32Array(entries);
    this.explained = new Float64Array(entries);
    this.words = new Int32Array(entries);
    this.touchedEntries = new Int32Array(entries);
    this.tokenMark = new Int32Array(entries);
    this.tokenWhere = new Uint8Array(entries);
    this.tokenEntries = new Int32Array(entries);
    this.bestScore = new Float64Array(entries);
    this.bestSurface = new Int32Array(entries);
  }
}

const scratches = new WeakMap<KbIndex, Scratch>();

function scratchFor(index: KbIndex): Scratch {
  let scratch = scratches.get(index);
  if (!scratch) scratches.set(index, (scratch = new Scratch(index.surfaces.length, index.entries.length)));
  if (++scratch.stamp === 0xffffffff) {
    scratch.surfaceStamp.fill(0);
    scratch.entryStamp.fill(0);
    scratch.stamp = 1;
  }
  return scratch;
}

export function retrieve(index: KbIndex, query: QueryToken[], limit = 8): Scored[] {
  const total = query.reduce((sum, q) => sum + q.weight, 0);
  if (total <= 0) return [];
  const x = scratchFor(index);
  const { stamp } = x;
  let surfaceCount = 0;
  let entryCount = 0;

  query.forEach((q, k) => {
    const list = index.postings.get(q.token);
    if (!list) return;
    const weight = index.weight(q.token);
    let reached = 0;
    for (const s of list) {
      if (x.surfaceStamp[s] !== stamp) {
        x.surfaceStamp[s] = stamp;
        x.questionMass[s] = 0;
        x.surfaceMass[s] = 0;
        x.touchedSurfaces[surfaceCount++] = s;
      }
      x.questionMass[s]! += q.weight;
      x.surfaceMass[s]! += index.cueTokens[s]?.has(q.token) ? weight * CUE_FACTOR : weight;
      const surface = index.surfaces[s]!;
      const e = surface.entry;
      if (x.entryStamp[e] !== stamp) {
        x.entryStamp[e] = stamp;
        x.explained[e] = 0;
        x.words[e] = 0;
        x.bestScore[e] = 0;
        x.bestSurface[e] = -1;
        x.tokenMark[e] = -1;
        x.touchedEntries[entryCount++] = e;
      }
      const where = surface.kind === 'body' ? 2 : 1;
      if (x.tokenMark[e] !== k) {
        x.tokenMark[e] = k;
        x.tokenWhere[e] = where;
        x.tokenEntries[reached++] = e;
      } else if (where === 1) {
        x.tokenWhere[e] = 1;
      }
    }
    // Per entry, the question weight its names explain fully, or only its body explains in part.
    const word = !isFragment(q.token);
    for (let i = 0; i < reached; i++) {
      const e = x.tokenEntries[i]!;
      x.explained[e]! += q.weight * (x.tokenWhere[e] === 1 ? 1 : BODY_FACTOR);
      if (word) x.words[e]!++;
    }
  });

  // The best name of each entry.
  for (let i = 0; i < surfaceCount; i++) {
    const s = x.touchedSurfaces[i]!;
    const surface = index.surfaces[s]!;
    if (surface.kind === 'body') continue;
    const c = surface.mass > 0 ? x.surfaceMass[s]! / surface.mass : 0;
    const score = nameScore(x.questionMass[s]! / total, c);
    if (x.bestSurface[surface.entry] === -1 || score > x.bestScore[surface.entry]!) {
      x.bestScore[surface.entry] = score;
      x.bestSurface[surface.entry] = s;
    }
  }

  // Keep the `limit` best entries in a small sorted array: no sort over every touched entry.
  const top: { entry: number; score: number }[] = [];
  for (let i = 0; i < entryCount; i++) {
    const e = x.touchedEntries[i]!;
    const score = (1 - COVERAGE_WEIGHT) * x.bestScore[e]! + COVERAGE_WEIGHT * (x.explained[e]! / total);
    if (top.length === limit && score <= top[limit - 1]!.score) continue;
    let at = top.length;
    while (at > 0 && top[at - 1]!.score < score) at--;
    top.splice(at, 0, { entry: e, score });
    if (top.length > limit) top.pop();
  }

  return top.map(({ entry, score }) => {
    const s = x.bestSurface[entry]!;
    return {
      entry,
      score,
      nameQuestionCoverage: s >= 0 ? x.questionMass[s]! / total : 0,
      nameCoverage: s >= 0 && index.surfaces[s]!.mass > 0 ? x.surfaceMass[s]! / index.surfaces[s]!.mass : 0,
      questionCoverage: x.explained[entry]! / total,
      surface: s,
      evidence: s >= 0 ? x.surfaceMass[s]! / index.maxIdf : 0,
      wordsMatched: x.words[entry]!,
    };
  });
}
