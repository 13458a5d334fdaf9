/**
 * 工单: the operator's recent tickets (我的) or everyone's (全部), searched by number, enterprise
 * name or phone as the operator types (300 ms debounce; an older answer never replaces a newer
 * one). Phones come masked from the server. Refreshed when a ticket is filed.
 */
import { api, quietFailure } from './api';
import { $, clear, debounce } from './dom';
import { TEXT } from './messages';
import { ticketItem } from './ticket-item';
import { onTicketFiled } from './ticket-form';
import type { TicketSearchAnswer } from './types';

const DEBOUNCE_MS = 300;
let seq = 0;
let mine = true;
const typing = debounce(load, DEBOUNCE_MS);

const searchBox = (): HTMLInputElement => $<HTMLInputElement>('ticket-q');

function setScope(toMine: boolean): void {
  mine = toMine;
  $('scope-mine').setAttribute('aria-pressed', String(mine));
  $('scope-all').setAttribute('aria-pressed', String(!mine));
  load();
}

function load(): void {
  typing.cancel();
  const current = ++seq;
  const q = searchBox().value.trim();
  $('ticket-list').setAttribute('aria-busy', 'true');
  api<TicketSearchAnswer>('POST', '/tickets/search', {
    ...(q ? { q } : {}),
    mine,
    limit: 20,
  })
    .then((r) => {
      if (current !== seq) return;
      const list = $('ticket-list');
      list.removeAttribute('aria-busy');
      clear(list);
      if (!r.ok || !r.data) {
        $('ticket-list-note').textContent = TEXT.failed('查询工单', r.status);
        return;
      }
      for (const t of r.data.tickets) list.appendChild(ticketItem(t));
      $('ticket-list-note').textContent = r.data.tickets.length ? (r.data.truncated ? TEXT.listTruncated : '') : TEXT.listEmpty(Boolean(q));
    })
    .catch((err: unknown) => {
      if (current === seq && !quietFailure(err)) $('ticket-list-note').textContent = TEXT.offline;
    });
}

export function startTicketList(): void {
  searchBox().addEventListener('input', typing.schedule);
  $('ticket-search').addEventListener('submit', (event) => {
    event.preventDefault();
    load();
  });
  $('scope-mine').addEventListener('click', () => setScope(true));
  $('scope-all').addEventListener('click', () => setScope(false));
  onTicketFiled(() => load());
  load();
}
