/**
 * What a message is made of, for the triage classifier: jieba words and word bigrams, and
 * character n-grams of every run of Han characters, letters and digits. Words carry the meaning
 * ("路灯", "社保"); character n-grams survive jieba's mistakes on place names, typos and rare
 * compounds. The text is folded first (NFKC, traditional to simplified, lower case), so the same
 * message in either script gets the same features.
 */
import { sharedJieba, toSimplified } from '../zh';
import type { FeatureOptions } from './model';

export type { FeatureOptions };

export const DEFAULT_FEATURES: FeatureOptions = { wordNgrams: [1, 2], charNgrams: [1, 2, 3], maxChars: 500 };

const NOISE = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\uFFFD]/gu;
const RUNS = /[\p{Script=Han}\p{L}\p{N}]+/gu;
const WORDISH = /^[\p{Script=Han}\p{L}]/u;
// Anonymised places (A市, A3区, K8县) and numbers say nothing about the category.
const PLACE_CODE = /[a-z]\d*(?=[省市县区镇乡村])/g;

export function foldText(raw: string): string {
  return toSimplified(raw.normalize('NFKC').replace(NOISE, ' ')).toLowerCase().replace(PLACE_CODE, '');
}

/** Feature counts of a text (feature strings are prefixed by kind so words and n-grams never collide). */
export function extractFeatures(raw: string, opts: FeatureOptions = DEFAULT_FEATURES): Map<string, number> {
  const text = foldText(raw.length > opts.maxChars ? raw.slice(0, opts.maxChars) : raw);
  const counts = new Map<string, number>();
  const add = (f: string) => counts.set(f, (counts.get(f) ?? 0) + 1);

  if (opts.wordNgrams.length) {
    const words = sharedJieba()
      .cut(text, true)
      .map((w) => w.trim())
      .filter((w) => w && WORDISH.test(w));
    for (const n of opts.wordNgrams) {
      for (let i = 0; i + n <= words.length; i++) add(n === 1 ? `w:${words[i]}` : `w${n}:${words.slice(i, i + n).join(' ')}`);
    }
  }
  if (opts.charNgrams.length) {
    for (const run of text.match(RUNS) ?? []) {
      // Slicing the string is much quicker than joining code points; only astral characters need the latter.
      const chars: ArrayLike<string> & { slice(a: number, b: number): string | string[] } = /[\uD800-\uDFFF]/.test(run) ? Array.from(run) : run;
      for (const n of opts.charNgrams) {
        for (let i = 0; i + n <= chars.length; i++) {
          const gram = chars.slice(i, i + n);
          add(`c:${typeof gram === 'string' ? gram : gram.join('')}`);
        }
      }
    }
  }
  return counts;
}
