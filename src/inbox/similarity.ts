/**
 * Question similarity for the editors' inbox: the engine's normalisation (width, script, case,
 * punctuation folded), then the larger of two Jaccard indices: over the engine's word tokens
 * (jieba, stopwords dropped) and over character bigrams. Words catch 开药店要什么材料 ≈
 * 开药店需要哪些材料; bigrams catch typos and unsegmented text.
 */
import { normalise, Tokenizer } from '../engine';

export interface QuestionShape {
  /** Normalised text: what dismissals and exact duplicates are keyed on. */
  norm: string;
  words: ReadonlySet<string>;
  bigrams: ReadonlySet<string>;
}

let tokenizer: Tokenizer | undefined;

/** The normalised form of a question (the engine's normalise). */
export function normaliseQuestion(text: string): string {
  return normalise(text).text;
}

/** Character bigrams of the normalised text without spaces (a one-character text is its own unigram). */
export function charBigrams(norm: string): Set<string> {
  const chars = Array.from(norm.replace(/\s+/g, ''));
  if (chars.length === 1) return new Set(chars);
  const out = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i]! + chars[i + 1]!);
  return out;
}

export function shapeOf(text: string): QuestionShape {
  const norm = normaliseQuestion(text);
  tokenizer ??= new Tokenizer();
  return { norm, words: new Set(tokenizer.words(norm)), bigrams: charBigrams(norm) };
}

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 0;
  let inter = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const x of small) if (large.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

/** 0..1; 1 for the same normalised text. */
export function similarity(a: QuestionShape, b: QuestionShape): number {
  if (a.norm === b.norm) return 1;
  return Math.max(jaccard(a.words, b.words), jaccard(a.bigrams, b.bigrams));
}
