/**
 * A learned chooser among the engine's best few families. The engine's blended score and plain
 * BM25 (bm25.ts) rank the right entry first about equally often but on different questions; a
 * small logistic model over each candidate's features under both rankings (its score and rank in
 * each, how it covers the question, the words it lacks) picks the one to put first. It is fitted
 * when the engine is built, on the knowledge base's own pseudo-questions (pseudo-questions.ts):
 * label 1 for the candidate of the source entry's family.
 */
import { Bm25 } from './bm25';
import { userLikeQuestions } from './rerank-questions';
import { normalise } from './text';
import { entryHas, type Retrieval } from './decision-features';
import type { Families } from './families';
import { isFragment, type KbIndex } from './kb-index';
import { dot, fitLogistic } from './logistic';
import type { QueryToken, Scored } from './retrieve';

/** Families the chooser looks at: the engine's best few, where the right one nearly always is. */
export const CHOICES = 5;

export const RERANK_INPUTS = [
  'intercept',
  'scoreRatio',
  'first',
  'inverseRank',
  'bm25Ratio',
  'bm25First',
  'bm25InverseRank',
  'bothFirst',
  'nameCoverage',
  'nameQuestionCoverage',
  'questionCoverage',
  'nameMatch',
  'bodyMatch',
  'missedShare',
  'lookAlike',
  'wordsRatio',
  'nameQuestionLead',
  'coverageLead',
  'bodyLead',
] as const;

/** Share of the question's whole words (not fragments, not cues) the entry lacks, by weight. */
function missedShare(index: KbIndex, query: readonly QueryToken[], entry: number): number {
  let total = 0;
  let lacking = 0;
  for (const q of query) {
    if (q.cue || isFragment(q.token)) continue;
    total += q.weight;
    if (!entryHas(index, q.token, entry)) lacking += q.weight;
  }
  return total > 0 ? lacking / total : 0;
}

/** Per candidate (the folded list's first CHOICES), its inputs in RERANK_INPUTS order. */
export function rerankInputs(
  index: KbIndex,
  families: Families,
  bm25: Bm25,
  query: readonly QueryToken[],
  scored: readonly Scored[],
  folded: readonly Scored[],
): Float64Array[] {
  const candidates = folded.slice(0, CHOICES);
  if (candidates.length < 2) return [];
  bm25.search(query, 0);
  // A family's BM25 score is its best member's among the retrieved entries.
  const familyBm25 = new Map<number, number>();
  for (const s of scored) {
    const f = families.of[s.entry]!;
    familyBm25.set(f, Math.max(familyBm25.get(f) ?? 0, bm25.scoreOf(s.entry)));
  }
  const bm = candidates.map((c) => familyBm25.get(families.of[c.entry]!) ?? 0);
  const bmTop = Math.max(...familyBm25.values(), 1e-9);
  const bmOrder = bm.map((_, i) => i).sort((a, b) => bm[b]! - bm[a]! || a - b);
  const bmRank = new Int32Array(candidates.length);
  bmOrder.forEach((c, r) => (bmRank[c] = r));
  const top = candidates[0]!.score || 1e-9;
  const maxWords = Math.max(1, ...candidates.map((c) => c.wordsMatched));
  // How far a candidate is from the best of the others on one measure: what choosing compares.
  const lead = (of: (c: Scored) => number, i: number) => of(candidates[i]!) - Math.max(...candidates.filter((_, j) => j !== i).map(of));
  return candidates.map((c, i) => {
    const bmFirst = bmRank[i] === 0 && bm[i]! > 0 ? 1 : 0;
    return Float64Array.from([
      1,
      c.score / top,
      i === 0 ? 1 : 0,
      1 / (i + 1),
      bm[i]! / bmTop,
      bmFirst,
      1 / (bmRank[i]! + 1),
      i === 0 && bmFirst ? 1 : 0,
      c.nameCoverage,
      c.nameQuestionCoverage,
      c.questionCoverage,
      c.nameMatch,
      c.bodyMatch,
      missedShare(index, query, c.entry),
      families.members.has(families.of[c.entry]!) ? 1 : 0,
      c.wordsMatched / maxWords,
      lead((c) => c.nameQuestionCoverage, i),
      lead((c) => c.questionCoverage, i),
      lead((c) => c.bodyMatch, i),
    ]);
  });
}

const NAME_COVERAGE = RERANK_INPUTS.indexOf('nameCoverage');

export interface Reranker {
  readonly weights: Float64Array;
  readonly bm25: Bm25;
}

/** Fits the chooser: per question, each candidate labelled by whether it is the source's family. */
export function fitReranker(examples: readonly { inputs: Float64Array[]; right: number }[], bm25: Bm25): Reranker {
  const xs: Float64Array[] = [];
  const ys: number[] = [];
  for (const { inputs, right } of examples) {
    // A question whose source is not among the candidates teaches nothing about choosing.
    if (right < 0) continue;
    inputs.forEach((x, i) => {
      xs.push(x);
      ys.push(i === right ? 1 : 0);
    });
  }
  return { weights: fitLogistic(xs, ys, { l2: 1, prior: new Float64Array(RERANK_INPUTS.length) }), bm25 };
}

/** Which candidate the chooser puts first (an index into `inputs`). */
export function choose(reranker: Reranker, inputs: readonly Float64Array[]): number {
  // A question that holds the whole of the best entry's name is not second-guessed (法律援助).
  if (inputs[0]![NAME_COVERAGE]! >= 0.999) return 0;
  let best = 0;
  let bestScore = Number.NEGATIVE_INFINITY;
  inputs.forEach((x, i) => {
    const z = dot(reranker.weights, x);
    if (z > bestScore) {
      bestScore = z;
      best = i;
    }
  });
  return best;
}

/** The lists with the chosen family first, the rest in the engine's order. */
export function putFirst(scored: readonly Scored[], folded: readonly Scored[], families: Families, chosen: number): { scored: Scored[]; folded: Scored[] } {
  if (chosen <= 0) return { scored: [...scored], folded: [...folded] };
  const family = families.of[folded[chosen]!.entry]!;
  const inFamily = (s: Scored) => families.of[s.entry] === family;
  return {
    scored: [...scored.filter(inFamily), ...scored.filter((s) => !inFamily(s))],
    folded: [folded[chosen]!, ...folded.filter((_, i) => i !== chosen)],
  };
}

/** Questions the chooser is fitted on, per knowledge base. */
const FIT_QUESTIONS = 500;

/**
 * The chooser for one knowledge base: BM25 over its index, fitted on its user-like pseudo-questions
 * as the engine retrieves them (`retrieve` is the engine's own retrieval, before any choosing).
 */
export function buildReranker(index: KbIndex, families: Families, retrieve: (normalisedText: string) => Retrieval): Reranker {
  const bm25 = new Bm25(index);
  const examples = userLikeQuestions(index, FIT_QUESTIONS).map(({ text, entry }) => {
    const { query, scored, folded } = retrieve(normalise(text).text);
    const inputs = rerankInputs(index, families, bm25, query, scored, folded);
    return { inputs, right: folded.slice(0, inputs.length).findIndex((s) => families.of[s.entry] === families.of[entry]) };
  });
  return fitReranker(examples, bm25);
}

/** A retrieval with the chooser's family first. */
export function rerank(reranker: Reranker, index: KbIndex, families: Families, r: Retrieval): Retrieval {
  const inputs = rerankInputs(index, families, reranker.bm25, r.query, r.scored, r.folded);
  if (!inputs.length) return r;
  return { query: r.query, ...putFirst(r.scored, r.folded, families, choose(reranker, inputs)) };
}
