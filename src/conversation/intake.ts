/**
 * The hand-off intake's shared pieces: starting it, asking for a slot, the summary, "which field?",
 * taking a corrected value, cancelling, and what every intake state does with an input that is not
 * about the intake. The intake's three states have their own handlers (states/intake.ts,
 * states/confirming.ts, states/amending.ts); they and the answers that start an intake call these.
 * Which slots are asked, in which order, is plan.ts's.
 *
 *   start ─▶ [next missing slot]* ─▶ confirm ─┬─ 确认提交 ─▶ fileTicket ─▶ ticket message
 *              ▲   (reuse offer)  ▲           ├─ 修改 ─▶ which ─▶ slot ─┘ (back to confirm)
 *              └────────┴──── "电话填错了" ────┘
 *   取消/算了 anywhere ─▶ cancelled
 */
import { randomUUID } from 'node:crypto';
import type { HandoffReason } from '../engine';
import { maskPersonalData } from '../privacy/mask';
import { districtNames } from '../tickets/districts';
import { message, type MessageCode } from '../tickets/messages';
import { parseSlot, summaryOf, type SlotProblem } from './extract';
import type { StateInput } from './input';
import { TEXT, type TextCode } from './messages';
import { applicantOf, districtOf, nextSlot, shownSlots, WHO_SLOTS } from './plan';
import { type Intake, type IntakeSlot, type IntakeValues, type OfferedEntry } from './state';
import { noteSimilarCase } from './similar-case';
import { showStatus } from './status';
import { cancelChoice, inScript, send, sendText, t, type DialogDeps, type Turn } from './turn';
import type { Choice } from './types';

/** Slots whose value can be recognised inside a correction ("电话填错了，是139…"). */
const STRICT_SLOTS: readonly IntakeSlot[] = ['creditCode', 'phone', 'district'];
/** "…改成X", "…应该是X": the new value of a free-text slot. */
const NEW_VALUE = /(?:改成|改为|换成|应该是|应为|更正为|其实是|正确的是)[:：]?\s*(.+)$/u;

export interface IntakeStart {
  reason: HandoffReason;
  /** Why the case goes to a person: the engine's hand-off text, already in the user's script. */
  why: string;
  /** The user's question or report, the default demand summary. */
  demand?: string;
  candidates: OfferedEntry[];
}

export function problemText(turn: Turn, problem: SlotProblem): string {
  return problem in TEXT ? t(turn, problem as keyof typeof TEXT) : inScript(turn, message(problem as MessageCode));
}

const textChoice = (turn: Turn, code: TextCode): Choice => ({ label: t(turn, code), input: { text: t(turn, code) } });

/** The question for a slot, worded for who files (an enterprise, or a person or founder). */
function question(turn: Turn, slot: IntakeSlot): string {
  const intake = turn.state.intake;
  const person = intake !== undefined && applicantOf(intake) !== undefined && applicantOf(intake) !== 'enterprise';
  if (person && slot === 'district') return t(turn, 'ask_district_person');
  if (person && slot === 'contactName') return t(turn, 'ask_contactName_person');
  return t(turn, `ask_${slot}`);
}

export function askSlot(deps: DialogDeps, turn: Turn, slot: IntakeSlot, problem?: string): void {
  const text = question(turn, slot);
  const choices: Choice[] =
    slot === 'district'
      ? districtNames(deps.districts).map((name) => ({ label: inScript(turn, name), input: { text: name } }))
      : [];
  // The ways out of a question someone may not be able to answer: no enterprise, no code, no address.
  if (slot === 'name' || slot === 'creditCode') choices.push(textChoice(turn, 'choice_individual'), textChoice(turn, 'choice_founder'));
  if (slot === 'creditCode') choices.push(textChoice(turn, 'choice_no_code'));
  if (slot === 'location') choices.push(textChoice(turn, 'choice_no_location'));
  choices.push(cancelChoice(turn));
  send(turn, { type: 'text', text: problem ? t(turn, 'retry', { problem, question: text }) : text, choices });
}

const SLOT_LINE_LABELS: Record<IntakeSlot, TextCode> = {
  name: 'label_name',
  creditCode: 'label_creditCode',
  district: 'label_district',
  contactName: 'label_contactName',
  phone: 'label_phone',
  summary: 'field_summary',
  location: 'label_location',
};

/** Numbers taken from an earlier ticket are shown masked, as they were offered (a shared computer). */
function shown(turn: Turn, intake: Intake, slot: IntakeSlot, value: string): string {
  const saved = turn.state.contact;
  const reused = intake.reused && saved !== undefined && (slot === 'phone' || slot === 'creditCode') && saved[slot] === value;
  return reused ? maskPersonalData(value) : value;
}

export function showConfirm(deps: DialogDeps, turn: Turn, intake: Intake): void {
  const v = intake.values;
  const line = (label: string, value: string) => t(turn, 'confirm_line', { label, value });
  const lines = [t(turn, 'confirm_head')];
  const kind = applicantOf(intake);
  if (kind === 'individual' || kind === 'founder') lines.push(line(t(turn, 'field_applicant'), t(turn, `applicant_${kind}`)));
  for (const slot of shownSlots(deps, intake)) {
    if (slot === 'district') {
      const place = districtOf(deps, intake);
      // Canonical names from the districts table, not typed by the user: shown in the user's script.
      if (place) lines.push(line(t(turn, 'label_district'), inScript(turn, [place.district, place.town].filter(Boolean).join(' '))));
      continue;
    }
    const value = v[slot];
    if (value) lines.push(line(t(turn, SLOT_LINE_LABELS[slot]), shown(turn, intake, slot, value)));
  }
  send(turn, {
    type: 'text',
    text: `${lines.join('\n')}\n\n${t(turn, 'confirm_tail')}`,
    choices: [textChoice(turn, 'choice_submit'), textChoice(turn, 'choice_modify'), cancelChoice(turn)],
  });
}

export function askWhich(deps: DialogDeps, turn: Turn, intake: Intake): void {
  intake.step = 'which';
  const choices = shownSlots(deps, intake).map((slot): Choice => {
    const label = t(turn, `label_${slot}`);
    return { label, input: { text: t(turn, 'modify_prefix') + label } };
  });
  choices.push(cancelChoice(turn));
  sendText(turn, 'which_slot', undefined, choices);
}

/** "沿用上次的联系方式：示例科技有限公司，张先生 138****5678？" The phone and code masked. */
export function offerReuse(turn: Turn, intake: Intake): void {
  const saved = turn.state.contact;
  if (!saved) return;
  intake.step = 'reuse';
  intake.reuseOffered = true;
  const who = [saved.name, `${saved.contactName} ${maskPersonalData(saved.phone)}`].filter(Boolean).join('，');
  send(turn, {
    type: 'text',
    text: t(turn, 'reuse_offer', { who }),
    choices: [textChoice(turn, 'reuse_yes'), textChoice(turn, 'reuse_no'), cancelChoice(turn)],
  });
}

/** Fills the slots still empty from the last ticket's contact details. */
export function reuseContact(turn: Turn, intake: Intake): void {
  const saved = turn.state.contact;
  if (!saved) return;
  const v = intake.values;
  intake.reused = true;
  intake.applicant ??= saved.applicant;
  // The enterprise's fields only for an enterprise, a person's district only for a person.
  const same = applicantOf(intake) === saved.applicant;
  const fill = (slot: keyof IntakeValues, value: string | undefined) => {
    if (value && !v[slot]) v[slot] = value;
  };
  fill('contactName', saved.contactName);
  fill('phone', saved.phone);
  if (!same) return;
  fill('name', saved.name);
  fill('creditCode', saved.creditCode);
  // A person's district is where the last demand was; a new place names its own.
  const placed = applicantOf(intake) !== 'enterprise' && intake.assessed?.located;
  if (!v.district && saved.district && !placed) {
    v.district = saved.district;
    if (saved.town) v.town = saved.town;
  }
}

/** "我还没注册，想问…", "个人怎么交社保": the demand may say who files. */
export function noteApplicant(deps: DialogDeps, intake: Intake, demand: string): void {
  if (intake.applicant) return;
  const said = deps.intents.match(demand).find((m) => m.name === 'applicant')?.slot;
  if (said === 'individual' || said === 'founder') intake.applicant = said;
}

/**
 * Asks for the next slot the plan needs, or shows the summary when everything is known. Before the
 * first question about who files, the last ticket's contact details are offered once.
 */
export function advance(deps: DialogDeps, turn: Turn, intake: Intake): void {
  const slot = nextSlot(deps, intake);
  if (slot && WHO_SLOTS.includes(slot) && !intake.reuseOffered && turn.state.contact) return offerReuse(turn, intake);
  if (slot) {
    intake.step = slot;
    askSlot(deps, turn, slot);
  } else {
    intake.step = 'confirm';
    showConfirm(deps, turn, intake);
  }
}

export function clearSlot(values: IntakeValues, slot: IntakeSlot): void {
  delete values[slot];
  if (slot === 'district') delete values.town;
  if (slot === 'summary') delete values.detail;
}

export function startIntake(deps: DialogDeps, turn: Turn, start: IntakeStart): void {
  const { state } = turn;
  send(turn, { type: 'handoff', text: start.why });
  noteSimilarCase(deps.similarCase, turn, start.demand);
  state.intakeCount += 1;
  state.clarify = undefined;
  state.satisfaction = undefined;
  const values: IntakeValues = { ...state.known };
  if (start.demand?.trim()) Object.assign(values, summaryOf(start.demand));
  const key = `conv:${turn.sessionId}:${state.intakeCount}:${randomUUID().slice(0, 8)}`;
  const intake: Intake = {
    reason: start.reason,
    key,
    step: 'summary',
    values,
    candidates: start.candidates.slice(0, 10),
    skipped: [],
    reuseOffered: false,
    reused: false,
  };
  if (start.demand) noteApplicant(deps, intake, start.demand);
  state.intake = intake;
  advance(deps, turn, intake);
}

/** Re-asks the current step, after something that was not an answer to it. */
export function remindIntake(deps: DialogDeps, turn: Turn, lead: 'intake_continue' | 'welcome_resume' = 'intake_continue'): void {
  const intake = turn.state.intake;
  if (!intake) return;
  sendText(turn, lead);
  if (intake.step === 'confirm') showConfirm(deps, turn, intake);
  else if (intake.step === 'which') askWhich(deps, turn, intake);
  else if (intake.step === 'reuse') offerReuse(turn, intake);
  else askSlot(deps, turn, intake.step);
}

/** A new value for a slot ("电话填错了，应该是139…"), or the slot asked again. */
export function editSlot(deps: DialogDeps, turn: Turn, intake: Intake, slot: IntakeSlot, text: string): void {
  // Asked for again: a value skipped before may be given now; a company name makes an enterprise.
  intake.skipped = intake.skipped.filter((s) => s !== slot);
  if (slot === 'name') intake.applicant = 'enterprise';
  const given = NEW_VALUE.exec(text.normalize('NFKC'))?.[1];
  const source = given ?? (STRICT_SLOTS.includes(slot) ? text : undefined);
  if (source !== undefined) {
    const r = parseSlot(slot, source, deps.districts);
    if (r.ok) {
      clearSlot(intake.values, slot);
      Object.assign(intake.values, r.values);
      advance(deps, turn, intake);
      return;
    }
    clearSlot(intake.values, slot);
    intake.step = slot;
    // A value the user stated is wrong: say why. A correction without a value: just ask.
    askSlot(deps, turn, slot, given !== undefined ? problemText(turn, r.problem) : undefined);
    return;
  }
  clearSlot(intake.values, slot);
  intake.step = slot;
  askSlot(deps, turn, slot);
}

export function cancelIntake(turn: Turn): void {
  turn.state.intake = undefined;
  turn.state.known = {};
  sendText(turn, 'intake_cancelled');
}

/**
 * What every intake state does before its own inputs: the 转人工 button and an empty message
 * re-ask the current step; a ticket id shows that ticket's status, then re-asks (except as the demand
 * itself, "QH-… 还没处理", at the summary slot). True when the input was handled.
 */
export async function intakeAside(deps: DialogDeps, turn: Turn, input: StateInput): Promise<boolean> {
  const intake = turn.state.intake;
  if (!intake) return false;
  if (input.kind === 'handoff' || input.kind === 'blank') {
    remindIntake(deps, turn);
    return true;
  }
  if (input.ticketId && intake.step !== 'summary') {
    await showStatus(deps, turn, input.ticketId);
    remindIntake(deps, turn);
    return true;
  }
  return false;
}
