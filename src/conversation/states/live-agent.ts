/**
 * State `live_agent`: reserved for a live-agent bridge, where a person takes the conversation over.
 * No such bridge exists and nothing in this version enters the state (the hand-off files a ticket
 * instead). A session found in it (marked by a newer version) is released on its next turn: the
 * mark is dropped and the input handled as in answering, so no session is ever stuck here.
 */
import { requestHandoff } from '../answers';
import type { StateInput } from '../input';
import { rememberValues, respond } from '../respond';
import { showStatus } from '../status';
import type { DialogDeps, Turn } from '../turn';

export async function liveAgent(deps: DialogDeps, turn: Turn, input: StateInput): Promise<void> {
  turn.state.liveAgent = undefined;
  if (input.kind === 'handoff') return requestHandoff(deps, turn, 'asked_for_person', 'action');
  rememberValues(deps, turn, input.text);
  if (input.ticketId) return showStatus(deps, turn, input.ticketId);
  return respond(deps, turn, input);
}
