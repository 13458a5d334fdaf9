/**
 * Small talk ("今天天气怎么样", "讲个笑话", "你是谁"): not a demand, so no intake, but a polite answer
 * and what the assistant can do. The `similar` intents (intents/chitchat.json, about_bot.json) guess
 * it from their training utterances; the guess is dropped when the text holds anything of a
 * government service, so a real demand still reaches the engine and the hand-off:
 *
 *   - a signal the engine acts on (a complaint, a request for a person, the user's own case, an
 *     attempt to steer the bot): "天气太热了工地还不让停工，我要投诉";
 *   - a matter the routing table knows (knowledge-base/routing.json: 路灯, 噪音, 欠薪 …);
 *   - a word the knowledge base uses that small talk's training utterances do not ("今天能办营业执照吗").
 */
import { toSimplified, type HandoffReason } from '../engine';
import { EXAMPLE_QUESTIONS } from './messages';
import { inScript, send, t, type DialogDeps, type Turn } from './turn';
import type { Choice } from './types';

/** Hand-off reasons that mean the text is a demand or needs the engine's own reply. */
const DEMAND_SIGNALS: readonly HandoffReason[] = ['complaint', 'asked_for_person', 'specific_case', 'prompt_injection'];

/** True when the text is about a government service after all: the small-talk guess is dropped. */
export function isServiceText(deps: Pick<DialogDeps, 'engine' | 'tickets' | 'intents'>, text: string): boolean {
  const engine = deps.engine();
  const decision = engine.ask(text);
  if (decision.kind === 'handoff' && DEMAND_SIGNALS.includes(decision.reason)) return true;
  if (deps.tickets.assessDemand(toSimplified(text)).matched) return true;
  return engine.vocabulary(text).some((word) => !deps.intents.learned(word));
}

/** The example questions as buttons: what the assistant answers. */
export function exampleChoices(turn: Turn): Choice[] {
  return EXAMPLE_QUESTIONS.map((q) => ({ label: inScript(turn, q), input: { text: q } }));
}

/** A greeting, small talk or a question about the assistant: a polite word and the examples. */
export function replySmallTalk(turn: Turn, code: 'greeting' | 'chitchat' | 'about_bot'): void {
  send(turn, { type: 'text', text: t(turn, code), choices: exampleChoices(turn) });
}
