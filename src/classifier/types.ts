/**
 * What the triage classifier tells its readers, as zod schemas (imports only zod and the model's
 * schema, so the editor console's script type-checks against the same types without Node): a
 * classification, and a model's detail as the model page shows it.
 */
import { z } from 'zod';
import { ReliabilityBandSchema } from './model';

export const GuessSchema = z.object({
  label: z.string(),
  confidence: z.number(),
  /** True when the confidence is under the head's `reviewBelow`: a person decides. */
  review: z.boolean(),
  /** The runner-up, for an operator choosing between two. */
  alternative: z.object({ label: z.string(), confidence: z.number() }).optional(),
  /** The message's words that pushed most toward the guess, strongest first. */
  evidence: z.array(z.string()),
});
export type Guess = z.infer<typeof GuessSchema>;

export const ClassificationSchema = z.object({
  category: GuessSchema,
  department: GuessSchema.optional(),
  modelVersion: z.string(),
});
export type Classification = z.infer<typeof ClassificationSchema>;

/** One head of a model as a reader sees it: its classes with their training messages, and how far its guesses can be trusted. */
export const HeadDetailSchema = z.object({
  label: z.enum(['category', 'department']),
  classes: z.array(z.object({ name: z.string(), count: z.number().int() })),
  reviewBelow: z.number(),
  reliability: z.array(ReliabilityBandSchema),
  crossValidation: z.object({ folds: z.number().int(), accuracy: z.number(), macroF1: z.number() }),
});
export type HeadDetail = z.infer<typeof HeadDetailSchema>;

export const ModelDetailSchema = z.object({
  version: z.string(),
  trainedAt: z.string(),
  messages: z.number().int(),
  heads: z.array(HeadDetailSchema),
});
export type ModelDetail = z.infer<typeof ModelDetailSchema>;
