/**
 * Similarity over past cases: TF-IDF cosine in two spaces, the engine's word tokens (jieba,
 * stopwords dropped, width/script/case folded) and Han character bigrams (typos, words jieba cuts
 * differently), blended. A case's document is its title, its message and its reply (official words
 * for the same matter: indexing them finds cases whose replies address what the caller says).
 *
 * Cosine, not BM25, because its score is bounded (0..1) and comparable across queries and bases:
 * the levels 高/中/低 and the chat's threshold (levels.ts) are cut-offs on it. The constants were
 * chosen on the non-held-out part of the replies file; `npm run eval:cases` measures them against
 * plain BM25 and a random pick on the held-out part (docs/cases.md).
 *
 * Retrieval reads flat postings (token → parallel arrays of case and weight) into one accumulator:
 * a query of a few hundred tokens against the 2,774 real cases takes well under a millisecond.
 */
import { hanBigrams, normalise, Tokenizer } from '../engine';
import type { PastCase } from '../kb';

export interface CaseIndexOptions {
  /** How many times the title counts. */
  titleWeight?: number;
  /** How much the reply counts, relative to the message. */
  replyWeight?: number;
  /** The words' share of the score (the bigrams' is the rest). */
  wordShare?: number;
}

export const CASE_INDEX_DEFAULTS: Required<CaseIndexOptions> = { titleWeight: 1, replyWeight: 1, wordShare: 0.5 };

/**
 * A query's first characters are what it is about; past them a long ticket detail only costs time
 * (tokenising, and postings of every common word).
 */
export const QUERY_MAX_CHARS = 1000;

/**
 * Tokens in more than this share of the cases (小区, 问题, ~反映) are left out of a query's scan:
 * their postings are most of the work and their weight (low IDF) little of the score. They still
 * count in the query's length, so scores stay cosines of the whole query.
 */
export const COMMON_SHARE = 0.1;

/** Cases indexed between two turns of the event loop by buildCaseIndex: some 20 ms of tokenising (about 1 ms a case). */
const BUILD_SLICE = 20;

export interface ScoredCase {
  case: PastCase;
  /** Cosine similarity, 0..1. */
  similarity: number;
}

export interface CaseIndex {
  readonly size: number;
  /** The `limit` most similar cases, best first; `exclude` leaves one case out (an evaluation's own). */
  similar(text: string, limit: number, opts?: { exclude?: string }): ScoredCase[];
}

/**
 * One vector space: token ids, document frequencies, and the postings of every token in two flat
 * arrays (token t's are [start[t], start[t + 1])): a few allocations instead of one per token.
 */
class Space {
  private readonly ids = new Map<string, number>();
  /** Cases each token is in (the length of its postings). */
  private df: number[] = [];
  private start = new Int32Array(1);
  private postingCase = new Int32Array(0);
  private postingWeight = new Float32Array(0);
  private idf = new Float64Array(0);
  private unseenIdf = 0;
  private commonDf = Infinity;

  /** Term counts of each document, before weighting. */
  private readonly docs: Map<number, number>[] = [];

  add(counts: Map<string, number>): void {
    const doc = new Map<number, number>();
    for (const [token, count] of counts) {
      let id = this.ids.get(token);
      if (id === undefined) {
        id = this.df.length;
        this.ids.set(token, id);
        this.df.push(0);
      }
      this.df[id]! += 1;
      doc.set(id, count);
    }
    this.docs.push(doc);
  }

  /** Weights every document (sublinear tf × idf, unit length) into postings, yielding every `slice` documents. */
  *seal(slice: number): Generator<void, void, void> {
    const n = this.docs.length;
    const tokens = this.df.length;
    this.idf = Float64Array.from(this.df, (df) => Math.log(1 + n / df));
    this.unseenIdf = Math.log(1 + n);
    this.commonDf = Math.max(20, n * COMMON_SHARE);
    this.start = new Int32Array(tokens + 1);
    for (let t = 0; t < tokens; t++) this.start[t + 1] = this.start[t]! + this.df[t]!;
    this.postingCase = new Int32Array(this.start[tokens]!);
    this.postingWeight = new Float32Array(this.start[tokens]!);
    const fill = this.start.slice(0, tokens);
    for (let d = 0; d < n; d++) {
      if (d && d % slice === 0) yield;
      const doc = this.docs[d]!;
      let norm = 0;
      for (const [id, count] of doc) {
        const w = (1 + Math.log(count)) * this.idf[id]!;
        doc.set(id, w);
        norm += w * w;
      }
      norm = Math.sqrt(norm) || 1;
      for (const [id, w] of doc) {
        const at = fill[id]!++;
        this.postingCase[at] = d;
        this.postingWeight[at] = w / norm;
      }
    }
    this.docs.length = 0;
  }

  /** Adds share × cosine(query, document) to scores[document] for every document sharing a token. */
  score(query: Map<string, number>, share: number, scores: Float64Array): void {
    const known: [number, number][] = [];
    let norm = 0;
    for (const [token, count] of query) {
      const id = this.ids.get(token);
      // A token no case has still counts in the query's length: it is part of what was asked.
      const w = (1 + Math.log(count)) * (id === undefined ? this.unseenIdf : this.idf[id]!);
      norm += w * w;
      if (id !== undefined && this.df[id]! <= this.commonDf) known.push([id, w]);
    }
    if (!norm) return;
    const scale = share / Math.sqrt(norm);
    for (const [id, w] of known) {
      const qw = w * scale;
      for (let i = this.start[id]!, end = this.start[id + 1]!; i < end; i++) scores[this.postingCase[i]!]! += qw * this.postingWeight[i]!;
    }
  }
}

let tokenizer: Tokenizer | undefined;

function addCounts(into: Map<string, number>, tokens: readonly string[], weight: number): void {
  for (const t of tokens) into.set(t, (into.get(t) ?? 0) + weight);
}

/** Word and bigram counts of a text, each token counted `weight` times. */
export function countTokens(text: string, weight = 1, into = { words: new Map<string, number>(), bigrams: new Map<string, number>() }) {
  const norm = normalise(text).text;
  tokenizer ??= new Tokenizer();
  addCounts(into.words, tokenizer.words(norm), weight);
  addCounts(into.bigrams, hanBigrams(norm), weight);
  return into;
}

/** The index, built in slices of BUILD_SLICE cases: a generator both builders below drive. */
function* buildSteps(cases: readonly PastCase[], options: CaseIndexOptions): Generator<void, CaseIndex, void> {
  const o = { ...CASE_INDEX_DEFAULTS, ...options };
  const words = new Space();
  const bigrams = new Space();
  for (let i = 0; i < cases.length; i++) {
    if (i && i % BUILD_SLICE === 0) yield;
    const c = cases[i]!;
    const counts = countTokens(c.title, o.titleWeight);
    countTokens(c.text, 1, counts);
    if (o.replyWeight > 0) countTokens(c.reply, o.replyWeight, counts);
    words.add(counts.words);
    bigrams.add(counts.bigrams);
  }
  yield* words.seal(BUILD_SLICE * 10);
  yield* bigrams.seal(BUILD_SLICE * 10);
  return searchable(cases, words, bigrams, o.wordShare);
}

/** The index at once: for tests, the evaluation and small bases. */
export function createCaseIndex(cases: readonly PastCase[], options: CaseIndexOptions = {}): CaseIndex {
  const steps = buildSteps(cases, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * The index built between other work: the 2,774 real cases take seconds of tokenising, which must
 * not stop the chat on an instance that swaps to a newly published revision.
 */
export async function buildCaseIndex(cases: readonly PastCase[], options: CaseIndexOptions = {}): Promise<CaseIndex> {
  const steps = buildSteps(cases, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await new Promise<void>((next) => setImmediate(next));
  }
}

function searchable(cases: readonly PastCase[], words: Space, bigrams: Space, wordShare: number): CaseIndex {
  const scores = new Float64Array(cases.length);

  return {
    size: cases.length,
    similar(text, limit, opts = {}) {
      if (!cases.length || limit < 1 || !text.trim()) return [];
      const query = countTokens(text.slice(0, QUERY_MAX_CHARS));
      scores.fill(0);
      words.score(query.words, wordShare, scores);
      bigrams.score(query.bigrams, 1 - wordShare, scores);
      // Top `limit` by insertion into a short sorted list: limit is 3 to 5.
      const top: number[] = [];
      for (let d = 0; d < scores.length; d++) {
        const s = scores[d]!;
        if (s <= 0 || cases[d]!.id === opts.exclude) continue;
        if (top.length === limit && s <= scores[top[top.length - 1]!]!) continue;
        let at = top.length;
        while (at > 0 && scores[top[at - 1]!]! < s) at--;
        top.splice(at, 0, d);
        if (top.length > limit) top.pop();
      }
      return top.map((d) => ({ case: cases[d]!, similarity: Math.min(1, scores[d]!) }));
    },
  };
}
