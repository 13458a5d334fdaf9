/**
 * Live ticket updates on the chat's websockets. The page sends the tickets it holds, each with its
 * access token (`{"type":"watch_tickets","user","tickets":[{id,token}],"script"}`); the proven ones
 * are watched on that socket, and each status change of one of them is sent as
 * `{"type":"ticket_update","ticket":<MyTicketView>}` in the socket's script. A ticket whose token
 * is wrong is ignored: nobody hears of a ticket they cannot prove.
 */
import { z } from 'zod';
import { TicketProof, MY_TICKETS_MAX } from '../../tickets';
import type { MyTicketView } from '../../tickets';
import { SessionId } from '../types';
import type { WebSocket } from './ws';

export const WatchTickets = z.object({
  type: z.literal('watch_tickets'),
  user: SessionId,
  tickets: z.array(TicketProof).max(MY_TICKETS_MAX),
  script: z.enum(['simplified', 'traditional']).default('simplified'),
});
type Script = z.infer<typeof WatchTickets>['script'];

export interface TicketWatchDeps {
  /** Whether the token proves the ticket (tickets/access.ts). */
  verify(ticketId: string, token: string): boolean;
  /** The ticket as the page lists it, in a script. */
  view(ticketId: string, script: Script): Promise<MyTicketView | undefined>;
  /** Every status change, on any instance; returns the unsubscribe function. */
  subscribe(listener: (ticketId: string) => void): () => void;
  onError?: (err: unknown) => void;
}

export class TicketWatchers {
  private readonly bySocket = new Map<WebSocket, { ids: Set<string>; script: Script }>();
  private readonly byTicket = new Map<string, Set<WebSocket>>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly deps: TicketWatchDeps,
    private readonly send: (ws: WebSocket, message: unknown) => boolean,
  ) {
    this.unsubscribe = deps.subscribe((id) => void this.changed(id));
  }

  /** Handles a watch_tickets message; false when `raw` is not one (the adapter goes on with it). */
  watch(ws: WebSocket, raw: unknown): boolean {
    if (!raw || typeof raw !== 'object' || (raw as { type?: unknown }).type !== 'watch_tickets') return false;
    const parsed = WatchTickets.safeParse(raw);
    if (!parsed.success) return true;
    this.drop(ws);
    const ids = new Set(parsed.data.tickets.filter((t) => this.deps.verify(t.id, t.token)).map((t) => t.id));
    this.bySocket.set(ws, { ids, script: parsed.data.script });
    for (const id of ids) {
      let set = this.byTicket.get(id);
      if (!set) this.byTicket.set(id, (set = new Set()));
      set.add(ws);
    }
    return true;
  }

  drop(ws: WebSocket): void {
    const watched = this.bySocket.get(ws);
    if (!watched) return;
    this.bySocket.delete(ws);
    for (const id of watched.ids) {
      const set = this.byTicket.get(id);
      set?.delete(ws);
      if (set && set.size === 0) this.byTicket.delete(id);
    }
  }

  /** Sockets watching anything (for tests and metrics). */
  get watching(): number {
    return this.bySocket.size;
  }

  private async changed(ticketId: string): Promise<void> {
    const sockets = [...(this.byTicket.get(ticketId) ?? [])];
    const views = new Map<Script, MyTicketView | undefined>();
    try {
      for (const ws of sockets) {
        const script = this.bySocket.get(ws)?.script ?? 'simplified';
        if (!views.has(script)) views.set(script, await this.deps.view(ticketId, script));
        const ticket = views.get(script);
        if (ticket) this.send(ws, { type: 'ticket_update', ticket });
      }
    } catch (err) {
      this.deps.onError?.(err);
    }
  }

  close(): void {
    this.unsubscribe();
    this.bySocket.clear();
    this.byTicket.clear();
  }
}
