/**
 * A second, plainer ranking over the same index: BM25 as a search library scores (each field's
 * length-normalised term frequency, title × 3, aliases × 2, body × 1, BM25+'s floor of 0.5 per
 * matched term, times the number of the question's tokens matched). It errs where the engine's
 * blended score does not (docs/engine.md § 3a); the reranker (rerank.ts) learns which to trust.
 *
 * It reads the index's postings: names hold each token once (tf = 1, the name's token count as its
 * length), bodies already carry BM25's term-frequency factor (postingBody). One Float32Array of a
 * factor per posting, computed when built, so a question costs one pass over its postings.
 */
import type { KbIndex } from './kb-index';
import type { QueryToken } from './retrieve';

/** BM25+ as MiniSearch scores it: k1, b and the floor d every matched term gets. */
const K1 = 1.2;
const B = 0.7;
const FLOOR = 0.5;
/** Field boosts: a word of the title says more than a word of an alias, which says more than the body. */
const BOOST = { title: 3, alias: 2, body: 1 };

export interface Bm25Hit {
  entry: number;
  score: number;
}

export class Bm25 {
  /** Per posting, its boost × BM25+ term factor (the token's IDF left out). */
  private readonly factor: Float32Array;
  private readonly score: Float64Array;
  private readonly matched: Int32Array;
  private readonly stampOf: Uint32Array;
  private readonly touched: Int32Array;
  private stamp = 0;

  constructor(private readonly index: KbIndex) {
    const { postingSurface, postingBody, surfaceIsBody, surfaces } = index;
    const length = new Int32Array(surfaces.length);
    for (let p = 0; p < postingSurface.length; p++) length[postingSurface[p]!]!++;
    const average = { title: 0, alias: 0 };
    const count = { title: 0, alias: 0 };
    surfaces.forEach((s, i) => {
      if (s.kind === 'body') return;
      average[s.kind] += length[i]!;
      count[s.kind]++;
    });
    average.title /= Math.max(1, count.title);
    average.alias /= Math.max(1, count.alias);
    this.factor = new Float32Array(postingSurface.length);
    for (let p = 0; p < postingSurface.length; p++) {
      const s = postingSurface[p]!;
      if (surfaceIsBody[s] === 1) {
        // postingBody is tf / (tf + norm); BM25's saturation is (k1 + 1) times that.
        this.factor[p] = BOOST.body * (FLOOR + (K1 + 1) * postingBody[p]!);
        continue;
      }
      const kind = surfaces[s]!.kind as 'title' | 'alias';
      const norm = K1 * (1 - B + (B * length[s]!) / Math.max(1, average[kind]));
      this.factor[p] = BOOST[kind] * (FLOOR + (K1 + 1) / (1 + norm));
    }
    const n = index.entries.length;
    this.score = new Float64Array(n);
    this.matched = new Int32Array(n);
    this.stampOf = new Uint32Array(n);
    this.touched = new Int32Array(n);
  }

  /** The `limit` best entries for the question's tokens, best first (ties in the order first reached). */
  search(query: readonly QueryToken[], limit: number): Bm25Hit[] {
    if (++this.stamp === 0xffffffff) {
      this.stampOf.fill(0);
      this.stamp = 1;
    }
    const { index, factor, score, matched, stampOf, touched, stamp } = this;
    const { postingSurface, surfaceEntry } = index;
    let reached = 0;
    for (const q of query) {
      const token = index.token(q.token);
      if (!token) continue;
      const idf = token.idf;
      let last = -1;
      for (let p = token.start; p < token.end; p++) {
        const e = surfaceEntry[postingSurface[p]!]!;
        if (stampOf[e] !== stamp) {
          stampOf[e] = stamp;
          score[e] = 0;
          matched[e] = 0;
          touched[reached++] = e;
        }
        score[e]! += idf * factor[p]!;
        // Postings of one entry come together: the token counts once per entry.
        if (e !== last) matched[e]!++;
        last = e;
      }
    }
    const top: Bm25Hit[] = [];
    if (limit <= 0) return top;
    for (let i = 0; i < reached; i++) {
      const e = touched[i]!;
      const s = score[e]! * matched[e]!;
      if (top.length === limit && s <= top[limit - 1]!.score) continue;
      let at = top.length;
      while (at > 0 && top[at - 1]!.score < s) at--;
      top.splice(at, 0, { entry: e, score: s });
      if (top.length > limit) top.pop();
    }
    return top;
  }

  /** An entry's score in the last search (0 when the search did not reach it). */
  scoreOf(entry: number): number {
    return this.stampOf[entry] === this.stamp ? this.score[entry]! * this.matched[entry]! : 0;
  }
}
