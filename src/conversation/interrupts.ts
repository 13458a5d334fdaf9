/**
 * Buttons that mean the same in every state: a clarify choice (also one from an older message), 👍/👎
 * on an answer, a rating. They leave the state as it was, except what they settle: a choice answers
 * (clarifying → answering), a rating ends awaiting_rating. An open intake is asked for again after.
 */
import { answerClarifyChoice } from './answers';
import type { InterruptInput } from './input';
import { remindIntake } from './intake';
import { rateTicket } from './status';
import { handoffChoice, record, sendText, type DialogDeps, type Turn } from './turn';

export async function interrupt(deps: DialogDeps, turn: Turn, input: InterruptInput): Promise<void> {
  switch (input.kind) {
    case 'choose':
      if (!(await answerClarifyChoice(deps, turn, input.entryId))) sendText(turn, 'invalid_message');
      return remindIntake(deps, turn);
    case 'feedback':
      if (turn.state.answerTurns.includes(input.turnId))
        record(turn, { kind: 'feedback', turnId: input.turnId, feedback: { helpful: input.helpful, via: 'button' } });
      if (input.helpful) sendText(turn, 'feedback_helpful');
      else sendText(turn, 'feedback_unhelpful', undefined, [handoffChoice(turn)]);
      return;
    case 'rate':
      await rateTicket(deps, turn, input.ticketId, input.score);
      return remindIntake(deps, turn);
  }
}
