/**
 * Suggestions for a 12345 operator: the engine's ranked candidates for what the caller said, each
 * with the field the question asks for (mapped onto what that kind of entry can answer) and the
 * text to read out, in the caller's script. The engine's decision comes along, so a complaint or a
 * specific case shows up as "建单" rather than as an answer. Pure and synchronous. The schemas are
 * for what crosses a process: suggestions published to other instances (call-events).
 */
import { z } from 'zod';
import { composeAnswer, convertScript, detectFields, FIELD_LABELS, fieldForKind, normalise } from '../engine';
import { Field, HandoffReason, Script, type Candidate, type DecisionKind, type Engine } from '../engine/types';
import { entryAliases, entryTitle, type Entry, type EntryKind } from '../kb/schema';

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
  /** What to read out to the caller, in the caller's script. */
  readOut: z.string(),
  score: z.number(),
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

export function suggestAnswers(engine: Engine, raw: string, opts: SuggestOptions = {}): Suggestions {
  const limit = opts.limit ?? SUGGESTION_LIMIT;
  const text = raw.length > SUGGEST_MAX_CHARS ? raw.slice(-SUGGEST_MAX_CHARS) : raw;
  const { text: norm, script } = normalise(text);
  if (!norm) return { suggestions: [], decision: 'handoff', handoffReason: 'empty', suggestTicket: false, script };
  const decision = engine.ask(text);
  const candidates: Candidate[] = engine.suggest(text, limit);
  const latest = opts.latest ? normalise(opts.latest).text : '';
  const fieldsIn = (ignoreInside?: string): Field | undefined =>
    (latest ? detectFields(latest, ignoreInside).fields[0] : undefined) ?? detectFields(norm, ignoreInside).fields[0];
  const plainField = fieldsIn();
  const suggestions: Suggestion[] = [];
  for (const c of candidates) {
    const entry = engine.entry(c.entryId);
    if (!entry) continue;
    // A cue inside the entry's own name (资格 in 职业资格) asks for nothing, as in engine.ask.
    const asked = entry.kind === 'faq' ? plainField : fieldsIn(namesOf(entry));
    const field = fieldForKind(asked, entry.kind);
    const composed = composeAnswer(entry, field, norm);
    suggestions.push({
      entryId: c.entryId,
      kind: c.kind,
      title: c.title,
      ...(c.department ? { department: c.department } : {}),
      field,
      fieldLabel: FIELD_LABELS[field],
      found: composed.found,
      readOut: convertScript(composed.text, script),
      score: c.score,
    });
  }
  const reason = decision.kind === 'handoff' ? decision.reason : undefined;
  return {
    suggestions,
    decision: decision.kind,
    ...(reason ? { handoffReason: reason } : {}),
    suggestTicket: reason !== undefined && TICKET_REASONS.has(reason),
    script,
  };
}
