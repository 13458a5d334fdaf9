/**
 * The engine's public vocabulary. Decisions are tagged results, like zod's SafeParseResult:
 * the engine throws only for bugs, never for a question it cannot answer.
 */
import { z } from 'zod';
import type { Entry, EntryKind } from '../kb/schema';

/** The part of an entry a question asks for. `overview` means the entry as a whole. */
export const Field = z.enum([
  'materials',
  'time_limit',
  'location',
  'phone',
  'online',
  'fees',
  'conditions',
  'visits',
  'benefits',
  'how_to_apply',
  'overview',
]);
export type Field = z.infer<typeof Field>;

/** Why the engine hands a question to a person. Stable ASCII codes; wording lives in messages.ts. */
export const HandoffReason = z.enum([
  'empty',
  'invalid_input',
  'asked_for_person',
  'complaint',
  'specific_case',
  'prompt_injection',
  'out_of_scope',
  'low_confidence',
]);
export type HandoffReason = z.infer<typeof HandoffReason>;

export const Script = z.enum(['simplified', 'traditional']);
export type Script = z.infer<typeof Script>;

/** An entry's kind (kb/schema.ts `Entry`), for the shapes below. */
const EntryKindSchema: z.ZodType<EntryKind> = z.enum(['item', 'policy', 'faq']);

export const Candidate = z.object({
  entryId: z.string(),
  kind: EntryKindSchema,
  title: z.string(),
  department: z.string().optional(),
  /** Engine-internal relevance, comparable within one question only. */
  score: z.number(),
  /** How a choice is shown when its title alone would read like another choice's (look-alikes). */
  label: z.string().optional(),
});
export type Candidate = z.infer<typeof Candidate>;

export const SourceCitation = z.object({
  entryId: z.string(),
  kind: EntryKindSchema,
  title: z.string(),
  department: z.string().optional(),
  source: z.string().optional(),
});
export type SourceCitation = z.infer<typeof SourceCitation>;

const DecisionBase = {
  /**
   * 0..1: how likely the best match answers the question, calibrated per knowledge base (see
   * docs/engine.md § 6): of answers given at 0.8, about 8 in 10 are right.
   */
  confidence: z.number().min(0).max(1),
  /** Ranked candidates that were considered, best first (at most 5); a clarify question's choices (up to 10). */
  candidates: z.array(Candidate).max(10),
  /** The field the question asked for, when one was detected. */
  field: Field.nullable(),
  /** Text to show the user, in the requested script. */
  text: z.string(),
  /** The script the question was written in (answers follow it unless told otherwise). */
  script: Script,
};

export const AnswerDecision = z.object({
  ...DecisionBase,
  kind: z.literal('answer'),
  entryId: z.string(),
  field: Field,
  source: SourceCitation,
  /**
   * Look-alike entries (the same matter for another department or sub-item) whose answer to this
   * field is word for word the same: the answer holds for them too.
   */
  alsoFor: z.array(z.string()).optional(),
});
export type AnswerDecision = z.infer<typeof AnswerDecision>;

export const ClarifyDecision = z.object({ ...DecisionBase, kind: z.literal('clarify') });
export type ClarifyDecision = z.infer<typeof ClarifyDecision>;

export const HandoffDecision = z.object({ ...DecisionBase, kind: z.literal('handoff'), reason: HandoffReason });
export type HandoffDecision = z.infer<typeof HandoffDecision>;

export const Decision = z.discriminatedUnion('kind', [AnswerDecision, ClarifyDecision, HandoffDecision]);
export type Decision = z.infer<typeof Decision>;
export type DecisionKind = Decision['kind'];

/** What the conversation remembers from earlier turns, so "那要多久？" can reuse the last item. */
export interface AskContext {
  entryId?: string;
  field?: Field;
}

export interface AskOptions {
  context?: AskContext;
  /** Force the answer's script; by default it follows the question's. */
  script?: Script;
}

export interface Engine {
  ask(text: string, options?: AskOptions): Decision;
  /**
   * Whether the text continues the given entry rather than standing alone: it asks a field or opens
   * like a follow-up ("那要多久？") and names nothing the entry lacks. ask() with a context uses it.
   */
  isFollowUp(text: string, entryId: string): boolean;
  /**
   * The words of the text that the knowledge base uses (not fragments, stopwords or single
   * characters): what tells a government-service question from small talk.
   */
  vocabulary(text: string): string[];
  /** Ranked suggestions for a partial question (operator console), no decision applied. */
  suggest(text: string, limit?: number): Candidate[];
  entry(id: string): Entry | undefined;
  readonly size: number;
  /** What the engine learned about this knowledge base when it was built (calibration). */
  readonly calibration: CalibrationSummary;
  /** The analysis cache: questions kept, and lookups that found (hits) or had to analyse (misses). */
  cacheStats(): CacheStats;
}

export interface CacheStats {
  cached: number;
  hits: number;
  misses: number;
}

/** The calibration made when the engine was built, as shown by `npm run kb -- validate` and /healthz. */
export const CalibrationSummary = z.object({
  /** Pseudo-questions made from the entries, and the share whose source entry ranked first. */
  pseudoQuestions: z.number().int(),
  rankedFirst: z.number(),
  /** How well the fitted model tells right from wrong best matches on them (area under the ROC curve; 0.5 is chance). */
  separation: z.number(),
  /** Confidence cut-offs: answer at or above `answer`, offer choices at or above `clarify`. */
  thresholds: z.object({ answer: z.number(), clarify: z.number() }),
  /** The fitted weights of the model's inputs (log-odds per unit), for the curious. */
  weights: z.record(z.string(), z.number()),
  milliseconds: z.number().int(),
});
export type CalibrationSummary = z.infer<typeof CalibrationSummary>;
