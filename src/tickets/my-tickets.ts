/**
 * "我的工单": the tickets a browser filed, each proven by its access token (access.ts), as the chat
 * page lists them: status, department, the deadline and whether it is kept, the answer or reason
 * once there is one, in the user's script. Nothing here identifies the filer: the summary is
 * masked, and there is no contact or credit code.
 */
import { z } from 'zod';
import { maskPersonalData } from '../privacy';
import { convertScript, type Script } from '../zh';
import { hasTicketAccess } from './access';
import { slaOutcomeName, statusName, trafficLightName } from './messages';
import { IsoDateTime, TicketId, TicketStatus, type HistoryEntry } from './schema';
import type { TicketStatusView } from './service';
import { slaOutcome } from './sla';

export const TicketProof = z.strictObject({ id: TicketId, token: z.string().min(8).max(64) });
export type TicketProof = z.infer<typeof TicketProof>;

export const MY_TICKETS_MAX = 50;

export const MyTicketsRequest = z.strictObject({
  tickets: z.array(TicketProof).max(MY_TICKETS_MAX),
  script: z.enum(['simplified', 'traditional']).default('simplified'),
});
export type MyTicketsRequest = z.infer<typeof MyTicketsRequest>;

/** Where a ticket stands against its deadline: open (on time, due soon, overdue) or answered (in time or late). */
export const SLA_STANDINGS = ['on_time', 'due_soon', 'overdue', 'met', 'missed'] as const;
export type SlaStanding = (typeof SLA_STANDINGS)[number];

export const MyTicketView = z.strictObject({
  id: z.string(),
  createdAt: IsoDateTime,
  summary: z.string(),
  department: z.string(),
  status: TicketStatus,
  statusName: z.string(),
  /** When the status last changed: the page marks changes since the last visit by it. */
  updatedAt: IsoDateTime,
  dueAt: IsoDateTime,
  /** "12月16日 17:30" (Beijing time). */
  dueText: z.string(),
  sla: z.enum(SLA_STANDINGS),
  slaName: z.string(),
  answer: z.string().optional(),
  reason: z.string().optional(),
  rating: z.number().int().min(1).max(5).optional(),
});
export type MyTicketView = z.infer<typeof MyTicketView>;

/** The answer of POST /api/v1/my-tickets: the proven tickets, and the ids refused. */
export const MyTickets = z.strictObject({ tickets: z.array(MyTicketView), refused: z.array(z.string()) });
export type MyTickets = z.infer<typeof MyTickets>;

function last(history: readonly HistoryEntry[], key: 'department' | 'answer' | 'reason'): string | undefined {
  for (let i = history.length - 1; i >= 0; i--) if (history[i]?.[key]) return history[i]![key];
  return undefined;
}

export function dueTextOf(dueAt: string): string {
  const m = /^\d{4}-(\d{2})-(\d{2})T(\d{2}:\d{2})/.exec(dueAt);
  return m ? `${Number(m[1])}月${Number(m[2])}日 ${m[3]}` : dueAt;
}

export function myTicketView(v: TicketStatusView, script: Script): MyTicketView {
  const { ticket, state } = v;
  const s = (text: string) => convertScript(text, script);
  const answered = state.history.find((h) => h.status === 'resolved' || h.status === 'rejected');
  let sla: SlaStanding;
  let slaName: string;
  if (v.trafficLight) {
    sla = v.trafficLight === 'green' ? 'on_time' : v.trafficLight === 'yellow' ? 'due_soon' : 'overdue';
    slaName = trafficLightName(v.trafficLight);
  } else {
    const outcome = slaOutcome(ticket.sla.dueAt, answered?.at ?? state.history[state.history.length - 1]?.at ?? ticket.createdAt);
    sla = outcome;
    slaName = slaOutcomeName(outcome);
  }
  const answer = last(state.history, 'answer');
  const reason = last(state.history, 'reason');
  return {
    id: ticket.id,
    createdAt: ticket.createdAt,
    summary: s(maskPersonalData(ticket.demand.summary)),
    department: s(last(state.history, 'department') ?? ticket.triage.department),
    status: state.status,
    statusName: s(statusName(state.status)),
    updatedAt: state.history[state.history.length - 1]?.at ?? ticket.createdAt,
    dueAt: ticket.sla.dueAt,
    dueText: dueTextOf(ticket.sla.dueAt),
    sla,
    slaName: s(slaName),
    ...(answer ? { answer: s(answer) } : {}),
    ...(reason ? { reason: s(reason) } : {}),
    ...(state.rating ? { rating: state.rating.score } : {}),
  };
}

/**
 * The proven tickets' views, in the order given; `refused`: ids whose token is wrong or that do not
 * exist (the two are not told apart, so a guess learns nothing).
 */
export async function myTickets(
  req: MyTicketsRequest,
  deps: { secret: string; status: (id: string) => Promise<TicketStatusView | undefined> },
): Promise<MyTickets> {
  const tickets: MyTicketView[] = [];
  const refused: string[] = [];
  for (const p of req.tickets) {
    const v = hasTicketAccess(deps.secret, p.id, p.token) ? await deps.status(p.id) : undefined;
    if (v) tickets.push(myTicketView(v, req.script));
    else refused.push(p.id);
  }
  return { tickets, refused };
}
