/**
 * The retrieval index. Each entry contributes "surfaces" users may name it by (title, each alias
 * or alternate question) and one "body" (materials, conditions, summary, answer, department, tags).
 * Tokens are words, Han bigrams and synonym tokens; weights are IDF over entries.
 *
 * Retrieval reads flat typed arrays (surfaceEntry, postingSurface, …) rather than objects and
 * per-token lists: a question scans thousands of postings, and the flat layout keeps that scan cheap.
 */
import { entryAliases, entryTitle, type Entry, type KnowledgeBase } from '../kb';
import { COMMON_SYNONYMS } from './common-synonyms';
import { CUE_FACTOR, detectFields } from './detect-field';
import { SynonymMatcher } from './synonyms';
import { isHanCodePoint } from '../zh';
import { Tokenizer, hanBigrams, normaliseText, userWordsOf } from './text';

export type SurfaceKind = 'title' | 'alias' | 'body';

export interface Surface {
  entry: number;
  kind: SurfaceKind;
  /** Sum of the weights of the surface's distinct tokens: the denominator of surface coverage. */
  mass: number;
}

/** Everything retrieval needs about one token of the knowledge base, found with one Map lookup. */
export interface TokenInfo {
  readonly idf: number;
  /** See KbIndex.weight. */
  readonly weight: number;
  /** A fragment so frequent that questions leave it out (see isCommonFragment); it has no postings. */
  readonly common: boolean;
  /** The token's postings are postingSurface[start..end) (and postingWeight alike). */
  readonly start: number;
  readonly end: number;
}

class TokenRecord implements TokenInfo {
  start = 0;
  /** Counts the token's postings while the index is built, then serves as the fill cursor. */
  end = 0;

  constructor(
    readonly idf: number,
    readonly weight: number,
    readonly common: boolean,
  ) {}
}

/** BM25's usual constants for the body's term-frequency factor (postingBody). */
export const BM25_K1 = 1.2;
export const BM25_B = 0.75;

/** Fragments back words up, but must not outvote them. */
export const FRAGMENT_FACTOR = 0.5;

/** A lone Han character (办, 开) says little on its own. */
export const SINGLE_CHAR_FACTOR = 0.4;
/** See the constructor: how much a word unknown to the knowledge base weighs, relative to the rarest known word. */
export const UNSEEN_FACTOR = 0.6;

function isSingleHan(token: string): boolean {
  return token.length === 1 && isHanCodePoint(token.charCodeAt(0));
}

/** Bigrams (`~`) and characters (`^`): fragments that back words up for typos and odd cuts. */
export function isFragment(token: string): boolean {
  return token.startsWith('~') || token.startsWith('^');
}

/** A token's weight given its IDF: lowered for fragments and single-character words. */
function tokenWeight(token: string, idf: number): number {
  if (isFragment(token)) return idf * FRAGMENT_FACTOR;
  return idf * (isSingleHan(token) ? SINGLE_CHAR_FACTOR : 1);
}

export class KbIndex {
  readonly entries: Entry[];
  readonly byId = new Map<string, number>();
  /** Per entry, its names normalised and joined by `|`: what a cue inside the entry's own name is checked against. */
  readonly entryNames: string[] = [];
  readonly surfaces: Surface[] = [];
  /** Per surface, for the retrieval loops: its entry, whether it is a body (1) or a name (0), its mass. */
  readonly surfaceEntry: Int32Array;
  readonly surfaceIsBody: Uint8Array;
  readonly surfaceMass: Float64Array;
  /** Entry e's surfaces are entrySurfaces[e] … entrySurfaces[e + 1] - 1: its names, then its body. */
  readonly entrySurfaces: Int32Array;
  /** Every posting, grouped by token (TokenInfo.start/end), surface ids ascending within a token. */
  readonly postingSurface: Int32Array;
  /** The token's weight in that surface, surfaceWeight(surface, token): cue words already lowered. */
  readonly postingWeight: Float64Array;
  /**
   * For body postings, BM25's term-frequency factor tf / (tf + k1·(1 − b + b·length/average)), in
   * 0..1: a word a short body repeats says more about it than a word a long answer mentions once.
   */
  readonly postingBody: Float32Array;
  /**
   * Per name surface, its tokens that are question words (怎么办, 需要什么手续, 多久): they weigh
   * little there, as in questions, so FAQ questions do not match each other's phrasing.
   */
  readonly cueTokens: (ReadonlySet<string> | undefined)[] = [];
  readonly tokenizer: Tokenizer;
  readonly synonyms: SynonymMatcher;
  private readonly tokens = new Map<string, TokenRecord>();
  private readonly unseenIdf: number;
  /** The IDF of a word found in one entry only: the unit of evidence. */
  readonly maxIdf: number;
  private readonly commonFragmentIdf: number;
  private postingLists: Map<string, readonly number[]> | undefined;

  constructor(kb: KnowledgeBase) {
    this.entries = kb.entries;
    this.tokenizer = new Tokenizer(userWordsOf(kb));
    this.synonyms = new SynonymMatcher([...kb.synonyms, ...COMMON_SYNONYMS]);

    // Tokens are numbered as they first appear, so that the passes below index arrays instead of
    // looking strings up in maps: a 6,000-entry catalogue has some 700,000 postings.
    const ids = new Map<string, number>();
    const tokenNames: string[] = [];
    const df: number[] = [];
    /** Per token, the last entry counted in its df: an entry counts once however often it says it. */
    const lastEntry: number[] = [];
    const idsOf = (tokens: readonly string[], entry: number): Int32Array => {
      const out = new Int32Array(tokens.length);
      tokens.forEach((t, k) => {
        let id = ids.get(t);
        if (id === undefined) {
          id = tokenNames.length;
          ids.set(t, id);
          tokenNames.push(t);
          df.push(0);
          lastEntry.push(-1);
        }
        if (lastEntry[id] !== entry) {
          lastEntry[id] = entry;
          df[id]!++;
        }
        out[k] = id;
      });
      return out;
    };
    const surfaceTokens: Int32Array[] = [];
    /** Per body (in entry order), each token's count: term frequencies for the body's BM25 weights. */
    const bodyCounts: Map<string, number>[] = [];
    kb.entries.forEach((entry, i) => {
      this.byId.set(entry.id, i);
      const names = [entryTitle(entry), ...entryAliases(entry)];
      const texts = names.map(normaliseText);
      this.entryNames.push(texts.join('|'));
      texts.forEach((text, n) => {
        this.surfaces.push({ entry: i, kind: n === 0 ? 'title' : 'alias', mass: 0 });
        surfaceTokens.push(idsOf(this.tokensOfNormalised(text), i));
        const cues = detectFields(text).cueSpans.flatMap((span) => this.tokensOfNormalised(span));
        this.cueTokens.push(cues.length ? new Set(cues) : undefined);
      });
      // Single characters of long texts match everything: bodies keep words and bigrams only.
      const bodyNorm = this.synonyms.canonicalise(normaliseText(bodyText(entry)));
      const counts = new Map<string, number>();
      for (const t of this.tokenizer.words(bodyNorm)) counts.set(t, (counts.get(t) ?? 0) + 1);
      for (const t of hanBigrams(bodyNorm)) counts.set(t, (counts.get(t) ?? 0) + 1);
      this.surfaces.push({ entry: i, kind: 'body', mass: 0 });
      surfaceTokens.push(idsOf([...counts.keys()], i));
      bodyCounts.push(counts);
      this.cueTokens.push(undefined);
    });

    const n = kb.entries.length;
    // A word no entry contains lowers coverage (off-topic content), but less than the rarest known
    // word: colloquial filler (拿到, 弄好) must not outweigh the words that matched.
    this.maxIdf = Math.log(1 + (n - 0.5) / 1.5);
    this.unseenIdf = UNSEEN_FACTOR * this.maxIdf;
    // A fragment in more than 10 % of entries (and more than 50 of them) counts as common.
    const commonDf = Math.max(50, n * 0.1);
    this.commonFragmentIdf = Math.log(1 + (n - commonDf + 0.5) / (commonDf + 0.5));
    const records = tokenNames.map((t, id) => {
      const d = df[id]!;
      const idf = Math.log(1 + (n - d + 0.5) / (d + 0.5));
      const record = new TokenRecord(idf, tokenWeight(t, idf), isFragment(t) && idf < this.commonFragmentIdf);
      this.tokens.set(t, record);
      return record;
    });

    const count = this.surfaces.length;
    this.surfaceEntry = Int32Array.from(this.surfaces, (s) => s.entry);
    this.surfaceIsBody = Uint8Array.from(this.surfaces, (s) => (s.kind === 'body' ? 1 : 0));
    this.surfaceMass = new Float64Array(count);
    this.entrySurfaces = new Int32Array(n + 1);
    this.surfaceEntry.forEach((e, s) => (this.entrySurfaces[e + 1] = s + 1));
    const postings = this.countPostings(surfaceTokens, records);
    this.postingSurface = new Int32Array(postings);
    this.postingWeight = new Float64Array(postings);
    this.postingBody = new Float32Array(postings);
    this.fillPostings(surfaceTokens, records, tokenNames, bodyCounts);
  }

  /** First pass over the surfaces: each token's posting count (in `end`), then its `start`. */
  private countPostings(surfaceTokens: readonly Int32Array[], records: readonly TokenRecord[]): number {
    for (const tokens of surfaceTokens) {
      for (const id of tokens) {
        const record = records[id]!;
        // Common fragments are never in a question, so never in a match: they get no postings.
        if (!record.common) record.end++;
      }
    }
    let at = 0;
    for (const record of records) {
      record.start = at;
      at += record.end;
      record.end = record.start;
    }
    return at;
  }

  /** Second pass: postings in surface order (so ascending within a token) and each surface's mass. */
  private fillPostings(
    surfaceTokens: readonly Int32Array[],
    records: readonly TokenRecord[],
    tokenNames: readonly string[],
    bodyCounts: readonly Map<string, number>[],
  ): void {
    let lengthSum = 0;
    for (const counts of bodyCounts) for (const c of counts.values()) lengthSum += c;
    const averageLength = Math.max(1, lengthSum / Math.max(1, bodyCounts.length));
    let body = 0;
    surfaceTokens.forEach((tokens, s) => {
      const cues = this.cueTokens[s];
      const counts = this.surfaceIsBody[s] === 1 ? bodyCounts[body++] : undefined;
      let length = 0;
      if (counts) for (const c of counts.values()) length += c;
      const norm = BM25_K1 * (1 - BM25_B + (BM25_B * length) / averageLength);
      let mass = 0;
      for (const id of tokens) {
        const record = records[id]!;
        if (record.common) continue;
        // The same expression as surfaceWeight(s, t), so masses and scores stay bit for bit the same.
        const weight = record.weight * (cues?.has(tokenNames[id]!) ? CUE_FACTOR : 1);
        mass += weight;
        if (counts) {
          const tf = counts.get(tokenNames[id]!) ?? 1;
          this.postingBody[record.end] = tf / (tf + norm);
        }
        this.postingSurface[record.end] = s;
        this.postingWeight[record.end++] = weight;
      }
      this.surfaces[s]!.mass = mass;
      this.surfaceMass[s] = mass;
    });
  }

  /** What the index knows about a token; undefined when no entry contains it. */
  token(token: string): TokenInfo | undefined {
    return this.tokens.get(token);
  }

  /** token → ids of the surfaces that contain it, as lists. Built on first use, for tools: retrieval reads postingSurface. */
  get postings(): ReadonlyMap<string, readonly number[]> {
    if (!this.postingLists) {
      this.postingLists = new Map();
      for (const [t, r] of this.tokens) {
        if (r.end > r.start) this.postingLists.set(t, Array.from(this.postingSurface.subarray(r.start, r.end)));
      }
    }
    return this.postingLists;
  }

  /** Distinct tokens of normalised text, synonyms rewritten to their canonical word first. */
  tokensOfNormalised(text: string): string[] {
    return this.tokenizer.distinctTokens(this.synonyms.canonicalise(text));
  }

  idf(token: string): number {
    return this.tokens.get(token)?.idf ?? this.unseenIdf;
  }

  /** A token's weight inside one surface: question words weigh as they do in questions. */
  surfaceWeight(surface: number, token: string): number {
    return this.weight(token) * (this.cueTokens[surface]?.has(token) ? CUE_FACTOR : 1);
  }

  /**
   * Fragments found in many entries (the ^公 of every 公司) add little evidence and cost long
   * posting lists: questions leave them out.
   */
  isCommonFragment(token: string): boolean {
    const record = this.tokens.get(token);
    return record ? record.common : isFragment(token) && this.unseenIdf < this.commonFragmentIdf;
  }

  /** The Han character pairs some entry holds (bigram tokens without their `~` mark). */
  *bigrams(): IterableIterator<string> {
    for (const t of this.tokens.keys()) if (t.startsWith('~')) yield t.slice(1);
  }

  /** Whether any entry contains the token at all. */
  knows(token: string): boolean {
    return this.tokens.has(token);
  }

  /** A token's weight: its IDF, lowered for fragments and single-character words. */
  weight(token: string): number {
    return this.tokens.get(token)?.weight ?? tokenWeight(token, this.unseenIdf);
  }
}

/** The text beyond an entry's names that a question may mention. */
export function bodyText(entry: Entry): string {
  switch (entry.kind) {
    case 'item':
      return [
        entry.department,
        entry.itemType,
        entry.materials.map((m) => m.name).join(' '),
        entry.conditions?.slice(0, 300),
        entry.tags.join(' '),
      ]
        .filter(Boolean)
        .join(' ');
    case 'policy':
      return [entry.department, entry.summary, entry.eligibility, entry.benefits, entry.tags.join(' ')]
        .filter(Boolean)
        .join(' ');
    case 'faq':
      return [entry.department, entry.answer.slice(0, 400), entry.tags.join(' ')].filter(Boolean).join(' ');
  }
}
