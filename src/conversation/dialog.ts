/**
 * Routes one user input to what handles it. Order matters, most specific first:
 *
 *   button action ─▶ choose / 转人工 / 👍👎 / rate
 *   text ─▶ intake open?      ─▶ the intake (cancel, correct, confirm, the asked value)
 *        ─▶ a ticket id?      ─▶ status
 *        ─▶ rating pending?   ─▶ "5分" rates
 *        ─▶ clarify pending?  ─▶ "第二个" / a name picks; "不是" declines
 *        ─▶ whole-message intents (你好, 谢谢, 转人工, 我要投诉, 取消 …)
 *        ─▶ bare field question with a previous answer ("那要多久？") ─▶ same entry, that field
 *        ─▶ the engine (with the previous entry and field as context)
 */
import { countHan, normalise, type Script } from '../engine';
import { entryTitle } from '../kb/schema';
import { answerClarifyChoice, answerEntry, askEngine, declineClarify, entryNames, requestHandoff, sendDecision } from './answers';
import { pickOption } from './clarify';
import { extractKnown } from './extract';
import { continueIntake, remindIntake } from './intake';
import { FIELD_INTENTS, type FieldIntent, type IntentMatch } from './intents';
import { findTicketId, parseScore, rateTicket, showStatus } from './status';
import { handoffChoice, record, sendText, t, type DialogDeps, type Turn } from './turn';
import type { UserInput } from './types';

/** Below this many Han characters a text may be script-neutral ("那要多久"): keep the session's script. */
const SCRIPT_EVIDENCE = 6;
/** Intake steps where a question is more likely a new question than a value. */
const QUESTION_LIKE = /[?？]|什么|怎么|哪|吗|多久|多少|如何|能否|是否/u;

const has = (matches: readonly IntentMatch[], name: IntentMatch['name']) => matches.some((m) => m.name === name);

export function sessionScript(text: string, previous: Script): Script {
  const { script } = normalise(text);
  if (script === 'traditional') return 'traditional';
  return countHan(text) >= SCRIPT_EVIDENCE ? 'simplified' : previous;
}

export async function handleInput(deps: DialogDeps, turn: Turn, input: UserInput): Promise<void> {
  if ('text' in input) return handleText(deps, turn, input.text);
  const { state } = turn;
  switch (input.action) {
    case 'choose': {
      const entry = deps.engine().entry(input.entryId);
      turn.userText = entry ? entryTitle(entry) : input.entryId;
      if (!(await answerClarifyChoice(deps, turn, input.entryId))) sendText(turn, 'invalid_message');
      return remindIntake(deps, turn);
    }
    case 'handoff':
      turn.userText = t(turn, 'choice_handoff');
      if (state.intake) return remindIntake(deps, turn);
      return requestHandoff(deps, turn, 'asked_for_person', 'action');
    case 'feedback':
      if (state.answerTurns.includes(input.turnId))
        record(turn, { kind: 'feedback', turnId: input.turnId, feedback: { helpful: input.helpful, via: 'button' } });
      if (input.helpful) sendText(turn, 'feedback_helpful');
      else sendText(turn, 'feedback_unhelpful', undefined, [handoffChoice(turn)]);
      return;
    case 'rate':
      turn.userText = t(turn, 'score_label', { score: input.score });
      await rateTicket(deps, turn, input.ticketId, input.score);
      return remindIntake(deps, turn);
  }
}

async function handleText(deps: DialogDeps, turn: Turn, text: string): Promise<void> {
  const { state } = turn;
  turn.userText = text;
  state.script = sessionScript(text, state.script);
  const matches = deps.intents.match(text);
  const ticketId = findTicketId(text);

  if (state.intake) {
    // A ticket id is a status question, except as the demand itself ("QH-… 还没处理").
    if (!text.trim() || (ticketId && state.intake.step !== 'summary')) {
      if (ticketId) await showStatus(deps, turn, ticketId);
      return remindIntake(deps, turn);
    }
    if (await answeredInstead(deps, turn, text, matches)) return;
    return continueIntake(deps, turn, text, matches);
  }

  Object.assign(state.known, extractKnown(text, deps.districts));

  if (ticketId) return showStatus(deps, turn, ticketId);

  if (state.satisfaction) {
    const score = parseScore(text);
    if (score !== undefined) return rateTicket(deps, turn, state.satisfaction.ticketId, score);
  }

  if (state.clarify) {
    const { options } = state.clarify;
    // "您想问的是不是这一项？" — "是的" takes the one entry offered.
    const picked = pickOption(text, options, entryNames(deps)) ?? (options.length === 1 && has(matches, 'confirm') ? options[0] : undefined);
    if (picked) {
      await answerClarifyChoice(deps, turn, picked.entryId);
      return;
    }
    if (has(matches, 'deny') || has(matches, 'cancel')) return declineClarify(turn);
    state.clarify = undefined;
  }

  const first = matches[0]?.name;
  switch (first) {
    case 'greeting':
      return sendText(turn, 'greeting');
    case 'thanks':
      return sendText(turn, 'thanks');
    case 'goodbye':
      return sendText(turn, 'goodbye');
    case 'ask_person':
      return requestHandoff(deps, turn, 'asked_for_person', 'intent');
    case 'complaint':
      return requestHandoff(deps, turn, 'complaint', 'intent');
    case 'ticket_status': {
      const last = state.tickets[state.tickets.length - 1];
      return last ? showStatus(deps, turn, last) : sendText(turn, 'status_need_id');
    }
    case 'feedback': {
      const helpful = matches[0]?.slot !== 'negative';
      const turnId = state.answerTurns[state.answerTurns.length - 1];
      record(turn, { kind: 'feedback', question: text, ...(turnId ? { turnId } : {}), feedback: { helpful, via: 'text' } });
      if (helpful) return sendText(turn, 'feedback_positive');
      return sendText(turn, 'feedback_negative', undefined, [handoffChoice(turn)]);
    }
    case 'cancel':
      return sendText(turn, 'nothing_to_cancel');
    case 'confirm':
      return sendText(turn, 'ack');
    case 'deny':
      return declineClarify(turn);
  }

  // An FAQ has one answer and no fields: a follow-up to it is a new question for the engine.
  const fieldIntent = matches.find((m): m is IntentMatch & { name: FieldIntent } => m.name in FIELD_INTENTS);
  const contextEntry = state.context.entryId ? deps.engine().entry(state.context.entryId) : undefined;
  // Only a turn that cannot stand alone goes to the previous entry: "我们是小微企业，有啥补贴可以领吗"
  // after an item is a new question, though it asks a field.
  if (fieldIntent && contextEntry && contextEntry.kind !== 'faq' && deps.engine().isFollowUp(text, contextEntry.id)) {
    if (await answerEntry(deps, turn, contextEntry.id, FIELD_INTENTS[fieldIntent.name], text, 'context')) return;
  }
  return askEngine(deps, turn, text);
}

/**
 * While the intake asks for a name, a question ("开药店要什么材料？") is a new question, not a
 * company called that: answer it and keep what was collected for when the user comes back.
 */
async function answeredInstead(deps: DialogDeps, turn: Turn, text: string, matches: readonly IntentMatch[]): Promise<boolean> {
  const intake = turn.state.intake;
  if (!intake || (intake.step !== 'name' && intake.step !== 'contactName')) return false;
  const fieldQuestion = matches.some((m) => m.name in FIELD_INTENTS);
  if (!fieldQuestion && !QUESTION_LIKE.test(text)) return false;
  const { context } = turn.state;
  const decision = deps.engine().ask(text, {
    context: { ...(context.entryId ? { entryId: context.entryId } : {}), ...(context.field ? { field: context.field } : {}) },
    script: turn.state.script,
  });
  if (decision.kind !== 'answer') return false;
  const { summary: _summary, detail: _detail, ...keep } = intake.values;
  turn.state.known = { ...turn.state.known, ...keep };
  turn.state.intake = undefined;
  await sendDecision(deps, turn, decision, text, 'engine');
  sendText(turn, 'intake_paused');
  return true;
}
