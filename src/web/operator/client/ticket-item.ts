/** One ticket in a list (the ticket list, a caller's history): number, time, status, enterprise, masked phone, department, summary, deadline. */
import { el } from './dom';
import { formatDeadline, formatTime } from './format';
import { TEXT } from './messages';
import type { TicketListItem } from './types';

export function ticketItem(t: TicketListItem): HTMLLIElement {
  const li = el('li', 'ticket-item');
  li.setAttribute('data-ticket-id', t.id);
  const head = el('div', 'ticket-head');
  head.appendChild(el('span', 'ticket-id', t.id));
  head.appendChild(el('span', 'ticket-time', formatTime(t.createdAt)));
  head.appendChild(el('span', 'ticket-status status-' + t.status, t.statusName));
  li.appendChild(head);
  const who = el('div', 'ticket-who');
  who.appendChild(el('span', 'ticket-enterprise', t.enterprise || t.contact.name));
  who.appendChild(el('span', 'ticket-phone', t.contact.phone));
  who.appendChild(el('span', 'ticket-department', t.department));
  li.appendChild(who);
  li.appendChild(el('div', 'ticket-summary', t.summary));
  li.appendChild(el('div', 'ticket-due', TEXT.due + formatDeadline(t)));
  return li;
}
