/**
 * State `awaiting_rating`: a resolved ticket's status asked for a 1-5 rating. A typed score ("5",
 * "5分", "非常满意") rates it (→ answering); the buttons work from any state (interrupts.ts). Anything
 * else is handled as in answering and the rating stays asked for, until a clarify question (where "2"
 * picks an option) or an intake replaces it.
 */
import { requestHandoff } from '../answers';
import type { StateInput } from '../input';
import { rememberValues, respond } from '../respond';
import { rateTicket, showStatus } from '../status';
import type { DialogDeps, Turn } from '../turn';

export async function awaitingRating(deps: DialogDeps, turn: Turn, input: StateInput): Promise<void> {
  if (input.kind === 'handoff') return requestHandoff(deps, turn, 'asked_for_person', 'action');
  rememberValues(deps, turn, input.text);
  if (input.ticketId) return showStatus(deps, turn, input.ticketId);
  const pending = turn.state.satisfaction;
  if (pending && input.score !== undefined) return rateTicket(deps, turn, pending.ticketId, input.score);
  return respond(deps, turn, input);
}
