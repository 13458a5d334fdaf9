/**
 * State `live_agent`: the session waits for a person, or one answers (live-handoff.ts, live/*.ts).
 * Every message goes to the operator console, not the engine; while waiting the user hears the
 * place in the queue again, and 取消 leaves it. The operator's replies and their ending, handing
 * back or filing a ticket reach the session as events (live-events.ts), not turns.
 *
 * A mark the live desk does not know (the conversation ended meanwhile, the desk's store was reset,
 * or no desk is configured) is released: dropped, and the input handled as in answering.
 */
import { requestHandoff } from '../answers';
import type { StateInput } from '../input';
import { leaveQueueChoice, placeText } from '../live-handoff';
import { rememberValues, respond } from '../respond';
import { showStatus } from '../status';
import { send, sendText, t, type DialogDeps, type Turn } from '../turn';
import { normalise } from '../../engine';

async function release(deps: DialogDeps, turn: Turn, input: StateInput): Promise<void> {
  turn.state.liveAgent = undefined;
  if (input.kind === 'handoff') return requestHandoff(deps, turn, 'asked_for_person', 'action');
  rememberValues(deps, turn, input.text);
  if (input.ticketId) return showStatus(deps, turn, input.ticketId);
  return respond(deps, turn, input);
}

export async function liveAgent(deps: DialogDeps, turn: Turn, input: StateInput): Promise<void> {
  const desk = deps.live;
  const held = desk ? await desk.get(turn.sessionId) : undefined;
  const mark = turn.state.liveAgent;
  if (!desk || !held || !mark) return release(deps, turn, input);
  mark.status = held.status;
  if (held.operator) mark.operator = held.operator.display;
  const waiting = held.status === 'waiting';
  // 取消 / 算了, or the 取消排队 button (its label comes back as text).
  const leaving = input.kind === 'cancel' || (input.kind !== 'handoff' && normalise(input.text).text.replace(/\s/g, '') === normalise(t(turn, 'choice_leave_queue')).text.replace(/\s/g, ''));
  if (waiting && leaving) {
    await desk.leave(turn.sessionId);
    turn.state.liveAgent = undefined;
    return sendText(turn, 'live_left');
  }
  const text = input.kind === 'handoff' ? '' : input.text.trim();
  if (text) await desk.userMessage(turn.sessionId, text, turn.at);
  if (!waiting) return; // the operator answers
  const place = await desk.place(turn.sessionId);
  if (!place) return sendText(turn, 'live_already');
  send(turn, { type: 'text', text: placeText(turn, place, 'live_waiting'), choices: [leaveQueueChoice(turn)] });
}
