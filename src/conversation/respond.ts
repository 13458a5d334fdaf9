/**
 * A message outside the intake once nothing else claims it: the one piece answering, clarifying,
 * awaiting_rating and live_agent share. A whole-message intent or small talk (smalltalk.ts) gets its
 * short reply (你好, 今天天气怎么样, 你是谁, 谢谢,
 * 转人工, 我要投诉 …), a bare field question continues the previous answer's entry ("那要多久？"), a
 * discovery request ("我们能享受哪些政策") starts the policy dialog, and anything else goes to the
 * engine with the previous entry and field as context.
 */
import { askEngine, answerEntry, declineClarify, requestHandoff } from './answers';
import { extractKnown } from './extract';
import type { TextInput } from './input';
import { detectSignals, normalise, type Script } from '../engine';
import { FIELD_INTENTS, type FieldIntent, type IntentMatch } from './intents';
import { isPolicyDiscovery, startPolicyDialog } from './policy-dialog';
import { replySmallTalk } from './smalltalk';
import { showStatus } from './status';
import { handoffChoice, record, sendText, type DialogDeps, type Turn } from './turn';

/** Values typed before an intake (a phone number in the first message …) are kept for it. */
export function rememberValues(deps: DialogDeps, turn: Turn, text: string): void {
  Object.assign(turn.state.known, extractKnown(text, deps.districts));
}

export async function respond(deps: DialogDeps, turn: Turn, input: TextInput): Promise<void> {
  const { state } = turn;
  const { text, matches } = input;
  const first = matches[0];
  switch (first?.name) {
    case 'greeting':
    case 'chitchat':
    case 'about_bot':
      return replySmallTalk(turn, first.name);
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
      const helpful = first.slot !== 'negative';
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
  const contextEntry = fieldIntent && state.context.entryId ? deps.engine().entry(state.context.entryId) : undefined;
  // Only a turn that cannot stand alone goes to the previous entry: "我们是小微企业，有啥补贴可以领吗"
  // after an item is a new question, though it asks a field.
  if (fieldIntent && contextEntry && contextEntry.kind !== 'faq' && deps.engine().isFollowUp(text, contextEntry.id)) {
    if (await answerEntry(deps, turn, contextEntry.id, FIELD_INTENTS[fieldIntent.name], text, 'context')) return;
  }
  // "我们能享受哪些政策": the policy dialog, unless the text follows up the previous entry (above),
  // names a policy, asks about a service item the knowledge base answers outright (the discovery
  // classifier is small: "卖感冒药的小铺子咋弄" is an item's question), or reports a problem
  // ("物业乱收费" is a complaint, not a question about fees).
  if (isPolicyDiscovery(deps, text) && !(await elsewhere(deps, text, state.script))) return startPolicyDialog(deps, turn);
  return askEngine(deps, turn, text);
}

/** What the engine reads as a report (a complaint, the user's own case, a person asked for): not a request for policies. */
const REPORTS: ReadonlySet<string> = new Set(['complaint', 'specific_case', 'asked_for_person']);

/**
 * Whether the text belongs elsewhere than the policy dialog: it reports a problem (the engine
 * answers it or hands it off), or the knowledge base answers it outright with a service item (not
 * a FAQ or a policy), by the engine or by the semantic layer where the engine does not answer.
 */
async function elsewhere(deps: DialogDeps, text: string, script: Script): Promise<boolean> {
  if (detectSignals(normalise(text).text).some((s) => REPORTS.has(s.reason))) return true;
  const lexical = deps.engine().ask(text, { script });
  const decision = lexical.kind !== 'answer' && deps.refine ? await deps.refine(text, lexical) : lexical;
  return decision.kind === 'answer' && deps.engine().entry(decision.entryId)?.kind === 'item';
}
