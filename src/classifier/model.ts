/**
 * A trained triage model as one JSON document (`triage-model.json`, kept with the knowledge base
 * and published like the routing table): the vocabulary it reads messages with and one head per
 * label it predicts (the category always; the department when the history names departments).
 * Each class's weights are stored as 16-bit integers with one scale per class (base64): a quarter
 * of float64's size, and far below the precision that changes a decision.
 */
import { z } from 'zod';

export const MODEL_FORMAT = 'qihu-triage/1';

export const FeatureOptionsSchema = z.object({
  /** Word n-gram orders, e.g. [1, 2]. */
  wordNgrams: z.array(z.number().int().min(1).max(3)),
  /** Character n-gram orders, e.g. [1, 2, 3]. */
  charNgrams: z.array(z.number().int().min(1).max(5)),
  /** Only the first this many characters are read: what a demand is about comes early, and a 10,000-character letter must not cost 20 ms. */
  maxChars: z.number().int().min(100).default(1000),
});
export type FeatureOptions = z.infer<typeof FeatureOptionsSchema>;

export const ReliabilityBandSchema = z.object({ from: z.number(), count: z.number().int(), accuracy: z.number().nullable() });

export const HeadManifest = z.object({
  /** The label this head predicts: `category` or `department`. */
  label: z.enum(['category', 'department']),
  classes: z.array(z.string().min(1)).min(2),
  /** Softmax temperature over the decision values, fitted on out-of-fold decisions. */
  temperature: z.number().positive(),
  /** Below this confidence the guess goes to a person (待研判). */
  reviewBelow: z.number().min(0).max(1),
  reliability: z.array(ReliabilityBandSchema),
  /** Out-of-fold accuracy and macro-F1 measured while training. */
  crossValidation: z.object({ folds: z.number().int(), accuracy: z.number(), macroF1: z.number() }),
  /** Training messages per class. */
  support: z.record(z.string(), z.number().int()),
  /** Per class: the weights as little-endian int16 (base64), one per column, and the scale that turns them back. */
  weights: z.array(z.object({ scale: z.number().positive(), int16: z.base64() })),
});
export type HeadManifest = z.infer<typeof HeadManifest>;

export const ModelManifest = z.object({
  format: z.literal(MODEL_FORMAT),
  /** Content hash of the model: equal versions classify equally. */
  version: z.string().regex(/^[0-9a-f]{16}$/),
  trainedAt: z.string(),
  messages: z.number().int().positive(),
  features: FeatureOptionsSchema,
  /** The vocabulary, column by column (column 0 is the bias and has no entry); idf has one value per column. */
  vocabulary: z.array(z.string()),
  idf: z.array(z.number()),
  svm: z.object({ C: z.number().positive(), balance: z.number().min(0) }),
  heads: z.array(HeadManifest).min(1),
});
export type ModelManifest = z.infer<typeof ModelManifest>;

/** A labelled message to learn from (the training file's lines; anything else on a line is ignored). */
export const TrainingExample = z.object({
  text: z.string().min(1),
  category: z.string().min(1),
  department: z.string().min(1).optional(),
});
export type TrainingExample = z.infer<typeof TrainingExample>;
