/**
 * The hand-off intake's shared pieces: starting it, asking for a slot, the summary, "which field?",
 * taking a corrected value, cancelling, and what every intake state does with an input that is not
 * about the intake. The intake's three states have their own handlers (states/intake.ts,
 * states/confirming.ts, states/amending.ts); they and the answers that start an intake call these.
 *
 *   start ─▶ [next missing slot]* ─▶ confirm ─┬─ 确认提交 ─▶ fileTicket ─▶ ticket message
 *              ▲        ▲                     ├─ 修改 ─▶ which ─▶ slot ─┘ (back to confirm)
 *              └────────┴──── "电话填错了" ────┘
 *   取消/算了 anywhere ─▶ cancelled
 */
import { randomUUID } from 'node:crypto';
import type { HandoffReason } from '../engine';
import { districtNames } from '../tickets/districts';
import { message, type MessageCode } from '../tickets/messages';
import { parseSlot, summaryOf, type SlotProblem } from './extract';
import type { StateInput } from './input';
import { TEXT } from './messages';
import { IntakeSlot, type Intake, type IntakeValues, type OfferedEntry } from './state';
import { noteSimilarCase } from './similar-case';
import { showStatus } from './status';
import { cancelChoice, inScript, send, sendText, t, type DialogDeps, type Turn } from './turn';
import type { Choice } from './types';

export const SLOTS = IntakeSlot.options;

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

export function askSlot(deps: DialogDeps, turn: Turn, slot: IntakeSlot, problem?: string): void {
  const question = t(turn, `ask_${slot}`);
  const choices: Choice[] =
    slot === 'district'
      ? districtNames(deps.districts).map((name) => ({ label: inScript(turn, name), input: { text: name } }))
      : [];
  choices.push(cancelChoice(turn));
  send(turn, { type: 'text', text: problem ? t(turn, 'retry', { problem, question }) : question, choices });
}

export function showConfirm(turn: Turn, intake: Intake): void {
  const v = intake.values;
  const choice = (code: 'choice_submit' | 'choice_modify'): Choice => ({ label: t(turn, code), input: { text: t(turn, code) } });
  send(turn, {
    type: 'text',
    text: t(turn, 'confirm', {
      name: v.name ?? '',
      creditCode: v.creditCode ?? '',
      // Canonical names from the districts table, not typed by the user: shown in the user's script.
      district: inScript(turn, [v.district, v.town].filter(Boolean).join(' ')),
      contactName: v.contactName ?? '',
      phone: v.phone ?? '',
      summary: v.summary ?? '',
    }),
    choices: [choice('choice_submit'), choice('choice_modify'), cancelChoice(turn)],
  });
}

export function askWhich(turn: Turn, intake: Intake): void {
  intake.step = 'which';
  const choices = SLOTS.map((slot): Choice => {
    const label = t(turn, `label_${slot}`);
    return { label, input: { text: t(turn, 'modify_prefix') + label } };
  });
  choices.push(cancelChoice(turn));
  sendText(turn, 'which_slot', undefined, choices);
}

/** Asks for the first missing slot, or shows the summary when everything is known. */
export function advance(deps: DialogDeps, turn: Turn, intake: Intake): void {
  const slot = SLOTS.find((s) => !intake.values[s]);
  if (slot) {
    intake.step = slot;
    askSlot(deps, turn, slot);
  } else {
    intake.step = 'confirm';
    showConfirm(turn, intake);
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
  const intake: Intake = { reason: start.reason, key, step: 'name', values, candidates: start.candidates.slice(0, 10) };
  state.intake = intake;
  advance(deps, turn, intake);
}

/** Re-asks the current step, after something that was not an answer to it. */
export function remindIntake(deps: DialogDeps, turn: Turn, lead: 'intake_continue' | 'welcome_resume' = 'intake_continue'): void {
  const intake = turn.state.intake;
  if (!intake) return;
  sendText(turn, lead);
  if (intake.step === 'confirm') showConfirm(turn, intake);
  else if (intake.step === 'which') askWhich(turn, intake);
  else askSlot(deps, turn, intake.step);
}

/** A new value for a slot ("电话填错了，应该是139…"), or the slot asked again. */
export function editSlot(deps: DialogDeps, turn: Turn, intake: Intake, slot: IntakeSlot, text: string): void {
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
