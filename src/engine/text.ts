/**
 * The text pipeline: normalise (NFKC, full-width to half-width, traditional to simplified,
 * lower case, punctuation to spaces) and tokenise (jieba with a user dictionary built from the
 * knowledge base, plus character bigrams for typo tolerance).
 */
import type { Jieba } from '@node-rs/jieba';
import { entryAliases, entryTitle, type KnowledgeBase } from '../kb';
import { addJiebaWords, detectScript, isHanCodePoint, sharedJieba, toSimplified } from '../zh';
import type { Script } from './types';
import { STOPWORDS } from './stopwords';
import { COMMON_SYNONYMS } from './common-synonyms';
import { LRUCache } from 'lru-cache';

export interface NormalisedText {
  /** Simplified, lower-case, NFKC text with punctuation turned into spaces. */
  text: string;
  /** The script the user wrote in. */
  script: Script;
}

// Control characters, private-use and unassigned code points are noise in any question.
const NOISE = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\uFFFD]/gu;
const PUNCTUATION = /[\p{P}\p{S}\p{Z}]+/gu;
// Colloquial "开个药店" / "办个执照": the classifier only gets in the way of matching "开药店".
const VERB_CLASSIFIER = /(开|办|做|弄|搞|申请|注册|成立|请)个(?=\p{Script=Han})/gu;

/**
 * A turn normalises the same message several times (script, intents, contact details, the engine),
 * and people ask the same short questions again and again (the engine keeps their analyses too):
 * recent results are kept, for texts short enough that the cache stays small (≤ 4,096 × 256
 * characters). Frozen, since every caller shares them.
 */
const recent = new LRUCache<string, Readonly<NormalisedText>>({ max: 4096 });
const CACHED_TEXT_MAX = 256;

export function normalise(raw: string): Readonly<NormalisedText> {
  let result = recent.get(raw);
  if (!result) {
    // NFKC folds full-width letters, digits and punctuation to half-width.
    const folded = raw.normalize('NFKC').replace(NOISE, ' ');
    const simplified = toSimplified(folded);
    result = Object.freeze({ text: tidy(simplified), script: detectScript(folded, simplified) });
    if (raw.length <= CACHED_TEXT_MAX) recent.set(raw, result);
  }
  return result;
}

/** normalise() without the script: what the index needs for every name and body. */
export function normaliseText(raw: string): string {
  return tidy(toSimplified(raw.normalize('NFKC').replace(NOISE, ' ')));
}

function tidy(simplified: string): string {
  return simplified
    .toLowerCase()
    .replace(PUNCTUATION, ' ')
    .replace(VERB_CLASSIFIER, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

const WORDISH = /^[\p{Script=Han}\p{L}\p{N}]/u;

/** Character bigrams of every run of Han characters, marked with `~` so they never collide with words. */
export function hanBigrams(text: string): string[] {
  const out: string[] = [];
  let previous = -1; // where the previous code point starts, when it is a Han character
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i)!;
    const next = i + (cp > 0xffff ? 2 : 1);
    if (isHanCodePoint(cp)) {
      if (previous >= 0) out.push(`~${text.slice(previous, next)}`);
      previous = i;
    } else previous = -1;
    i = next;
  }
  return out;
}


/** Single Han characters, marked with `^`: faint evidence that 开挖马路 and 挖掘道路 are related. */
export function hanChars(text: string): string[] {
  const chars = new Set<string>();
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i)!;
    const next = i + (cp > 0xffff ? 2 : 1);
    if (isHanCodePoint(cp)) chars.add(text.slice(i, next));
    i = next;
  }
  return Array.from(chars, (c) => `^${c}`);
}

export class Tokenizer {
  private readonly jieba: Jieba;

  constructor(userWords: Iterable<string> = []) {
    this.jieba = sharedJieba();
    addJiebaWords(userWords);
  }

  /** Word tokens of normalised text, search mode (long words also yield their parts), stopwords dropped. */
  words(normalisedText: string): string[] {
    if (!normalisedText) return [];
    const out: string[] = [];
    for (const cut of this.jieba.cutForSearch(normalisedText, true)) {
      const t = cut.trim();
      if (t && WORDISH.test(t) && !STOPWORDS.has(t)) out.push(t);
    }
    return out;
  }

  /** The text cut into words as written (stopwords, particles and punctuation kept), to rebuild text from. */
  cut(normalisedText: string): string[] {
    return normalisedText ? this.jieba.cut(normalisedText, true) : [];
  }

  /** Words plus Han bigrams and characters: what both the index and the queries are made of. */
  tokens(normalisedText: string): string[] {
    return [...this.words(normalisedText), ...hanBigrams(normalisedText), ...hanChars(normalisedText)];
  }

  /** tokens() without repeats, in the order of first appearance; `chars: false` leaves single characters out. */
  distinctTokens(normalisedText: string, opts: { chars?: boolean } = {}): string[] {
    const out = new Set(this.words(normalisedText));
    for (const bigram of hanBigrams(normalisedText)) out.add(bigram);
    if (opts.chars !== false) for (const char of hanChars(normalisedText)) out.add(char);
    return [...out];
  }
}

/**
 * Longer names are left to jieba's own dictionary: a whole-name token would make a question that
 * quotes part of the name tokenise differently from the name itself.
 */
const MAX_USER_WORD = 4;

/** Words jieba must keep whole: entry titles and aliases that are short enough to be names, and synonyms. */
export function userWordsOf(kb: KnowledgeBase): string[] {
  const words = new Set<string>();
  const add = (w: string) => {
    const n = normaliseText(w);
    if (n.length >= 2 && n.length <= MAX_USER_WORD && !n.includes(' ')) words.add(n);
  };
  for (const entry of kb.entries) {
    if (entry.kind === 'faq') continue; // FAQ questions are sentences, not names
    add(entryTitle(entry));
    entryAliases(entry).forEach(add);
  }
  kb.synonyms.flat().forEach(add);
  COMMON_SYNONYMS.flat().forEach(add);
  return [...words];
}
