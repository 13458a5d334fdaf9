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

export interface Candidate {
  entryId: string;
  kind: EntryKind;
  title: string;
  department?: string;
  /** Engine-internal relevance, comparable within one question only. */
  score: number;
}

export interface SourceCitation {
  entryId: string;
  kind: EntryKind;
  title: string;
  department?: string;
  source?: string;
}

interface DecisionBase {
  /** 0..1, calibrated on the development sets (see docs/engine.md). */
  confidence: number;
  /** Ranked candidates that were considered, best first (at most 5). */
  candidates: Candidate[];
  /** The field the question asked for, when one was detected. */
  field: Field | null;
  /** Text to show the user, in the requested script. */
  text: string;
  /** The script the question was written in (answers follow it unless told otherwise). */
  script: Script;
}

export interface AnswerDecision extends DecisionBase {
  kind: 'answer';
  entryId: string;
  field: Field;
  source: SourceCitation;
}

export interface ClarifyDecision extends DecisionBase {
  kind: 'clarify';
}

export interface HandoffDecision extends DecisionBase {
  kind: 'handoff';
  reason: HandoffReason;
}

export type Decision = AnswerDecision | ClarifyDecision | HandoffDecision;
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
  /** Ranked suggestions for a partial question (operator console), no decision applied. */
  suggest(text: string, limit?: number): Candidate[];
  entry(id: string): Entry | undefined;
  readonly size: number;
  /** The analysis cache: questions kept, and lookups that found (hits) or had to analyse (misses). */
  cacheStats(): CacheStats;
}

export interface CacheStats {
  cached: number;
  hits: number;
  misses: number;
}
