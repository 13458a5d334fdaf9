/**
 * Ticket status in the chat ("QH-20261125-000123 到哪一步了", or just the id) and the satisfaction
 * rating once a ticket is answered (buttons 1-5, or the score typed: "5", "5分", "非常满意").
 */
import { message } from '../tickets/messages';
import { statusName, trafficLightName } from '../tickets/messages';
import type { HistoryEntry } from '../tickets/schema';
import { compactForms } from './intents';
import { inScript, send, sendText, t, type DialogDeps, type Turn } from './turn';
import type { Choice } from './types';

const TICKET_ID_IN_TEXT = /(?<![0-9A-Za-z])QH[-\s_]?(\d{8})[-\s_]?(\d{6})(?!\d)/i;
const RATEABLE = ['resolved', 'rejected', 'closed'];

/** "11月30日 17:30" from the SLA's Beijing-time ISO string. */
export function dueText(turn: Turn, dueAt: string): string {
  const m = /^\d{4}-(\d{2})-(\d{2})T(\d{2}:\d{2})/.exec(dueAt);
  return m ? t(turn, 'due', { month: Number(m[1]), day: Number(m[2]), time: m[3] ?? '' }) : dueAt;
}

/** A ticket id anywhere in the text, in its canonical form. */
export function findTicketId(text: string): string | undefined {
  const m = TICKET_ID_IN_TEXT.exec(text.normalize('NFKC'));
  return m ? `QH-${m[1]}-${m[2]}` : undefined;
}

const SCORE_DIGITS: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5 };
const SCORE_WORDS: Record<string, number> = { 非常满意: 5, 很满意: 5, 满意: 4, 基本满意: 3, 一般: 3, 不满意: 2, 不太满意: 2, 很不满意: 1, 非常不满意: 1 };

/** A typed rating while one is pending; undefined for anything else. */
export function parseScore(text: string): number | undefined {
  const { bare } = compactForms(text);
  const m = /^(?:打|给|评)?([1-5一二两三四五])(?:分|星|颗星)?$/u.exec(bare);
  if (m?.[1]) return SCORE_DIGITS[m[1]] ?? Number(m[1]);
  return SCORE_WORDS[bare];
}

function lastWith(history: readonly HistoryEntry[], key: 'department' | 'answer' | 'reason'): string | undefined {
  for (let i = history.length - 1; i >= 0; i--) {
    const value = history[i]?.[key];
    if (value) return value;
  }
  return undefined;
}

export async function showStatus(deps: DialogDeps, turn: Turn, id: string): Promise<void> {
  // Ticket numbers are easy to guess: nothing about a ticket, not even whether it exists, goes to a
  // conversation that did not file it (the browser that did lists it under 我的工单 with its token).
  if (!turn.state.tickets.includes(id)) {
    send(turn, { type: 'text', text: t(turn, 'status_not_yours'), ticketId: id });
    return;
  }
  const view = await deps.tickets.status(id);
  if (!view) {
    sendText(turn, 'status_not_found', { id });
    return;
  }
  const { ticket, state } = view;
  const lines = [t(turn, 'status_head', { id, status: inScript(turn, statusName(state.status)) })];
  const department = lastWith(state.history, 'department') ?? ticket.triage.department;
  lines.push(t(turn, 'status_department', { department: inScript(turn, department) }));
  if (view.trafficLight)
    lines.push(t(turn, 'status_due', { due: dueText(turn, ticket.sla.dueAt), light: inScript(turn, trafficLightName(view.trafficLight)) }));
  const answer = lastWith(state.history, 'answer');
  const reason = lastWith(state.history, 'reason');
  if (state.status === 'resolved' || (state.status === 'closed' && answer)) lines.push(t(turn, 'status_answer', { answer: answer ?? '' }));
  if (state.status === 'rejected' || (state.status === 'closed' && !answer && reason)) lines.push(t(turn, 'status_reason', { reason: reason ?? '' }));

  let choices: Choice[] | undefined;
  if (state.rating) lines.push(t(turn, 'status_rated', { score: state.rating.score }));
  else if (RATEABLE.includes(state.status)) {
    lines.push(t(turn, 'status_rate'));
    choices = [1, 2, 3, 4, 5].map((score) => ({ label: t(turn, 'score_label', { score }), input: { action: 'rate', ticketId: id, score } }));
    turn.state.satisfaction = { ticketId: id };
    turn.state.clarify = undefined; // "2" now rates, it does not pick an option offered earlier
  }
  send(turn, { type: 'text', text: lines.join('\n'), ticketId: id, ...(choices ? { choices } : {}) });
}

export async function rateTicket(deps: DialogDeps, turn: Turn, ticketId: string, score: number): Promise<void> {
  if (!turn.state.tickets.includes(ticketId)) return sendText(turn, 'status_not_yours');
  const r = await deps.tickets.rate(ticketId, score);
  if (turn.state.satisfaction?.ticketId === ticketId) turn.state.satisfaction = undefined;
  if (r.ok) {
    send(turn, { type: 'text', text: t(turn, score <= 2 ? 'rate_sorry' : 'rate_thanks', { score }), ticketId });
    return;
  }
  if (r.code === 'not_found') return sendText(turn, 'status_not_found', { id: ticketId });
  if (r.code === 'invalid') return sendText(turn, 'invalid_message');
  send(turn, { type: 'text', text: inScript(turn, message(r.code)), ticketId });
}
