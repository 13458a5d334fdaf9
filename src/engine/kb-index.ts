/**
 * The retrieval index. Each entry contributes "surfaces" users may name it by (title, each alias
 * or alternate question) and one "body" (materials, conditions, summary, answer, department, tags).
 * Tokens are words, Han bigrams and synonym tokens; weights are IDF over entries.
 */
import type { Entry, KnowledgeBase } from '../kb/schema';
import { entryAliases, entryTitle } from '../kb/schema';
import { COMMON_SYNONYMS } from './common-synonyms';
import { CUE_FACTOR, detectFields } from './detect-field';
import { SynonymMatcher } from './synonyms';
import { Tokenizer, normaliseText, userWordsOf } from './text';

export type SurfaceKind = 'title' | 'alias' | 'body';

export interface Surface {
  entry: number;
  kind: SurfaceKind;
  /** Sum of the weights of the surface's distinct tokens: the denominator of surface coverage. */
  mass: number;
}

/** Fragments back words up, but must not outvote them. */
export const FRAGMENT_FACTOR = 0.5;

/** A lone Han character (办, 开) says little on its own. */
export const SINGLE_CHAR_FACTOR = 0.4;
/** See the constructor: how much a word unknown to the knowledge base weighs, relative to the rarest known word. */
export const UNSEEN_FACTOR = 0.6;

function isSingleHan(token: string): boolean {
  return token.length === 1 && /\p{Script=Han}/u.test(token);
}

/** Bigrams (`~`) and characters (`^`): fragments that back words up for typos and odd cuts. */
export function isFragment(token: string): boolean {
  return token.startsWith('~') || token.startsWith('^');
}

export class KbIndex {
  readonly entries: Entry[];
  readonly byId = new Map<string, number>();
  readonly surfaces: Surface[] = [];
  /** token → ids of the surfaces that contain it. */
  readonly postings = new Map<string, number[]>();
  /**
   * Per name surface, its tokens that are question words (怎么办, 需要什么手续, 多久): they weigh
   * little there, as in questions, so FAQ questions do not match each other's phrasing.
   */
  readonly cueTokens: (ReadonlySet<string> | undefined)[] = [];
  readonly tokenizer: Tokenizer;
  readonly synonyms: SynonymMatcher;
  private readonly idfs = new Map<string, number>();
  private readonly unseenIdf: number;
  /** The IDF of a word found in one entry only: the unit of evidence. */
  readonly maxIdf: number;
  private readonly commonFragmentIdf: number;

  constructor(kb: KnowledgeBase) {
    this.entries = kb.entries;
    this.tokenizer = new Tokenizer(userWordsOf(kb));
    this.synonyms = new SynonymMatcher([...kb.synonyms, ...COMMON_SYNONYMS]);

    const surfaceTokens: string[][] = [];
    const df = new Map<string, number>();
    kb.entries.forEach((entry, i) => {
      this.byId.set(entry.id, i);
      const names = [entryTitle(entry), ...entryAliases(entry)];
      const nameSet = new Set<string>();
      names.forEach((name, n) => {
        const text = normaliseText(name);
        const tokens = this.tokensOfNormalised(text);
        tokens.forEach((t) => nameSet.add(t));
        this.surfaces.push({ entry: i, kind: n === 0 ? 'title' : 'alias', mass: 0 });
        surfaceTokens.push(tokens);
        const cues = detectFields(text).cueSpans.flatMap((span) => this.tokensOfNormalised(span));
        this.cueTokens.push(cues.length ? new Set(cues) : undefined);
      });
      // Single characters of long texts match everything: bodies keep words and bigrams only.
      const body = this.tokensOf(bodyText(entry)).filter((t) => !t.startsWith('^'));
      this.surfaces.push({ entry: i, kind: 'body', mass: 0 });
      surfaceTokens.push(body);
      this.cueTokens.push(undefined);
      for (const t of new Set([...nameSet, ...body])) df.set(t, (df.get(t) ?? 0) + 1);
    });

    const n = kb.entries.length;
    for (const [t, d] of df) this.idfs.set(t, Math.log(1 + (n - d + 0.5) / (d + 0.5)));
    // A word no entry contains lowers coverage (off-topic content), but less than the rarest known
    // word: colloquial filler (拿到, 弄好) must not outweigh the words that matched.
    this.maxIdf = Math.log(1 + (n - 0.5) / 1.5);
    this.unseenIdf = UNSEEN_FACTOR * this.maxIdf;
    // A fragment in more than 10 % of entries (and more than 50 of them) counts as common.
    const commonDf = Math.max(50, n * 0.1);
    this.commonFragmentIdf = Math.log(1 + (n - commonDf + 0.5) / (commonDf + 0.5));

    surfaceTokens.forEach((tokens, s) => {
      let mass = 0;
      for (const t of tokens) {
        if (this.isCommonFragment(t)) continue; // never in a question, so never in a match
        mass += this.surfaceWeight(s, t);
        let list = this.postings.get(t);
        if (!list) this.postings.set(t, (list = []));
        list.push(s);
      }
      this.surfaces[s]!.mass = mass;
    });
  }

  /** Distinct tokens of a raw text: words, bigrams and characters. */
  tokensOf(raw: string): string[] {
    const text = normaliseText(raw);
    return this.tokensOfNormalised(text);
  }

  /** Distinct tokens of normalised text, synonyms rewritten to their canonical word first. */
  tokensOfNormalised(text: string): string[] {
    return [...new Set(this.tokenizer.tokens(this.synonyms.canonicalise(text)))];
  }

  idf(token: string): number {
    return this.idfs.get(token) ?? this.unseenIdf;
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
    return isFragment(token) && this.idf(token) < this.commonFragmentIdf;
  }

  /** Whether any entry contains the token at all. */
  knows(token: string): boolean {
    return this.idfs.has(token);
  }

  /** A token's weight: its IDF, lowered for fragments and single-character words. */
  weight(token: string): number {
    if (isFragment(token)) return this.idf(token) * FRAGMENT_FACTOR;
    return this.idf(token) * (isSingleHan(token) ? SINGLE_CHAR_FACTOR : 1);
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
