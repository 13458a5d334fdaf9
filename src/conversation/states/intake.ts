/**
 * State `intake`: the hand-off intake is asking for one slot (plan.ts: 诉求 → 问题地点 → 企业名称 →
 * 统一社会信用代码 → 所在区县 → 联系人 → 联系电话, each only where the demand and the applicant need
 * it), or whether to reuse the last ticket's contact details. The answer is checked as the ticket
 * schema will check it; a wrong one is explained and asked again, other values in the same message
 * fill empty slots, and the next missing slot (intake) or the summary (confirming) follows.
 *
 * Also here: who files, said where the enterprise is asked ("个人", "还没注册呢", "个体户没有代码":
 * no enterprise fields then), an optional value the user does not have ("没有代码", "说不清具体位置":
 * skipped), 取消 (→ answering), a correction ("电话填错了" → that slot; "我填错了" → amending),
 * chatter (你好, 转人工, 好的, small talk → "请继续填写" and the question again), and a new question
 * where a name is asked ("开药店要什么材料？" → answered, the values kept: → answering).
 */
import { sendDecision } from '../answers';
import { extractKnown, parseSlot } from '../extract';
import { hasIntent, type StateInput, type TextInput } from '../input';
import { compactForms, FIELD_INTENTS, type IntentMatch } from '../intents';
import { advance, askSlot, askWhich, cancelIntake, editSlot, intakeAside, noteApplicant, problemText, remindIntake, reuseContact } from '../intake';
import { SKIPPABLE } from '../plan';
import type { Intake, IntakeSlot, IntakeValues } from '../state';
import { sendText, t, type DialogDeps, type Turn } from '../turn';

/** Intake steps where a question is more likely a new question than a value. */
const QUESTION_LIKE = /[?？]|什么|怎么|哪|吗|多久|多少|如何|能否|是否/u;
/** A correction must be short to count at the summary step, where "我想修改营业执照地址" is a demand. */
const SHORT_CORRECTION = 12;
/** Not an answer to the question asked: the question is asked again. */
const CHATTER = ['greeting', 'thanks', 'goodbye', 'ask_person', 'confirm', 'deny', 'feedback', 'chitchat', 'about_bot'] as const;
/** Where "个人" or "还没注册" answers the question: the enterprise's own fields. */
const WHO_FILES: readonly IntakeSlot[] = ['name', 'creditCode'];

export async function intake(deps: DialogDeps, turn: Turn, input: StateInput): Promise<void> {
  const open = turn.state.intake;
  if (!open || (await intakeAside(deps, turn, input)) || input.kind === 'handoff') return;
  if (open.step === 'reuse') return reuseAnswer(deps, turn, open, input);
  const { text, matches } = input;
  const step = open.step as IntakeSlot;
  if (WHO_FILES.includes(step) && notAnEnterprise(deps, turn, open, matches)) return;
  if (await answeredInstead(deps, turn, input)) return;
  if (hasIntent(matches, 'cancel')) return cancelIntake(turn);
  const correction = matches.find((m) => m.name === 'correct');
  if (correction) {
    const short = Array.from(compactForms(text).compact).length <= SHORT_CORRECTION;
    if (step !== 'summary' || short) {
      if (correction.slot) return editSlot(deps, turn, open, correction.slot as IntakeSlot, text);
      if (short) return askWhich(deps, turn, open);
    }
  }
  if (CHATTER.some((name) => hasIntent(matches, name))) return remindIntake(deps, turn);
  if (SKIPPABLE.includes(step) && hasIntent(matches, 'no_value')) {
    open.skipped = [...open.skipped, step];
    sendText(turn, step === 'creditCode' ? 'no_code_ok' : 'no_location_ok');
    return advance(deps, turn, open);
  }
  const found = extractKnown(text, deps.districts);
  // The district a place names is the place's (plan.ts districtOf), not the applicant's.
  if (step === 'location') {
    delete found.district;
    delete found.town;
  }
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
  if (step === 'name') open.applicant = 'enterprise';
  if (step === 'summary') noteApplicant(deps, open, text);
  return advance(deps, turn, open);
}

/**
 * "个人", "还没注册呢", "个体户没有代码" where the enterprise is asked: a person or a founder files,
 * and the enterprise's fields are not asked (nor kept).
 */
function notAnEnterprise(deps: DialogDeps, turn: Turn, open: Intake, matches: readonly IntentMatch[]): boolean {
  const kind = matches.find((m) => m.name === 'applicant')?.slot;
  if (kind !== 'individual' && kind !== 'founder') return false;
  open.applicant = kind;
  delete open.values.name;
  delete open.values.creditCode;
  advance(deps, turn, open);
  return true;
}

/** The button's text, or what the user typed that says the same ("沿用吧"). */
const says = (turn: Turn, text: string, code: 'reuse_yes' | 'reuse_no'): boolean => compactForms(text).bare === compactForms(t(turn, code)).bare;

/**
 * "沿用上次的联系方式：…？" 沿用 / 是的 fills what is still empty; 重新填写 / 不 asks as usual. Values
 * that stand on their own (a phone number, "示例科技有限公司", a credit code) decline it and are
 * kept; anything else asks again.
 */
async function reuseAnswer(deps: DialogDeps, turn: Turn, open: Intake, input: TextInput): Promise<void> {
  const { text, matches } = input;
  if (hasIntent(matches, 'cancel')) return cancelIntake(turn);
  if (hasIntent(matches, 'confirm') || says(turn, text, 'reuse_yes')) {
    reuseContact(turn, open);
    return advance(deps, turn, open);
  }
  if (hasIntent(matches, 'deny') || says(turn, text, 'reuse_no') || hasIntent(matches, 'correct')) return advance(deps, turn, open);
  const found = extractKnown(text, deps.districts);
  if (Object.keys(found).length === 0) return remindIntake(deps, turn);
  for (const [key, value] of Object.entries(found) as [keyof IntakeValues, string][]) open.values[key] ??= value;
  if (found.name) open.applicant ??= 'enterprise';
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
  const { summary: _summary, detail: _detail, location: _location, ...keep } = open.values;
  turn.state.known = { ...turn.state.known, ...keep };
  turn.state.intake = undefined;
  await sendDecision(deps, turn, decision, text, 'engine');
  sendText(turn, 'intake_paused');
  return true;
}
