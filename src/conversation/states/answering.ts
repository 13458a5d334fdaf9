/**
 * State `answering`: nothing pending. A ticket id shows that ticket's status (a resolved one asks for
 * a rating: → awaiting_rating); 转人工 (button or words) and 我要投诉 start the intake; everything
 * else is answered (respond.ts): an answer stays here, a clarify question → clarifying, a hand-off
 * the engine decides → intake.
 */
import { requestHandoff } from '../answers';
import type { StateInput } from '../input';
import { rememberValues, respond } from '../respond';
import { showStatus } from '../status';
import type { DialogDeps, Turn } from '../turn';

export async function answering(deps: DialogDeps, turn: Turn, input: StateInput): Promise<void> {
  if (input.kind === 'handoff') return requestHandoff(deps, turn, 'asked_for_person', 'action');
  rememberValues(deps, turn, input.text);
  if (input.ticketId) return showStatus(deps, turn, input.ticketId);
  return respond(deps, turn, input);
}
