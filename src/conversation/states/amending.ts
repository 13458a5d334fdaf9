/**
 * State `amending`: "which field should change?" (after 修改 at the summary, or "我填错了" during the
 * intake). A field named (by button or in words: "电话") asks it again, with a new value taken at
 * once ("电话改成139…"); 好的 / 没有 goes back to where the intake was (the next missing slot, or
 * the summary); 取消 cancels (→ answering); anything else asks again.
 */
import { hasIntent, type StateInput } from '../input';
import { advance, askWhich, cancelIntake, editSlot, intakeAside } from '../intake';
import type { IntakeSlot } from '../state';
import type { DialogDeps, Turn } from '../turn';

export async function amending(deps: DialogDeps, turn: Turn, input: StateInput): Promise<void> {
  const open = turn.state.intake;
  if (!open || (await intakeAside(deps, turn, input)) || input.kind === 'handoff') return;
  const { text, matches } = input;
  if (hasIntent(matches, 'cancel')) return cancelIntake(turn);
  const slotNamed = (matches.find((m) => m.name === 'correct')?.slot ?? deps.intents.slot('correct', text)) as IntakeSlot | undefined;
  if (slotNamed) return editSlot(deps, turn, open, slotNamed, text);
  // "没有要改的": back to where the intake was (the summary, or the next missing value).
  if (hasIntent(matches, 'confirm') || hasIntent(matches, 'deny')) return advance(deps, turn, open);
  return askWhich(deps, turn, open);
}
