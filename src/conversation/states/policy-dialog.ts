/**
 * State `policy_dialog` ("我们能享受哪些政策"): the credit code asked for (step code), the enterprise
 * found in the registry to confirm (step confirm), or one fact asked for (step question), at most
 * five questions, then the result (→ answering). 取消 ends it; 转人工 or a complaint starts the
 * intake; a message that is no answer and reads as a question of its own (six Han characters or
 * more) ends the dialog and is answered as in answering; a short one is asked again.
 */
import { countHan } from '../../engine';
import { requestHandoff } from '../answers';
import { hasIntent, type StateInput } from '../input';
import { askAgain, askNext, confirmEnterprise, creditCodeIn, declineEnterprise, isSkip, lookUpCode, takeAnswer } from '../policy-dialog';
import { sayPolicy } from '../policy-messages';
import { respond } from '../respond';
import { send, type DialogDeps, type Turn } from '../turn';

/** A message this long that answers nothing is a new question, not a bad answer. */
const OWN_QUESTION_HAN = 6;

export async function policyDialog(deps: DialogDeps, turn: Turn, input: StateInput): Promise<void> {
  const { state } = turn;
  const dialog = state.policy;
  const end = () => {
    state.policy = undefined;
  };
  if (!dialog || !deps.policies) {
    end();
    if (input.kind === 'handoff') return requestHandoff(deps, turn, 'asked_for_person', 'action');
    return respond(deps, turn, input);
  }
  if (input.kind === 'handoff') {
    end();
    return requestHandoff(deps, turn, 'asked_for_person', 'action');
  }
  if (input.kind === 'cancel') {
    end();
    send(turn, { type: 'text', text: sayPolicy('cancelled', state.script) });
    return;
  }
  if (input.kind === 'ask_person' || input.kind === 'complaint') {
    end();
    return requestHandoff(deps, turn, input.kind === 'complaint' ? 'complaint' : 'asked_for_person', 'intent');
  }
  const { text, matches } = input;
  const declined = hasIntent(matches, 'no_value') || hasIntent(matches, 'deny');

  if (dialog.step === 'code' || dialog.step === 'confirm') {
    const code = creditCodeIn(text);
    if (code?.valid) return lookUpCode(deps, turn, code.code);
    if (code) {
      send(turn, { type: 'text', text: sayPolicy('code_invalid', state.script) });
      return;
    }
    if (dialog.step === 'confirm' && hasIntent(matches, 'confirm')) return confirmEnterprise(deps, turn);
    if (dialog.step === 'confirm' && declined) return declineEnterprise(deps, turn);
    if (text.trim() === sayPolicy('choice_questions', state.script) || declined) {
      dialog.enterprise = undefined;
      return askNext(deps, turn);
    }
  } else if (takeAnswer(deps, turn, text, isSkip(turn, text) || declined)) return;

  if (countHan(text) >= OWN_QUESTION_HAN) {
    end();
    return respond(deps, turn, input);
  }
  return askAgain(deps, turn);
}
