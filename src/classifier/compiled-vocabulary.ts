/**
 * The classify path's vectorizer: the same vector as `vectorize(vocab, extractFeatures(text))`, to
 * the last bit, without building a string per feature. Character n-grams of up to three UTF-16
 * units are looked up by an exact integer key made of their code units, word bigrams by a key made
 * of the two words' ids; counts and weights live in typed arrays indexed by column that are reused
 * from one message to the next. Rare shapes (astral characters, words with spaces, longer n-grams)
 * take the string lookup, in the same order, so the features and their order of first appearance
 * (which fixes the order the norm is summed in) are the same as features.ts gives.
 */
import { sharedJieba } from '../zh';
import { foldText, type FeatureOptions } from './features';
import type { SparseVector } from './sparse';
import type { Vocabulary } from './vectorizer';

const WORDISH = /^[\p{Script=Han}\p{L}]/u;
const RUN_CHAR = /[\p{Script=Han}\p{L}\p{N}]/u;
const RUNS = /[\p{Script=Han}\p{L}\p{N}]+/gu;
const SURROGATE = /[\uD800-\uDFFF]/;
const UNIT = 65536;
/** Word ids stay below this, so a bigram key (id · 2²⁴ + id) is an exact integer in a double. */
const MAX_WORD_ID = 1 << 24;

/** Which BMP code units belong to a run (features.ts's RUNS), decided once. */
let runChars: Uint8Array | undefined;
function runCharTable(): Uint8Array {
  if (runChars) return runChars;
  runChars = new Uint8Array(UNIT);
  for (let c = 1; c < UNIT; c++) if ((c < 0xd800 || c > 0xdfff) && RUN_CHAR.test(String.fromCharCode(c))) runChars[c] = 1;
  return runChars;
}

/** Open addressing from positive integer keys (exact in a double) to columns; 0 means absent. */
class IntegerTable {
  private readonly keys: Float64Array;
  private readonly columns: Int32Array;
  private readonly mask: number;

  constructor(size: number) {
    let capacity = 16;
    while (capacity < size * 2) capacity *= 2;
    this.keys = new Float64Array(capacity);
    this.columns = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  private static hash(key: number): number {
    const h = Math.imul((key >>> 0) ^ Math.imul((key / 4294967296) | 0, 0x9e3779b1), 0x85ebca6b);
    return h ^ (h >>> 15);
  }

  set(key: number, column: number): void {
    let at = IntegerTable.hash(key) & this.mask;
    while (this.keys[at] !== 0 && this.keys[at] !== key) at = (at + 1) & this.mask;
    this.keys[at] = key;
    this.columns[at] = column;
  }

  get(key: number): number {
    let at = IntegerTable.hash(key) & this.mask;
    for (;;) {
      const k = this.keys[at]!;
      if (k === key) return this.columns[at]!;
      if (k === 0) return 0;
      at = (at + 1) & this.mask;
    }
  }
}

/** A character n-gram's key: its code units as base-65536 digits (none is 0, so lengths never collide). */
function gramKey(text: string, at: number, n: number): number {
  let key = 0;
  for (let k = 0; k < n; k++) key = key * UNIT + text.charCodeAt(at + k);
  return key;
}

export class CompiledVocabulary {
  private readonly columns: ReadonlyMap<string, number>;
  private readonly idf: Float64Array;
  private readonly features: FeatureOptions;
  /** Word → id; `unigram[id]` is the column of `w:word` (0 when the word only appears in bigrams). */
  private readonly wordIds = new Map<string, number>();
  private readonly unigram: Int32Array;
  private readonly bigrams: IntegerTable;
  private readonly grams: IntegerTable;
  private readonly runChars = runCharTable();
  // Per-message state, reused: counts by column, columns in order of first appearance, their weights.
  private readonly counts: Int32Array;
  private readonly seen: Int32Array;
  private seenLength = 0;
  private readonly weight: Float64Array;
  private readonly outIndices: Int32Array;
  private readonly outValues: Float64Array;

  constructor(vocab: Vocabulary) {
    this.columns = vocab.columns;
    this.idf = vocab.idf;
    this.features = vocab.features;
    const dims = vocab.idf.length;
    this.counts = new Int32Array(dims);
    this.seen = new Int32Array(dims);
    this.weight = new Float64Array(dims);
    this.outIndices = new Int32Array(dims);
    this.outValues = new Float64Array(dims);

    const unigrams: [string, number][] = [];
    const bigrams: [string, string, number][] = [];
    const grams: [number, number][] = [];
    for (const [feature, column] of vocab.columns) {
      if (feature.startsWith('w:')) unigrams.push([feature.slice(2), column]);
      else if (feature.startsWith('w2:')) {
        const parts = feature.slice(3).split(' ');
        if (parts.length === 2 && parts[0] && parts[1]) bigrams.push([parts[0], parts[1], column]);
      } else if (feature.startsWith('c:')) {
        const gram = feature.slice(2);
        if (gram.length >= 1 && gram.length <= 3 && !SURROGATE.test(gram) && !gram.includes('\0')) grams.push([gramKey(gram, 0, gram.length), column]);
      }
    }
    const idOf = (word: string) => {
      let id = this.wordIds.get(word);
      if (id === undefined) this.wordIds.set(word, (id = this.wordIds.size + 1));
      return id;
    };
    for (const [word] of unigrams) idOf(word);
    for (const [a, b] of bigrams) {
      idOf(a);
      idOf(b);
    }
    if (this.wordIds.size >= MAX_WORD_ID) throw new Error(`a vocabulary of ${this.wordIds.size} words is more than the classifier can index`);
    this.unigram = new Int32Array(this.wordIds.size + 1);
    for (const [word, column] of unigrams) this.unigram[this.wordIds.get(word)!] = column;
    this.bigrams = new IntegerTable(bigrams.length);
    for (const [a, b, column] of bigrams) this.bigrams.set(this.wordIds.get(a)! * MAX_WORD_ID + this.wordIds.get(b)!, column);
    this.grams = new IntegerTable(grams.length);
    for (const [key, column] of grams) this.grams.set(key, column);
  }

  /**
   * The message's unit-length TF-IDF vector with the bias at index 0. The answer's arrays are views
   * of buffers the next call overwrites: read it before classifying another message.
   */
  vectorize(raw: string, bias = 1): SparseVector {
    const opts = this.features;
    const text = foldText(raw.length > opts.maxChars ? raw.slice(0, opts.maxChars) : raw);
    if (opts.wordNgrams.length) this.addWords(text);
    if (opts.charNgrams.length) this.addCharGrams(text);

    const { counts, seen, weight, idf } = this;
    const n = this.seenLength;
    let norm = 0;
    for (let k = 0; k < n; k++) {
      const col = seen[k]!;
      const v = (1 + Math.log(counts[col]!)) * idf[col]!;
      weight[col] = v;
      norm += v * v;
      counts[col] = 0;
    }
    const sorted = seen.subarray(0, n).sort();
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    const indices = this.outIndices.subarray(0, n + 1);
    const values = this.outValues.subarray(0, n + 1);
    indices[0] = 0;
    values[0] = bias;
    for (let k = 0; k < n; k++) {
      indices[k + 1] = sorted[k]!;
      values[k + 1] = weight[sorted[k]!]! * scale;
    }
    this.seenLength = 0;
    return { indices, values };
  }

  private add(column: number): void {
    if (column === 0) return;
    const count = this.counts[column]!;
    if (count === 0) this.seen[this.seenLength++] = column;
    this.counts[column] = count + 1;
  }

  private addFeature(feature: string): void {
    this.add(this.columns.get(feature) ?? 0);
  }

  private addWords(text: string): void {
    const words = sharedJieba()
      .cut(text, true)
      .map((w) => w.trim())
      .filter((w) => w && WORDISH.test(w));
    const ids = new Int32Array(words.length);
    let spaced = false;
    for (let i = 0; i < words.length; i++) {
      ids[i] = this.wordIds.get(words[i]!) ?? 0;
      if (words[i]!.includes(' ')) spaced = true;
    }
    for (const n of this.features.wordNgrams) {
      if (n === 1) {
        for (let i = 0; i < words.length; i++) if (ids[i]) this.add(this.unigram[ids[i]!]!);
      } else if (n === 2 && !spaced) {
        for (let i = 0; i + 2 <= words.length; i++) if (ids[i] && ids[i + 1]) this.add(this.bigrams.get(ids[i]! * MAX_WORD_ID + ids[i + 1]!));
      } else {
        for (let i = 0; i + n <= words.length; i++) this.addFeature(`w${n}:${words.slice(i, i + n).join(' ')}`);
      }
    }
  }

  private addCharGrams(text: string): void {
    const orders = this.features.charNgrams;
    if (SURROGATE.test(text)) {
      // Astral characters are counted by code point, as features.ts does: its way, by strings.
      for (const run of text.match(RUNS) ?? []) {
        const chars: ArrayLike<string> & { slice(a: number, b: number): string | string[] } = SURROGATE.test(run) ? Array.from(run) : run;
        for (const n of orders) {
          for (let i = 0; i + n <= chars.length; i++) {
            const gram = chars.slice(i, i + n);
            this.addFeature(`c:${typeof gram === 'string' ? gram : gram.join('')}`);
          }
        }
      }
      return;
    }
    const table = this.runChars;
    for (let start = 0; start < text.length; ) {
      if (!table[text.charCodeAt(start)]) {
        start++;
        continue;
      }
      let end = start + 1;
      while (end < text.length && table[text.charCodeAt(end)]) end++;
      for (const n of orders) {
        if (n <= 3) for (let i = start; i + n <= end; i++) this.add(this.grams.get(gramKey(text, i, n)));
        else for (let i = start; i + n <= end; i++) this.addFeature(`c:${text.slice(i, i + n)}`);
      }
      start = end;
    }
  }
}
