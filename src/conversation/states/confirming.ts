/**
 * State `confirming`: the intake's summary is shown, waiting for 确认提交 / 修改 / 取消.
 *
 *   确认提交 ─▶ tickets.fileTicket ─┬─ filed ─▶ the ticket message (→ answering)
 *                                 ├─ issues ─▶ the issue's message, back to that slot (→ intake)
 *                                 └─ throws ─▶ "稍后重试", values and idempotency key kept (stays)
 *   "电话填错了" ─▶ that slot (→ intake; with the new value at once → confirming)
 *   修改 / 不对 ─▶ which field? (→ amending)      取消 ─▶ cancelled (→ answering)
 *   anything else ─▶ a hint and the summary again
 */
import { hasIntent, type StateInput } from '../input';
import { advance, askSlot, askWhich, cancelIntake, clearSlot, editSlot, intakeAside, showConfirm } from '../intake';
import { applicantOf, districtOf, nextSlot } from '../plan';
import type { Intake, IntakeSlot, SavedContact } from '../state';
import { dueText } from '../status';
import type { TicketIssue } from '../../tickets/schema';
import { cancelChoice, inScript, record, send, sendText, t, type DialogDeps, type Turn } from '../turn';
import type { Choice } from '../types';

const TICKETS_KEPT = 10;

/** Where a ticket validation issue sends the user back to. */
const ISSUE_SLOTS: Record<string, IntakeSlot> = {
  enterprise: 'name',
  'enterprise.name': 'name',
  'enterprise.creditCode': 'creditCode',
  'enterprise.district': 'district',
  'enterprise.town': 'district',
  'applicant.district': 'district',
  'applicant.town': 'district',
  'demand.location': 'location',
  'contact.name': 'contactName',
  'contact.phone': 'phone',
  'demand.summary': 'summary',
  'demand.detail': 'summary',
};

export async function confirming(deps: DialogDeps, turn: Turn, input: StateInput): Promise<void> {
  const open = turn.state.intake;
  if (!open || (await intakeAside(deps, turn, input)) || input.kind === 'handoff') return;
  const { text, matches } = input;
  if (hasIntent(matches, 'cancel')) return cancelIntake(turn);
  if (hasIntent(matches, 'confirm')) return submit(deps, turn, open);
  const correction = matches.find((m) => m.name === 'correct');
  if (correction?.slot) return editSlot(deps, turn, open, correction.slot as IntakeSlot, text);
  if (correction || hasIntent(matches, 'deny')) return askWhich(deps, turn, open);
  sendText(turn, 'confirm_hint');
  return showConfirm(deps, turn, open);
}

async function submit(deps: DialogDeps, turn: Turn, intake: Intake): Promise<void> {
  const { state } = turn;
  const v = intake.values;
  if (nextSlot(deps, intake)) return advance(deps, turn, intake);
  const kind = applicantOf(intake) ?? 'enterprise';
  const place = districtOf(deps, intake);
  const located = place ? { district: place.district, ...(place.town ? { town: place.town } : {}) } : { district: '' };
  const input = {
    channel: turn.channel,
    // An enterprise names itself (its code where given); a person or founder gives the district.
    applicant: kind === 'enterprise' ? { kind } : { kind, ...located },
    ...(kind === 'enterprise' ? { enterprise: { name: v.name, ...(v.creditCode ? { creditCode: v.creditCode } : {}), ...located } } : {}),
    contact: { name: v.contactName, phone: v.phone },
    demand: {
      summary: v.summary,
      detail: v.detail ?? '',
      ...(v.location ? { location: v.location } : {}),
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
  const token = deps.tickets.accessToken(ticket.id);
  send(turn, {
    type: 'ticket',
    text: t(turn, 'ticket_filed', { id: ticket.id, due: dueText(turn, ticket.sla.dueAt), days: ticket.sla.workingDays }),
    ticketId: ticket.id,
    ...(token ? { ticketToken: token } : {}),
  });
  // With a live desk (the chat's own deployment), who answers and the hotline for what cannot wait.
  if (deps.live) sendText(turn, 'live_department', { department: inScript(turn, ticket.triage.department), hotline: deps.live.hotline });
  record(turn, { kind: 'ticket', ticketId: ticket.id, reason: intake.reason, candidates: intake.candidates.map((c) => c.entryId) });
  state.tickets = [...state.tickets.filter((id) => id !== ticket.id), ticket.id].slice(-TICKETS_KEPT);
  state.intake = undefined;
  state.known = {};
  // The demand is filed: a later 转人工 starts a new one, it does not take this one up again.
  state.lastQuestion = undefined;
  state.contact = savedContact(kind, intake);
}

/** The contact details just filed, offered for the next ticket of this session. */
function savedContact(kind: SavedContact['applicant'], intake: Intake): SavedContact | undefined {
  const v = intake.values;
  if (!v.contactName || !v.phone) return undefined;
  const saved: SavedContact = { applicant: kind, contactName: v.contactName, phone: v.phone };
  if (kind === 'enterprise' && v.name) saved.name = v.name;
  if (kind === 'enterprise' && v.creditCode) saved.creditCode = v.creditCode;
  // A district typed (an enterprise's, or a person's own), not one read from a reported place.
  if (v.district) saved.district = v.district;
  if (v.district && v.town) saved.town = v.town;
  return saved;
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
