/**
 * TF-IDF over the features of features.ts: sublinear term frequency (1 + ln tf), smoothed inverse
 * document frequency, unit length, and a constant bias feature at index 0. Features seen in fewer
 * than `minDf` training messages are dropped: they cannot generalise and would only grow the model.
 */
import { extractFeatures, type FeatureOptions } from './features';
import type { SparseVector } from './sparse';

export interface Vocabulary {
  /** Feature string → column (columns start at 1; 0 is the bias). */
  readonly columns: ReadonlyMap<string, number>;
  /** idf per column (idf[0] is unused). */
  readonly idf: Float64Array;
  readonly features: FeatureOptions;
}

export function fitVocabulary(counts: readonly Map<string, number>[], features: FeatureOptions, minDf: number): Vocabulary {
  const df = new Map<string, number>();
  for (const c of counts) for (const f of c.keys()) df.set(f, (df.get(f) ?? 0) + 1);
  // In order of first appearance: deterministic for the same messages, and no sort of a million strings.
  const kept = [...df].filter(([, n]) => n >= minDf);
  const columns = new Map<string, number>();
  const idf = new Float64Array(kept.length + 1);
  const n = counts.length;
  kept.forEach(([f, d], i) => {
    columns.set(f, i + 1);
    idf[i + 1] = Math.log((1 + n) / (1 + d)) + 1;
  });
  return { columns, idf, features };
}

/** The model's vector for a message's feature counts; unknown features are ignored. */
export function vectorize(vocab: Vocabulary, counts: Map<string, number>, bias = 1): SparseVector {
  const entries: [number, number][] = [];
  let norm = 0;
  for (const [f, tf] of counts) {
    const col = vocab.columns.get(f);
    if (col === undefined) continue;
    const v = (1 + Math.log(tf)) * vocab.idf[col]!;
    entries.push([col, v]);
    norm += v * v;
  }
  entries.sort((a, b) => a[0] - b[0]);
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  const indices = new Int32Array(entries.length + 1);
  const values = new Float64Array(entries.length + 1);
  indices[0] = 0;
  values[0] = bias;
  entries.forEach(([c, v], k) => {
    indices[k + 1] = c;
    values[k + 1] = v * scale;
  });
  return { indices, values };
}

export function vectorizeText(vocab: Vocabulary, text: string): SparseVector {
  return vectorize(vocab, extractFeatures(text, vocab.features));
}
