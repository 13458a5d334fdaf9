/**
 * What eval measures: any system that turns a question into a decision. qihu and the baselines are
 * wrapped to this one shape so every figure is computed by the same code.
 */
import type { Decision, DecisionKind, Field } from '../../src/engine/types';
import type { Engine } from '../../src/engine/types';

export interface Outcome {
  decision: DecisionKind;
  /** The entry answered with; null unless decision is 'answer'. */
  entryId: string | null;
  /** Look-alike entries the answer holds for word for word (qihu's `alsoFor`); empty otherwise. */
  alsoFor?: string[];
  field: Field | null;
  /** Ranked entry ids, best first. */
  candidates: string[];
  confidence: number | null;
}

export interface System {
  name: string;
  /** One line on how it was built (training time, capped or not), printed with the results. */
  info?: string;
  ask(text: string): Outcome | Promise<Outcome>;
}

export function outcomeOf(decision: Decision): Outcome {
  return {
    decision: decision.kind,
    entryId: decision.kind === 'answer' ? decision.entryId : null,
    ...(decision.kind === 'answer' && decision.alsoFor ? { alsoFor: decision.alsoFor } : {}),
    field: decision.field,
    candidates: decision.candidates.map((c) => c.entryId),
    confidence: decision.confidence,
  };
}

export function engineSystem(name: string, engine: Engine, info?: string): System {
  return { name, info, ask: (text) => outcomeOf(engine.ask(text)) };
}
