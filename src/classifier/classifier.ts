/**
 * A loaded triage model answering "which category (and department) is this demand": calibrated
 * confidence, whether a person should judge it (待研判), and the words that weighed most for the
 * guess, so an operator can see why.
 */
import { softmax } from './calibration';
import { CompiledVocabulary } from './compiled-vocabulary';
import type { HeadManifest, ModelManifest } from './model';
import type { Classification, Guess } from './types';
import type { SparseVector } from './sparse';
import { decodeWeights } from './weights';

export type { Classification, Guess };

const EVIDENCE = 5;
/** Features considered for the evidence: enough that five distinct words survive overlaps. */
const CANDIDATES = 24;

/**
 * A head's weights interleaved by column (`weights[column · classes + class]`): one pass over a
 * message's columns scores every class, reading memory in order.
 */
interface Head {
  manifest: HeadManifest;
  classes: number;
  weights: Float32Array;
}

export class TriageClassifier {
  readonly manifest: ModelManifest;
  private readonly vocab: CompiledVocabulary;
  private readonly heads: Head[];

  /** Throws when the manifest's parts do not fit together (a vocabulary and idf of other lengths, truncated weights). */
  constructor(manifest: ModelManifest) {
    this.manifest = manifest;
    const dims = manifest.idf.length;
    if (manifest.vocabulary.length !== dims - 1) throw new Error(`the model has ${manifest.vocabulary.length} words for ${dims} columns`);
    const columns = new Map<string, number>();
    manifest.vocabulary.forEach((f, i) => columns.set(f, i + 1));
    this.vocab = new CompiledVocabulary({ columns, idf: Float64Array.from(manifest.idf), features: manifest.features });
    this.heads = manifest.heads.map((head) => {
      if (head.weights.length !== head.classes.length) throw new Error(`the ${head.label} head has weights for ${head.weights.length} of ${head.classes.length} classes`);
      const classes = head.classes.length;
      const weights = new Float32Array(dims * classes);
      head.weights.forEach((encoded, c) => {
        const w = decodeWeights(encoded, dims);
        for (let j = 0; j < dims; j++) weights[j * classes + c] = w[j]!;
      });
      return { manifest: head, classes, weights };
    });
  }

  get version(): string {
    return this.manifest.version;
  }

  classify(text: string): Classification {
    const x = this.vocab.vectorize(text);
    const out: Classification = { category: undefined as unknown as Guess, modelVersion: this.version };
    for (const head of this.heads) out[head.manifest.label] = this.guess(head, x);
    return out;
  }

  private guess(head: Head, x: SparseVector): Guess {
    const { classes, weights } = head;
    // Each class's sum runs over the columns in ascending order, as a dot product per class would.
    const sums = new Float64Array(classes);
    for (let k = 0; k < x.indices.length; k++) {
      const at = x.indices[k]! * classes;
      const v = x.values[k]!;
      for (let c = 0; c < classes; c++) sums[c] = sums[c]! + weights[at + c]! * v;
    }
    const p = softmax(Array.from(sums), head.manifest.temperature);
    const order = p.map((_, c) => c).sort((a, b) => p[b]! - p[a]!);
    const best = order[0]!;
    const second = order[1];
    const confidence = p[best]!;
    return {
      label: head.manifest.classes[best]!,
      confidence,
      review: confidence < head.manifest.reviewBelow,
      ...(second !== undefined ? { alternative: { label: head.manifest.classes[second]!, confidence: p[second]! } } : {}),
      evidence: this.evidence(head, best, x),
    };
  }

  /** The features with the largest positive contribution, as the words a reader sees. */
  private evidence({ classes, weights }: Head, best: number, x: SparseVector): string[] {
    // The strongest few, kept in one pass (a message has ~1,000 features; sorting them all costs more than classifying).
    const top: [number, number][] = [];
    for (let k = 1; k < x.indices.length; k++) {
      const c = weights[x.indices[k]! * classes + best]! * x.values[k]!;
      if (c <= 0 || (top.length === CANDIDATES && c <= top[CANDIDATES - 1]![1])) continue;
      let at = top.length === CANDIDATES ? CANDIDATES - 1 : top.length;
      while (at > 0 && top[at - 1]![1] < c) at--;
      top.splice(at, top.length === CANDIDATES ? 1 : 0, [x.indices[k]!, c]);
      if (top.length > CANDIDATES) top.pop();
    }
    const words: string[] = [];
    for (const [column] of top) {
      const word = readable(this.manifest.vocabulary[column - 1]!);
      // A character n-gram inside a word already shown adds nothing for the reader.
      if (word.length < 2 || words.some((shown) => shown.includes(word) || word.includes(shown))) continue;
      words.push(word);
      if (words.length === EVIDENCE) break;
    }
    return words;
  }
}

function readable(feature: string): string {
  return feature.replace(/^(w\d?|c):/, '').replace(/ /g, '');
}
