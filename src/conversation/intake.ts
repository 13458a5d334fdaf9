/**
 * The hand-off intake: asks, one at a time, only for the ticket fields not already known, checks
 * each answer as the ticket schema will (credit-code check characters, phone, district), lets the
 * user correct or cancel at any point, shows a summary to confirm, and files the ticket.
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
import type { TicketIssue } from '../tickets/schema';
import { extractKnown, parseSlot, summaryOf, type SlotProblem } from './extract';
import { compactForms, type IntentMatch } from './intents';
import { TEXT } from './messages';
import { IntakeSlot, type Intake, type IntakeValues, type OfferedEntry } from './state';
import { cancelChoice, inScript, record, send, sendText, t, type DialogDeps, type Turn } from './turn';
import type { Choice } from './types';

const SLOTS = IntakeSlot.options;
const TICKETS_KEPT = 10;

/** Where a ticket validation issue sends the user back to. */
const ISSUE_SLOTS: Record<string, IntakeSlot> = {
  'enterprise.name': 'name',
  'enterprise.creditCode': 'creditCode',
  'enterprise.district': 'district',
  'enterprise.town': 'district',
  'contact.name': 'contactName',
  'contact.phone': 'phone',
  'demand.summary': 'summary',
  'demand.detail': 'summary',
};

/** Slots whose value can be recognised inside a correction ("电话填错了，是139…"). */
const STRICT_SLOTS: readonly IntakeSlot[] = ['creditCode', 'phone', 'district'];
/** "…改成X", "…应该是X": the new value of a free-text slot. */
const NEW_VALUE = /(?:改成|改为|换成|应该是|应为|更正为|其实是|正确的是)[:：]?\s*(.+)$/u;
/** A correction must be short to count at the summary step, where "我想修改营业执照地址" is a demand. */
const SHORT_CORRECTION = 12;

export interface IntakeStart {
  reason: HandoffReason;
  /** Why the case goes to a person: the engine's hand-off text, already in the user's script. */
  why: string;
  /** The user's question or report, the default demand summary. */
  demand?: string;
  candidates: OfferedEntry[];
}

const has = (matches: readonly IntentMatch[], name: IntentMatch['name']) => matches.some((m) => m.name === name);

function problemText(turn: Turn, problem: SlotProblem): string {
  return problem in TEXT ? t(turn, problem as keyof typeof TEXT) : inScript(turn, message(problem as MessageCode));
}

function askSlot(deps: DialogDeps, turn: Turn, slot: IntakeSlot, problem?: string): void {
  const question = t(turn, `ask_${slot}`);
  const choices: Choice[] =
    slot === 'district'
      ? districtNames(deps.districts).map((name) => ({ label: inScript(turn, name), input: { text: name } }))
      : [];
  choices.push(cancelChoice(turn));
  send(turn, { type: 'text', text: problem ? t(turn, 'retry', { problem, question }) : question, choices });
}

function showConfirm(turn: Turn, intake: Intake): void {
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

function askWhich(turn: Turn, intake: Intake): void {
  intake.step = 'which';
  const choices = SLOTS.map((slot): Choice => {
    const label = t(turn, `label_${slot}`);
    return { label, input: { text: t(turn, 'modify_prefix') + label } };
  });
  choices.push(cancelChoice(turn));
  sendText(turn, 'which_slot', undefined, choices);
}

/** Asks for the first missing slot, or shows the summary when everything is known. */
function advance(deps: DialogDeps, turn: Turn, intake: Intake): void {
  const slot = SLOTS.find((s) => !intake.values[s]);
  if (slot) {
    intake.step = slot;
    askSlot(deps, turn, slot);
  } else {
    intake.step = 'confirm';
    showConfirm(turn, intake);
  }
}

function clearSlot(values: IntakeValues, slot: IntakeSlot): void {
  delete values[slot];
  if (slot === 'district') delete values.town;
  if (slot === 'summary') delete values.detail;
}

export function startIntake(deps: DialogDeps, turn: Turn, start: IntakeStart): void {
  const { state } = turn;
  send(turn, { type: 'handoff', text: start.why });
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

function editSlot(deps: DialogDeps, turn: Turn, intake: Intake, slot: IntakeSlot, text: string): void {
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

/** One message while the intake is open. */
export async function continueIntake(deps: DialogDeps, turn: Turn, text: string, matches: readonly IntentMatch[]): Promise<void> {
  const intake = turn.state.intake;
  if (!intake) return;
  if (has(matches, 'cancel')) return cancelIntake(turn);
  const correction = matches.find((m) => m.name === 'correct');
  const short = Array.from(compactForms(text).compact).length <= SHORT_CORRECTION;
  const slotNamed = (correction?.slot ?? deps.intents.slot('correct', text)) as IntakeSlot | undefined;

  switch (intake.step) {
    case 'confirm':
      if (has(matches, 'confirm')) return submit(deps, turn, intake);
      if (correction?.slot) return editSlot(deps, turn, intake, correction.slot as IntakeSlot, text);
      if (correction || has(matches, 'deny')) return askWhich(turn, intake);
      sendText(turn, 'confirm_hint');
      return showConfirm(turn, intake);
    case 'which':
      if (slotNamed) return editSlot(deps, turn, intake, slotNamed, text);
      // "没有要改的": back to where the intake was (the summary, or the next missing value).
      if (has(matches, 'confirm') || has(matches, 'deny')) return advance(deps, turn, intake);
      return askWhich(turn, intake);
    default: {
      const step = intake.step;
      if (correction && (step !== 'summary' || short)) {
        if (correction.slot) return editSlot(deps, turn, intake, correction.slot as IntakeSlot, text);
        if (short) return askWhich(turn, intake);
      }
      const chatter = ['greeting', 'thanks', 'goodbye', 'ask_person', 'confirm', 'deny', 'feedback'] as const;
      if (chatter.some((name) => has(matches, name))) return remindIntake(deps, turn);
      const found = extractKnown(text, deps.districts);
      // "我叫李四，电话…" when asked for the company: contact details, not a company called 我叫李四.
      if (step === 'name' && found.contactName && !found.name) {
        Object.assign(intake.values, found);
        return advance(deps, turn, intake);
      }
      const r = parseSlot(step, text, deps.districts);
      if (!r.ok) return askSlot(deps, turn, step, problemText(turn, r.problem));
      // Other values in the same message fill slots still empty; they never overwrite.
      for (const [key, value] of Object.entries(found) as [keyof IntakeValues, string][])
        if (!intake.values[key] && !(key in r.values) && key !== 'town') intake.values[key] = value;
      Object.assign(intake.values, r.values);
      return advance(deps, turn, intake);
    }
  }
}

/** "11月30日 17:30" from the SLA's Beijing-time ISO string. */
export function dueText(turn: Turn, dueAt: string): string {
  const m = /^\d{4}-(\d{2})-(\d{2})T(\d{2}:\d{2})/.exec(dueAt);
  return m ? t(turn, 'due', { month: Number(m[1]), day: Number(m[2]), time: m[3] ?? '' }) : dueAt;
}

async function submit(deps: DialogDeps, turn: Turn, intake: Intake): Promise<void> {
  const { state } = turn;
  const v = intake.values;
  if (SLOTS.some((s) => !v[s])) return advance(deps, turn, intake);
  const input = {
    channel: turn.channel,
    enterprise: { name: v.name, creditCode: v.creditCode, district: v.district, ...(v.town ? { town: v.town } : {}) },
    contact: { name: v.contactName, phone: v.phone },
    demand: {
      summary: v.summary,
      detail: v.detail ?? '',
      turns: state.turns.map(({ role, text, at }) => ({ role, text, at })),
      candidates: intake.candidates.map(({ entryId, title, score }) => ({ entryId, title, score })),
    },
    sessionId: turn.sessionId,
    // One intake files at most one ticket, however often "确认提交" arrives.
    idempotencyKey: intake.key,
  };
  const kbDepartments = intake.candidates.flatMap((c) => (c.department ? [{ entryId: c.entryId, department: c.department }] : []));
  let result;
  try {
    result = await deps.tickets.fileTicket(input, { kbDepartments });
  } catch (err) {
    deps.log.error('ticket filing failed', { err });
    const retry: Choice = { label: t(turn, 'choice_submit'), input: { text: t(turn, 'choice_submit') } };
    sendText(turn, 'ticket_failed', undefined, [retry, cancelChoice(turn)]);
    return;
  }
  if (!result.ok) return sendBack(deps, turn, intake, result.issues);

  const { ticket } = result;
  send(turn, {
    type: 'ticket',
    text: t(turn, 'ticket_filed', { id: ticket.id, due: dueText(turn, ticket.sla.dueAt), days: ticket.sla.workingDays }),
    ticketId: ticket.id,
  });
  record(turn, { kind: 'ticket', ticketId: ticket.id, reason: intake.reason, candidates: intake.candidates.map((c) => c.entryId) });
  state.tickets = [...state.tickets.filter((id) => id !== ticket.id), ticket.id].slice(-TICKETS_KEPT);
  state.intake = undefined;
  state.known = {};
}

/** Validation issues from the ticket service: back to the step that holds the value. */
function sendBack(deps: DialogDeps, turn: Turn, intake: Intake, issues: TicketIssue[]): void {
  const issue = issues.find((i) => ISSUE_SLOTS[i.path]);
  const slot = issue && ISSUE_SLOTS[issue.path];
  if (!issue || !slot) {
    // Not something the user typed (turns, candidates, key): a bug on our side.
    deps.log.error('ticket input rejected', { issues: issues.map((i) => ({ path: i.path, code: i.code })) });
    sendText(turn, 'unavailable');
    return;
  }
  clearSlot(intake.values, slot);
  intake.step = slot;
  askSlot(deps, turn, slot, inScript(turn, issue.message));
}
