/**
 * Suggestions for a 12345 operator: the engine's ranked candidates for what the caller said, each
 * with the field the question asks for (mapped onto what that kind of entry can answer) and the
 * text to read out, in the caller's script. The engine's decision comes along, so a complaint or a
 * specific case shows up as "建单" rather than as an answer. Pure and synchronous. The schemas are
 * for what crosses a process: suggestions published to other instances (call-events).
 */
import { z } from 'zod';
import {
  convertScript,
  detectFields,
  FIELD_LABELS,
  fieldForKind,
  normalise,
  Field,
  HandoffReason,
  Script,
  type Candidate,
  type DecisionKind,
  type Engine,
} from '../engine';
import { entryAliases, entryTitle, type Entry, type EntryKind } from '../kb';
import { MatchLevel, suggestionMatch } from './match';
import { readOutFor } from './read-out';

export const SUGGESTION_LIMIT = 5;
/** What the engine looks at: the end of a long transcript (the caller's latest words matter most). */
export const SUGGEST_MAX_CHARS = 500;

export const Suggestion = z.object({
  entryId: z.string(),
  kind: z.enum(['item', 'policy', 'faq']) satisfies z.ZodType<EntryKind>,
  title: z.string(),
  department: z.string().optional(),
  /** The field that answers the question first. */
  field: Field,
  fieldLabel: z.string(),
  /** Whether the entry states that field (else readOut says so and gives the phone). */
  found: z.boolean(),
  /** What to read out to the caller, in the caller's script (read-out.ts: no chat phrasing). */
  readOut: z.string(),
  /** Engine-internal relevance (comparable within one question only), or a cosine for `retrieval: embedding`. */
  score: z.number(),
  /** How well it fits, for the operator (match.ts): from the engine's confidence, or the cosine. */
  match: MatchLevel,
  /** Found by the optional semantic layer (embeddings) rather than by the engine; score is then a cosine. */
  retrieval: z.literal('embedding').optional(),
});
export type Suggestion = z.infer<typeof Suggestion>;

export const Suggestions = z.object({
  suggestions: z.array(Suggestion),
  /** The engine's decision kind for the same text. */
  decision: z.enum(['answer', 'clarify', 'handoff']) satisfies z.ZodType<DecisionKind>,
  /** Why the engine would hand the question to a person (complaint, specific_case …). */
  handoffReason: HandoffReason.optional(),
  /** A ticket (建单) fits better than an answer. */
  suggestTicket: z.boolean(),
  script: Script,
});
export type Suggestions = z.infer<typeof Suggestions>;

/** Hand-offs where the caller wants something done, not information: offer 建单. */
const TICKET_REASONS: ReadonlySet<HandoffReason> = new Set(['complaint', 'specific_case', 'asked_for_person']);

function namesOf(entry: Entry): string {
  return [entryTitle(entry), ...entryAliases(entry)].map((n) => normalise(n).text).join('|');
}

export interface SuggestOptions {
  limit?: number;
  /**
   * The caller's latest words when `raw` is a longer transcript: the field they ask for wins over
   * fields asked earlier in the call ("食品经营许可多久能办好 … 开药店要带什么材料" asks for materials).
   */
  latest?: string;
}

/** What a question asks, worked out once for every entry suggested for it. */
export interface SuggestQuestion {
  text: string;
  norm: string;
  script: Script;
  /** The normalised latest words, or '' (see SuggestOptions.latest). */
  latest: string;
}

export function suggestQuestion(raw: string, latest?: string): SuggestQuestion {
  const text = raw.length > SUGGEST_MAX_CHARS ? raw.slice(-SUGGEST_MAX_CHARS) : raw;
  const { text: norm, script } = normalise(text);
  return { text, norm, script, latest: latest ? normalise(latest).text : '' };
}

/** One entry as a suggestion for the question: the field it asks for, and the text to read out. */
export function suggestionFor(q: SuggestQuestion, entry: Entry, score: number, match: MatchLevel): Suggestion {
  const fieldsIn = (ignoreInside?: string): Field | undefined =>
    (q.latest ? detectFields(q.latest, ignoreInside).fields[0] : undefined) ?? detectFields(q.norm, ignoreInside).fields[0];
  // A cue inside the entry's own name (资格 in 职业资格) asks for nothing, as in engine.ask.
  const asked = entry.kind === 'faq' ? fieldsIn() : fieldsIn(namesOf(entry));
  const field = fieldForKind(asked, entry.kind);
  const readOut = readOutFor(entry, field, q.norm);
  return {
    entryId: entry.id,
    kind: entry.kind,
    title: entryTitle(entry),
    ...(entry.department ? { department: entry.department } : {}),
    field,
    fieldLabel: FIELD_LABELS[field],
    found: readOut.found,
    readOut: convertScript(readOut.text, q.script),
    score,
    match,
  };
}

export function suggestAnswers(engine: Engine, raw: string, opts: SuggestOptions = {}): Suggestions {
  const limit = opts.limit ?? SUGGESTION_LIMIT;
  const q = suggestQuestion(raw, opts.latest);
  if (!q.norm) return { suggestions: [], decision: 'handoff', handoffReason: 'empty', suggestTicket: false, script: q.script };
  const decision = engine.ask(q.text);
  const candidates: Candidate[] = engine.suggest(q.text, limit);
  const best = candidates[0]?.score ?? 0;
  const suggestions = candidates.flatMap((c) => {
    const entry = engine.entry(c.entryId);
    return entry ? [suggestionFor(q, entry, c.score, suggestionMatch(decision, c.entryId, c.score, best))] : [];
  });
  const reason = decision.kind === 'handoff' ? decision.reason : undefined;
  return {
    suggestions,
    decision: decision.kind,
    ...(reason ? { handoffReason: reason } : {}),
    suggestTicket: reason !== undefined && TICKET_REASONS.has(reason),
    script: q.script,
  };
}
