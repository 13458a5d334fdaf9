/**
 * Engine decisions turned into messages: an answer card, clarify choices, or a hand-off that
 * starts the intake (or, for a question outside everything qihu and the routing table know, offers it). Also answers about a known entry: a clarify option picked by the user, and
 * bare field follow-ups ("那要多久？") about the entry of the previous answer.
 */
import { randomUUID } from 'node:crypto';
import { HANDOFF_TEXT, toSimplified, type Candidate, type Decision, type Field, type HandoffReason } from '../engine';
import { entryAliases } from '../kb/schema';
import { answerFromEntry, buildCard } from './card';
import { startIntake } from './intake';
import { offerPerson } from './live-handoff';
import { exampleChoices } from './smalltalk';
import type { RecordVia as Via } from './records';
import type { OfferedEntry } from './state';
import { USER_TEXT_MAX } from './types';
import { handoffChoice, inScript, record, send, sendText, type DialogDeps, type Turn } from './turn';

/** Hand-offs that are not a demand for a department: say so and offer a person, file nothing. */
const NO_INTAKE: readonly HandoffReason[] = ['prompt_injection', 'invalid_input', 'empty'];
const ANSWER_TURNS_KEPT = 50;

// Look-alike choices carry a label that tells them apart (the department, the sub-item): show that.
const offered = (c: Candidate): OfferedEntry =>
  c.department === undefined
    ? { entryId: c.entryId, title: (c.label ?? c.title).slice(0, 200), score: c.score }
    : { entryId: c.entryId, title: (c.label ?? c.title).slice(0, 200), department: c.department.slice(0, 100), score: c.score };

export async function askEngine(deps: DialogDeps, turn: Turn, question: string): Promise<void> {
  const { context } = turn.state;
  const lexical = deps.engine().ask(question, {
    context: { ...(context.entryId ? { entryId: context.entryId } : {}), ...(context.field ? { field: context.field } : {}) },
    script: turn.state.script,
  });
  const refined = deps.refine ? await deps.refine(question, lexical) : lexical;
  const decision = reportOrAsIs(deps, turn, refined, question);
  return sendDecision(deps, turn, decision, question, 'retrieval' in decision && decision.retrieval === 'embedding' ? 'embedding' : 'engine');
}

/** Decisions that leave a report about a place unanswered: options to pick, or "不在范围内". */
const UNANSWERED: readonly HandoffReason[] = ['low_confidence', 'out_of_scope'];

/**
 * "小区门口的路灯坏了好几天了": the knowledge base has no answer for it, and the routing table says it
 * is about a place a department looks after. Offering look-alike entries or "out of scope" would
 * miss it: it goes to the intake as a report, which asks where.
 */
function reportOrAsIs(deps: DialogDeps, turn: Turn, decision: Decision, question: string): Decision {
  const unanswered = decision.kind === 'clarify' || (decision.kind === 'handoff' && UNANSWERED.includes(decision.reason));
  if (!unanswered || !deps.tickets.assessDemand(toSimplified(question)).located) return decision;
  const { confidence, candidates, field, script } = decision;
  return { kind: 'handoff', reason: 'complaint', text: inScript(turn, HANDOFF_TEXT.complaint), confidence, candidates, field, script };
}

export async function sendDecision(deps: DialogDeps, turn: Turn, decision: Decision, question: string, via: Via): Promise<void> {
  const { state } = turn;
  const candidates = decision.candidates.map(offered);
  const base = {
    question,
    via,
    confidence: decision.confidence,
    candidates: decision.candidates.map((c) => c.entryId),
  };
  state.clarify = undefined;
  switch (decision.kind) {
    case 'answer': {
      const entry = deps.engine().entry(decision.entryId);
      const turnId = randomUUID();
      send(turn, {
        type: 'answer',
        text: decision.text,
        turnId,
        entryId: decision.entryId,
        field: decision.field,
        ...(entry ? { card: buildCard(entry, decision.field, question, state.script) } : {}),
      });
      state.context = { entryId: decision.entryId, field: decision.field };
      state.answerTurns = [...state.answerTurns, turnId].slice(-ANSWER_TURNS_KEPT);
      state.lastQuestion = { text: question.slice(0, USER_TEXT_MAX), answered: true, candidates };
      record(turn, { ...base, kind: 'answer', turnId, entryId: decision.entryId, field: decision.field });
      return;
    }
    case 'clarify': {
      // One likely entry (a yes/no question), up to four, or up to ten sub-items of one matter.
      const options = candidates.slice(0, 10);
      state.clarify = { options, field: decision.field, question: question.slice(0, USER_TEXT_MAX) };
      // "2" now picks an option, not a rating asked for earlier.
      state.satisfaction = undefined;
      state.lastQuestion = { text: question.slice(0, USER_TEXT_MAX), answered: false, candidates };
      send(turn, {
        type: 'clarify',
        text: decision.text,
        choices: options.map((o) => ({ label: inScript(turn, o.title), input: { action: 'choose', entryId: o.entryId } })),
      });
      record(turn, { ...base, kind: 'clarify', ...(decision.field ? { field: decision.field } : {}) });
      return;
    }
    case 'handoff': {
      record(turn, { ...base, kind: 'handoff', reason: decision.reason, ...(decision.field ? { field: decision.field } : {}) });
      if (NO_INTAKE.includes(decision.reason)) {
        send(turn, { type: 'text', text: decision.text, choices: [handoffChoice(turn)] });
        return;
      }
      state.lastQuestion = { text: question.slice(0, USER_TEXT_MAX), answered: false, candidates };
      if (decision.reason === 'out_of_scope' && !deps.tickets.assessDemand(toSimplified(question)).matched) {
        // Outside the knowledge base and naming no matter a department handles ("北京今天多少度",
        // "帮我订一张机票"): not filed unasked. A person is offered (转人工 files this question as
        // the demand), with what the assistant can answer.
        send(turn, { type: 'handoff', text: decision.text, choices: [handoffChoice(turn), ...exampleChoices(turn)] });
        return;
      }
      const live = await offerPerson(deps, turn, { reason: decision.reason, demand: question, candidates });
      if (live.queued) return;
      // The engine's own words say why; they promise no one answering now.
      await startIntake(deps, turn, { reason: decision.reason, why: decision.text, demand: question, candidates });
      return;
    }
  }
}

/** Answers a known entry without searching: a picked clarify option, or a follow-up in context. */
export async function answerEntry(
  deps: DialogDeps,
  turn: Turn,
  entryId: string,
  field: Field | null | undefined,
  question: string,
  via: Via,
  candidates: Candidate[] = [],
): Promise<boolean> {
  const decision = answerFromEntry(deps.engine(), entryId, field, question, turn.state.script, candidates);
  if (!decision) return false;
  await sendDecision(deps, turn, decision, question, via);
  return true;
}

/** The user's reply to a clarify question, if it names one of the options. */
export async function answerClarifyChoice(deps: DialogDeps, turn: Turn, entryId: string): Promise<boolean> {
  const pending = turn.state.clarify;
  const option = pending?.options.find((o) => o.entryId === entryId);
  if (pending && option) {
    const candidates = pending.options.flatMap((o): Candidate[] => {
      const entry = deps.engine().entry(o.entryId);
      return entry ? [{ ...o, kind: entry.kind }] : [];
    });
    return answerEntry(deps, turn, option.entryId, pending.field, pending.question, 'choice', candidates);
  }
  // A button from an older message: still a fair question about that entry.
  return answerEntry(deps, turn, entryId, turn.state.context.entryId === entryId ? turn.state.context.field : null, '', 'choice');
}

export const entryNames = (deps: DialogDeps) => (entryId: string): readonly string[] => {
  const entry = deps.engine().entry(entryId);
  return entry ? entryAliases(entry) : [];
};

/** A hand-off the user asked for (转人工, 我要投诉, the 转人工 button), not one the engine decided. */
export async function requestHandoff(deps: DialogDeps, turn: Turn, reason: Extract<HandoffReason, 'asked_for_person' | 'complaint'>, via: Via): Promise<void> {
  const last = turn.state.lastQuestion;
  // The demand is the question the assistant could not answer just before, if there was one.
  const demand = last && !last.answered ? last.text : undefined;
  const candidates = last?.candidates ?? [];
  record(turn, { kind: 'handoff', reason, via, ...(turn.userText ? { question: turn.userText } : {}), candidates: candidates.map((c) => c.entryId) });
  turn.state.clarify = undefined;
  const live = await offerPerson(deps, turn, { reason, ...(demand ? { demand } : {}), candidates });
  if (live.queued) return;
  await startIntake(deps, turn, { reason, why: live.why ?? inScript(turn, HANDOFF_TEXT[reason]), ...(demand ? { demand } : {}), candidates });
}

export function declineClarify(turn: Turn): void {
  turn.state.clarify = undefined;
  sendText(turn, 'clarify_declined', undefined, [handoffChoice(turn)]);
}
