/**
 * Training a triage model from labelled history. Every message is read once (features.ts); the
 * vocabulary is fitted on all of them; each head (category, and department where the history
 * names enough departments) gets one-vs-rest linear machines, and its calibration comes from
 * k-fold out-of-fold decisions, so the confidence means "how often a guess this sure was right on
 * messages the model had not seen".
 */
import { createHash } from 'node:crypto';
import { seededRandom } from '../util';
import { fitTemperature, reliability, reviewThreshold, softmax } from './calibration';
import { DEFAULT_FEATURES, extractFeatures, type FeatureOptions } from './features';
import { decisionValues, trainOneVsRest } from './linear-svm';
import { MODEL_FORMAT, type HeadManifest, type ModelManifest, type TrainingExample } from './model';
import { macroF1 } from './metrics';
import type { SparseVector } from './sparse';
import { fitVocabulary, vectorize } from './vectorizer';
import { encodeWeights } from './weights';

export interface TrainOptions {
  features?: FeatureOptions;
  /** Keep features seen in at least this many messages. */
  minDf?: number;
  C?: number;
  balance?: number;
  /** Folds for the out-of-fold calibration. */
  folds?: number;
  seed?: number;
  /** A department needs this many messages to be learned (fewer are left to the routing table). */
  minDepartmentSupport?: number;
  now?: Date;
}

/** Chosen by 5-fold cross-validation on the training file (bench/triage, `npm run eval -- --triage`). */
export const DEFAULT_TRAINING = { minDf: 5, C: 1, balance: 0.5, folds: 3, seed: 7, minDepartmentSupport: 5 } as const;

interface HeadData {
  label: HeadManifest['label'];
  rows: number[];
  labels: string[];
}

export function trainModel(examples: readonly TrainingExample[], opts: TrainOptions = {}): ModelManifest {
  const o = { ...DEFAULT_TRAINING, features: DEFAULT_FEATURES, ...opts };
  if (examples.length < o.folds * 2) throw new Error(`at least ${o.folds * 2} labelled messages are needed to train, got ${examples.length}`);
  const categories = new Set(examples.map((e) => e.category));
  if (categories.size < 2) throw new Error(`at least two categories are needed to train, got ${[...categories].join(', ')}`);
  const counts = examples.map((e) => extractFeatures(e.text, o.features));
  const vocab = fitVocabulary(counts, o.features, o.minDf);
  const x = counts.map((c) => vectorize(vocab, c));

  const heads: HeadData[] = [{ label: 'category', rows: examples.map((_, i) => i), labels: examples.map((e) => e.category) }];
  const departments = departmentHead(examples, o.minDepartmentSupport);
  if (departments) heads.push(departments);

  const manifests = heads.map((head) => trainHead(head, x, vocab.idf.length, o));

  const vocabulary = new Array<string>(vocab.idf.length - 1);
  for (const [f, col] of vocab.columns) vocabulary[col - 1] = f;
  const body = {
    messages: examples.length,
    features: o.features,
    vocabulary,
    // Four decimals of idf change no decision and halve the file.
    idf: Array.from(vocab.idf, (v) => Math.round(v * 1e4) / 1e4),
    svm: { C: o.C, balance: o.balance },
    heads: manifests,
  };
  return { format: MODEL_FORMAT, version: modelVersion(body), trainedAt: (o.now ?? new Date()).toISOString(), ...body };
}

function departmentHead(examples: readonly TrainingExample[], minSupport: number): HeadData | undefined {
  const support = new Map<string, number>();
  for (const e of examples) if (e.department) support.set(e.department, (support.get(e.department) ?? 0) + 1);
  const learnable = new Set([...support].filter(([, n]) => n >= minSupport).map(([d]) => d));
  if (learnable.size < 2) return undefined;
  const rows = examples.flatMap((e, i) => (e.department && learnable.has(e.department) ? [i] : []));
  return { label: 'department', rows, labels: rows.map((i) => examples[i]!.department!) };
}

function trainHead(head: HeadData, allX: readonly SparseVector[], dims: number, o: Required<Omit<TrainOptions, 'now'>>): HeadManifest {
  const classes = [...new Set(head.labels)].sort();
  const x = head.rows.map((i) => allX[i]!);
  const y = head.labels.map((l) => classes.indexOf(l));
  const svm = { C: o.C, balance: o.balance, seed: o.seed };

  // Out-of-fold decisions: each message scored by machines trained without it.
  const random = seededRandom(o.seed);
  const fold = x.map(() => Math.floor(random() * o.folds));
  const decisions: number[][] = new Array(x.length);
  for (let k = 0; k < o.folds; k++) {
    const inTrain = x.map((_, i) => fold[i] !== k);
    const w = trainOneVsRest(x.filter((_, i) => inTrain[i]), y.filter((_, i) => inTrain[i]), classes.length, dims, svm);
    x.forEach((xi, i) => {
      if (!inTrain[i]) decisions[i] = decisionValues(w, xi);
    });
  }
  const temperature = fitTemperature(decisions, y);
  const probabilities = decisions.map((d) => softmax(d, temperature));
  const guesses = probabilities.map((p) => p.indexOf(Math.max(...p)));
  const confidences = probabilities.map((p) => Math.max(...p));
  const correct = guesses.map((g, i) => g === y[i]);

  const final = trainOneVsRest(x, y, classes.length, dims, svm);
  const support: Record<string, number> = {};
  for (const l of head.labels) support[l] = (support[l] ?? 0) + 1;
  return {
    label: head.label,
    classes,
    temperature,
    reviewBelow: reviewThreshold(confidences, correct),
    reliability: reliability(confidences, correct),
    crossValidation: {
      folds: o.folds,
      accuracy: correct.filter(Boolean).length / correct.length,
      macroF1: macroF1(y, guesses, classes.length),
    },
    support,
    weights: final.map(encodeWeights),
  };
}

/** The hash of everything that decides a classification: equal versions classify equally. */
function modelVersion(body: object): string {
  return createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 16);
}
