/**
 * State `intake`: the hand-off intake is asking for one slot (企业名称 → 统一社会信用代码 → 所在区县 →
 * 联系人 → 联系电话 → 诉求). The answer is checked as the ticket schema will check it; a wrong one is
 * explained and asked again, other values in the same message fill empty slots, and the next missing
 * slot (intake) or the summary (confirming) follows.
 *
 * Also here: 取消 (→ answering), a correction ("电话填错了" → that slot; "我填错了" → amending),
 * chatter (你好, 转人工, 好的 → "请继续填写" and the question again), and a new question where a
 * name is asked ("开药店要什么材料？" → answered, the values kept: → answering).
 */
import { sendDecision } from '../answers';
import { extractKnown, parseSlot } from '../extract';
import { hasIntent, type StateInput, type TextInput } from '../input';
import { compactForms, FIELD_INTENTS } from '../intents';
import { advance, askSlot, askWhich, cancelIntake, editSlot, intakeAside, problemText, remindIntake } from '../intake';
import type { IntakeSlot, IntakeValues } from '../state';
import { sendText, type DialogDeps, type Turn } from '../turn';

/** Intake steps where a question is more likely a new question than a value. */
const QUESTION_LIKE = /[?？]|什么|怎么|哪|吗|多久|多少|如何|能否|是否/u;
/** A correction must be short to count at the summary step, where "我想修改营业执照地址" is a demand. */
const SHORT_CORRECTION = 12;
/** Not an answer to the question asked: the question is asked again. */
const CHATTER = ['greeting', 'thanks', 'goodbye', 'ask_person', 'confirm', 'deny', 'feedback'] as const;

export async function intake(deps: DialogDeps, turn: Turn, input: StateInput): Promise<void> {
  const open = turn.state.intake;
  if (!open || (await intakeAside(deps, turn, input)) || input.kind === 'handoff') return;
  if (await answeredInstead(deps, turn, input)) return;
  const { text, matches } = input;
  if (hasIntent(matches, 'cancel')) return cancelIntake(turn);
  const step = open.step as IntakeSlot;
  const correction = matches.find((m) => m.name === 'correct');
  if (correction) {
    const short = Array.from(compactForms(text).compact).length <= SHORT_CORRECTION;
    if (step !== 'summary' || short) {
      if (correction.slot) return editSlot(deps, turn, open, correction.slot as IntakeSlot, text);
      if (short) return askWhich(turn, open);
    }
  }
  if (CHATTER.some((name) => hasIntent(matches, name))) return remindIntake(deps, turn);
  const found = extractKnown(text, deps.districts);
  // "我叫李四，电话…" when asked for the company: contact details, not a company called 我叫李四.
  if (step === 'name' && found.contactName && !found.name) {
    Object.assign(open.values, found);
    return advance(deps, turn, open);
  }
  const r = parseSlot(step, text, deps.districts);
  if (!r.ok) return askSlot(deps, turn, step, problemText(turn, r.problem));
  // Other values in the same message fill slots still empty; they never overwrite.
  for (const [key, value] of Object.entries(found) as [keyof IntakeValues, string][])
    if (!open.values[key] && !(key in r.values) && key !== 'town') open.values[key] = value;
  Object.assign(open.values, r.values);
  return advance(deps, turn, open);
}

/**
 * While the intake asks for a name, a question ("开药店要什么材料？") is a new question, not a
 * company called that: answer it and keep what was collected for when the user comes back.
 */
async function answeredInstead(deps: DialogDeps, turn: Turn, input: TextInput): Promise<boolean> {
  const open = turn.state.intake;
  if (!open || (open.step !== 'name' && open.step !== 'contactName')) return false;
  const { text, matches } = input;
  const fieldQuestion = matches.some((m) => m.name in FIELD_INTENTS);
  if (!fieldQuestion && !QUESTION_LIKE.test(text)) return false;
  const { context } = turn.state;
  const decision = deps.engine().ask(text, {
    context: { ...(context.entryId ? { entryId: context.entryId } : {}), ...(context.field ? { field: context.field } : {}) },
    script: turn.state.script,
  });
  if (decision.kind !== 'answer') return false;
  const { summary: _summary, detail: _detail, ...keep } = open.values;
  turn.state.known = { ...turn.state.known, ...keep };
  turn.state.intake = undefined;
  await sendDecision(deps, turn, decision, text, 'engine');
  sendText(turn, 'intake_paused');
  return true;
}
