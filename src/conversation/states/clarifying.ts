/**
 * State `clarifying`: the engine offered options ("您想问的是哪一项？", or "是不是这一项？" with one).
 * "第二个" / "2" / "最后一个" / an option's name picks it (and "是的" the one option of a yes/no
 * question): answered (→ answering). "都不是" / 取消 drops the options and offers 换个说法 / 转人工.
 * Anything else is a new question: the options are dropped and it is handled as in answering.
 */
import { answerClarifyChoice, declineClarify, entryNames, requestHandoff } from '../answers';
import { pickOption } from '../clarify';
import { hasIntent, type StateInput } from '../input';
import { rememberValues, respond } from '../respond';
import { showStatus } from '../status';
import type { DialogDeps, Turn } from '../turn';

export async function clarifying(deps: DialogDeps, turn: Turn, input: StateInput): Promise<void> {
  if (input.kind === 'handoff') return requestHandoff(deps, turn, 'asked_for_person', 'action');
  const { state } = turn;
  const { text, matches } = input;
  rememberValues(deps, turn, text);
  if (input.ticketId) return showStatus(deps, turn, input.ticketId);
  const pending = state.clarify;
  if (pending) {
    const { options } = pending;
    // "您想问的是不是这一项？" — "是的" takes the one entry offered.
    const picked = pickOption(text, options, entryNames(deps)) ?? (options.length === 1 && hasIntent(matches, 'confirm') ? options[0] : undefined);
    if (picked) {
      await answerClarifyChoice(deps, turn, picked.entryId);
      return;
    }
    if (hasIntent(matches, 'deny') || hasIntent(matches, 'cancel')) return declineClarify(turn);
    state.clarify = undefined;
  }
  return respond(deps, turn, input);
}
