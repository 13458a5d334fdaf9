/**
 * Retrieval: score every entry a question touches by how well one of its names covers the
 * question and how much of that name the question covers, then refine the best few with the
 * whole entry (names and body) to see how much of the question is explained.
 *
 * A question touches thousands of entries but keeps a handful, so names are first scored with a
 * cheap upper bound (name-score.ts), and only entries whose bound can reach the top get their exact
 * score. The result is exactly what scoring every entry would give, ties included.
 */
import { CUE_FACTOR } from './detect-field';
import { isFragment, type KbIndex } from './kb-index';
import { nameScore, nameScoreUpper } from './name-score';
import { STOPWORDS } from './stopwords';

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
  /** Whole words of the question (not fragments, not field cues) found in the entry. */
  wordsMatched: number;
  /** The best name's own match (nameScore), before blending. */
  nameMatch: number;
  /** The body's BM25-weighted match, as a share of the question's weight. */
  bodyMatch: number;
}

/** Words found only in an entry's body explain a question less than words in its name. */
export const BODY_FACTOR = 0.7;

const NO_CUES: ReadonlySet<string> = new Set();

export function queryTokens(index: KbIndex, normalisedText: string, cueSpans: string[]): QueryToken[] {
  const cueTokens = cueSpans.length ? new Set(cueSpans.flatMap((span) => index.tokensOfNormalised(span))) : NO_CUES;
  const query: QueryToken[] = [];
  for (const token of index.tokensOfNormalised(normalisedText)) {
    const known = index.token(token);
    // A bigram no entry contains is mostly two words' seam ("证要"): noise, not evidence.
    if (isFragment(token) && (!known || known.common)) continue;
    // The character of a stopword (^我, ^的) is no more evidence than the word.
    if (token.startsWith('^') && STOPWORDS.has(token.slice(1))) continue;
    const cue = cueTokens.has(token);
    const weight = known ? known.weight : index.weight(token);
    query.push({ token, cue, weight: weight * (cue ? CUE_FACTOR : 1) });
  }
  return query;
}

/**
 * How the three kinds of evidence are blended: the best name's match, the share of the question the
 * entry explains, and the body's BM25-weighted match (what lets an FAQ answer or an item's
 * materials place a question that its name alone does not). Chosen on the tuning sets
 * (docs/engine.md); they sum to 1, so a score stays within 0..1.
 */
export const SCORE_WEIGHTS = { name: 0.28, coverage: 0.37, body: 0.35 };

/** The entry score: its best name's score, blended with how much of the question the entry and its body explain. */
function entryScore(bestName: number, explained: number, total: number, body: number): number {
  return SCORE_WEIGHTS.name * bestName + SCORE_WEIGHTS.coverage * (explained / total) + SCORE_WEIGHTS.body * (body / total);
}

/**
 * Reusable per-index buffers, so a question allocates nothing proportional to the index. A surface
 * or entry belongs to the current question when its stamp is the question's.
 */
class Scratch {
  stamp = 0;
  /** The question's name surfaces and entries, in the order they were first reached. */
  nameCount = 0;
  entryCount = 0;
  readonly touchedNames: Int32Array;
  readonly touchedEntries: Int32Array;
  /** Per name surface: the question weight it contains, and its own weight that matched. */
  readonly surfaceStamp: Uint32Array;
  readonly questionMass: Float64Array;
  readonly matchedMass: Float64Array;
  /** Per entry: the question weight it explains, its whole words matched, bounds of its best name's score and its own. */
  readonly entryStamp: Uint32Array;
  readonly explained: Float64Array;
  /** Per entry: the question weight matched in its body, each word weighted by its BM25 tf factor there. */
  readonly body: Float64Array;
  readonly words: Int32Array;
  readonly nameUpper: Float64Array;
  readonly entryUpper: Float64Array;
  /** Per entry that may make the top: its best name and that name's exact score. */
  readonly bestSurface: Int32Array;
  readonly bestScore: Float64Array;

  constructor(surfaces: number, entries: number) {
    this.touchedNames = new Int32Array(surfaces);
    this.touchedEntries = new Int32Array(entries);
    this.surfaceStamp = new Uint32Array(surfaces);
    this.questionMass = new Float64Array(surfaces);
    this.matchedMass = new Float64Array(surfaces);
    this.entryStamp = new Uint32Array(entries);
    this.explained = new Float64Array(entries);
    this.body = new Float64Array(entries);
    this.words = new Int32Array(entries);
    this.nameUpper = new Float64Array(entries);
    this.entryUpper = new Float64Array(entries);
    this.bestSurface = new Int32Array(entries);
    this.bestScore = new Float64Array(entries);
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
  scratch.nameCount = 0;
  scratch.entryCount = 0;
  return scratch;
}

export function retrieve(index: KbIndex, query: QueryToken[], limit = 8): Scored[] {
  const total = query.reduce((sum, q) => sum + q.weight, 0);
  if (total <= 0) return [];
  const x = scratchFor(index);
  scanPostings(index, query, x);
  const threshold = scoreThreshold(index, x, total, limit);
  const candidates = candidatesOf(x, threshold);
  scoreNames(index, x, total, threshold);

  // Keep the `limit` best entries in a small sorted array: no sort over every candidate.
  // Entries are offered in the order they were first reached, ties keep that order.
  const top: { entry: number; score: number }[] = [];
  for (const e of candidates) {
    const score = entryScore(x.bestScore[e]!, x.explained[e]!, total, x.body[e]!);
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
      nameCoverage: s >= 0 ? nameCoverageOf(index, x, s) : 0,
      questionCoverage: x.explained[entry]! / total,
      surface: s,
      evidence: s >= 0 ? x.matchedMass[s]! / index.maxIdf : 0,
      wordsMatched: x.words[entry]!,
      nameMatch: x.bestScore[entry]!,
      bodyMatch: x.body[entry]! / total,
    };
  });
}

/**
 * Sums, per touched name surface, the question's weight it contains and its own weight that
 * matched; per touched entry, the question weight it explains (fully through a name, in part
 * through the body alone) and its whole words. A body's own sums are never used: it only marks
 * its entry as reached.
 */
function scanPostings(index: KbIndex, query: QueryToken[], x: Scratch): void {
  const { postingSurface, postingWeight, postingBody, surfaceEntry, surfaceIsBody } = index;
  const { stamp, surfaceStamp, questionMass, matchedMass, touchedNames } = x;
  const { entryStamp, explained, body, words, nameUpper, touchedEntries } = x;
  let nameCount = 0;
  let entryCount = 0;
  for (const q of query) {
    const token = index.token(q.token);
    if (!token) continue;
    const weight = q.weight;
    const bodyWeight = weight * BODY_FACTOR;
    // Field cue words (多久, 材料) say what is asked, not about what: they are not subject words.
    const word = isFragment(q.token) || q.cue ? 0 : 1;
    // An entry's surfaces have consecutive ids and postings are in surface order, so the postings
    // of one entry come together: an entry is credited once, when its run of postings ends.
    let entry = -1;
    let inName = false;
    for (let p = token.start, end = token.end; p < end; p++) {
      const s = postingSurface[p]!;
      const e = surfaceEntry[s]!;
      if (e !== entry) {
        if (entry >= 0) {
          explained[entry]! += inName ? weight : bodyWeight;
          words[entry]! += word;
        }
        entry = e;
        inName = false;
        if (entryStamp[e] !== stamp) {
          entryStamp[e] = stamp;
          explained[e] = 0;
          body[e] = 0;
          words[e] = 0;
          nameUpper[e] = 0;
          touchedEntries[entryCount++] = e;
        }
      }
      if (surfaceIsBody[s] === 1) {
        body[e]! += weight * postingBody[p]!;
        continue;
      }
      inName = true;
      if (surfaceStamp[s] !== stamp) {
        surfaceStamp[s] = stamp;
        questionMass[s] = 0;
        matchedMass[s] = 0;
        touchedNames[nameCount++] = s;
      }
      questionMass[s]! += weight;
      matchedMass[s]! += postingWeight[p]!;
    }
    if (entry >= 0) {
      explained[entry]! += inName ? weight : bodyWeight;
      words[entry]! += word;
    }
  }
  x.nameCount = nameCount;
  x.entryCount = entryCount;
}

/** Share of a touched name's weight found in the question. */
function nameCoverageOf(index: KbIndex, x: Scratch, s: number): number {
  const mass = index.surfaceMass[s]!;
  return mass > 0 ? x.matchedMass[s]! / mass : 0;
}

/**
 * Per touched entry, the highest of cheap upper bounds of its names' scores (an entry reached only
 * through its body keeps 0).
 */
function boundNames(index: KbIndex, x: Scratch, total: number): void {
  const { surfaceEntry } = index;
  const { touchedNames, questionMass, nameUpper } = x;
  for (let i = 0; i < x.nameCount; i++) {
    const s = touchedNames[i]!;
    const e = surfaceEntry[s]!;
    const upper = nameScoreUpper(questionMass[s]! / total, nameCoverageOf(index, x, s));
    if (upper > nameUpper[e]!) nameUpper[e] = upper;
  }
}

/** No threshold: every touched entry is a candidate. */
const NO_THRESHOLD = Number.NEGATIVE_INFINITY;

/**
 * A score at least `limit` entries reach: the lowest exact score among the `limit` entries with the
 * highest upper bounds (the bounds are tight, so these are nearly always the top entries). An entry
 * whose upper bound is below it cannot make the top `limit`, and leaving it out changes neither
 * which entries do nor their order. Sets each touched entry's upper bound: entryScore() rounds
 * monotonically, so a bound of the name score gives a bound of the entry score.
 */
function scoreThreshold(index: KbIndex, x: Scratch, total: number, limit: number): number {
  if (limit <= 0 || x.entryCount <= limit) return NO_THRESHOLD;
  boundNames(index, x, total);
  const { touchedEntries, nameUpper, explained, entryUpper } = x;
  const highest: number[] = []; // entries, by upper bound descending, at most `limit`
  for (let i = 0; i < x.entryCount; i++) {
    const e = touchedEntries[i]!;
    const upper = (entryUpper[e] = entryScore(nameUpper[e]!, explained[e]!, total, x.body[e]!));
    if (highest.length === limit && upper <= entryUpper[highest[limit - 1]!]!) continue;
    let at = highest.length;
    while (at > 0 && entryUpper[highest[at - 1]!]! < upper) at--;
    highest.splice(at, 0, e);
    if (highest.length > limit) highest.pop();
  }
  let threshold = Number.POSITIVE_INFINITY;
  for (const e of highest) threshold = Math.min(threshold, exactScore(index, x, total, e));
  return threshold;
}

/** An entry's score as retrieve() computes it: its best name's score (0 without one), blended. */
function exactScore(index: KbIndex, x: Scratch, total: number, e: number): number {
  let best = 0;
  // The entry's names are all its surfaces but the last, its body.
  for (let s = index.entrySurfaces[e]!, body = index.entrySurfaces[e + 1]! - 1; s < body; s++) {
    if (x.surfaceStamp[s] !== x.stamp) continue;
    const score = nameScore(x.questionMass[s]! / total, nameCoverageOf(index, x, s));
    if (score > best) best = score;
  }
  return entryScore(best, x.explained[e]!, total, x.body[e]!);
}

/** The touched entries that may make the top, in the order they were first reached. */
function candidatesOf(x: Scratch, threshold: number): number[] {
  const candidates: number[] = [];
  for (let i = 0; i < x.entryCount; i++) {
    const e = x.touchedEntries[i]!;
    if (threshold !== NO_THRESHOLD && x.entryUpper[e]! < threshold) continue;
    // An entry reached only through its body keeps no best name: -1, score 0.
    x.bestSurface[e] = -1;
    x.bestScore[e] = 0;
    candidates.push(e);
  }
  return candidates;
}

/** The best name of each candidate: the first one reached among those with the highest score. */
function scoreNames(index: KbIndex, x: Scratch, total: number, threshold: number): void {
  const { surfaceEntry } = index;
  for (let i = 0; i < x.nameCount; i++) {
    const s = x.touchedNames[i]!;
    const e = surfaceEntry[s]!;
    if (threshold !== NO_THRESHOLD && x.entryUpper[e]! < threshold) continue;
    const score = nameScore(x.questionMass[s]! / total, nameCoverageOf(index, x, s));
    if (x.bestSurface[e] === -1 || score > x.bestScore[e]!) {
      x.bestScore[e] = score;
      x.bestSurface[e] = s;
    }
  }
}
