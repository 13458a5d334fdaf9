/**
 * 我的工单: the tickets filed from this browser. Each ticket message from the server carries the
 * ticket's access token; the page keeps {id, token, seenAt} in localStorage (`qihu.chat.tickets`,
 * kept by 新对话 too), lists them through POST /api/v1/my-tickets, asks the socket to push their
 * status changes (watch_tickets), and marks what changed since the user last looked.
 */
import { el, linkified } from './render';
import { icon } from './icons';
import { L, pageScript } from './labels';
import { readJson, store } from './store';

export const KEY_TICKETS = 'qihu.chat.tickets';
const MAX = 50;
const ID_RE = /^QH-\d{8}-\d{6}$/;
const TOKEN_RE = /^[A-Za-z0-9_-]{8,64}$/;

interface Held {
  id: string;
  token: string;
  /** The updatedAt of the last version the user saw (ISO), or '' before the first look. */
  seen: string;
}

/** What the server lists for a ticket (src/tickets/my-tickets.ts MyTicketView), checked for shape. */
export interface TicketView {
  id: string;
  summary: string;
  department: string;
  statusName: string;
  updatedAt: string;
  dueText: string;
  sla: string;
  slaName: string;
  answer?: string;
  reason?: string;
}

const s = (v: unknown, max = 2000): string => (typeof v === 'string' ? v.slice(0, max) : '');

export function cleanView(raw: unknown): TicketView | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const r = raw as Record<string, unknown>;
  if (typeof r.id !== 'string' || !ID_RE.test(r.id)) return undefined;
  const view: TicketView = {
    id: r.id,
    summary: s(r.summary, 300),
    department: s(r.department, 100),
    statusName: s(r.statusName, 20),
    updatedAt: s(r.updatedAt, 40),
    dueText: s(r.dueText, 40),
    sla: s(r.sla, 20),
    slaName: s(r.slaName, 20),
  };
  if (r.answer) view.answer = s(r.answer, 8000);
  if (r.reason) view.reason = s(r.reason, 2000);
  return view;
}

function load(): Held[] {
  const raw = readJson(KEY_TICKETS, []);
  if (!Array.isArray(raw)) return [];
  return raw
    .filter((h): h is Held => Boolean(h) && typeof h.id === 'string' && ID_RE.test(h.id) && typeof h.token === 'string' && TOKEN_RE.test(h.token))
    .map((h) => ({ id: h.id, token: h.token, seen: typeof h.seen === 'string' ? h.seen.slice(0, 40) : '' }))
    .slice(-MAX);
}

let held: Held[] = [];
let views: TicketView[] = [];
let button: HTMLButtonElement;
let badge: HTMLElement;
let panel: HTMLElement;
let list: HTMLElement;
let status: HTMLElement;

const save = () => store.set(KEY_TICKETS, JSON.stringify(held));
const unseen = () => views.filter((v) => held.find((h) => h.id === v.id && h.seen !== v.updatedAt)).length;

function updateBadge(): void {
  const n = unseen();
  badge.hidden = n === 0;
  badge.textContent = String(n);
  button.setAttribute('aria-label', n ? `${L('myTickets')}（${L('updated')} ${n}）` : L('myTickets'));
}

/** The watch message for the socket: the held tickets with their tokens. */
export function watchMessage(user: string): string | undefined {
  if (!held.length) return undefined;
  return JSON.stringify({ type: 'watch_tickets', user, tickets: held.map(({ id, token }) => ({ id, token })), script: pageScript() });
}

/** A ticket message: keep its token (the history keeps the message without it). */
export function remember(id: string, token: string): void {
  if (!ID_RE.test(id) || !TOKEN_RE.test(token)) return;
  held = [...held.filter((h) => h.id !== id), { id, token, seen: '' }].slice(-MAX);
  save();
  button.hidden = false;
}

function renderList(): void {
  list.replaceChildren();
  for (const v of views) {
    const h = held.find((x) => x.id === v.id);
    const fresh = Boolean(h && h.seen !== v.updatedAt);
    list.append(
      el(
        'li',
        { class: 'ticket-row' + (fresh ? ' fresh' : ''), 'data-ticket': v.id },
        el('div', { class: 'ticket-head' }, el('code', { text: v.id }), el('span', { class: 'status', text: v.statusName }), fresh ? el('span', { class: 'fresh-mark', text: L('updated') }) : null),
        v.summary ? el('p', { class: 'summary', text: v.summary }) : null,
        el(
          'dl',
          null,
          el('dt', { text: L('dept') }),
          el('dd', { text: v.department }),
          el('dt', { text: L('due') }),
          el('dd', null, v.dueText + ' ', el('span', { class: 'sla sla-' + v.sla, text: v.slaName })),
          v.answer ? el('dt', { text: L('answer') }) : null,
          v.answer ? el('dd', null, ...linkified(v.answer)) : null,
          v.reason ? el('dt', { text: L('reason') }) : null,
          v.reason ? el('dd', null, ...linkified(v.reason)) : null,
        ),
      ),
    );
  }
  if (!held.length) list.append(el('li', { class: 'empty', text: L('myTicketsEmpty') }));
}

/** Lists the held tickets from the server; false when it could not. */
export async function refresh(): Promise<boolean> {
  if (!held.length) {
    views = [];
    updateBadge();
    return true;
  }
  try {
    const res = await fetch('/api/v1/my-tickets', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify({ tickets: held.map(({ id, token }) => ({ id, token })), script: pageScript() }),
    });
    if (!res.ok) return false;
    const body = (await res.json()) as { tickets?: unknown } | null;
    views = (Array.isArray(body?.tickets) ? body.tickets : []).map(cleanView).filter((v): v is TicketView => Boolean(v)).reverse();
    updateBadge();
    if (!panel.hidden) renderList();
    return true;
  } catch {
    return false;
  }
}

/** A pushed change: the list, the badge, and a line in the conversation (returned for main.ts). */
export function applyUpdate(raw: unknown): TicketView | undefined {
  const v = cleanView(raw);
  if (!v || !held.some((h) => h.id === v.id)) return undefined;
  views = [v, ...views.filter((x) => x.id !== v.id)];
  if (!panel.hidden) markSeen();
  updateBadge();
  if (!panel.hidden) renderList();
  return v;
}

function markSeen(): void {
  for (const v of views) {
    const h = held.find((x) => x.id === v.id);
    if (h) h.seen = v.updatedAt;
  }
  save();
}

async function open(): Promise<void> {
  panel.hidden = false;
  button.setAttribute('aria-expanded', 'true');
  status.textContent = L('myTicketsLoading');
  renderList();
  const ok = await refresh();
  status.textContent = ok ? '' : L('myTicketsFailed');
  renderList();
  markSeen();
  updateBadge();
}

function closePanel(): void {
  panel.hidden = true;
  button.setAttribute('aria-expanded', 'false');
  button.focus();
}

/** Wording of the panel's own labels in the page's script. */
export function relabel(): void {
  button.querySelector('.label')!.textContent = L('myTickets');
  panel.querySelector('h2')!.textContent = L('myTicketsTitle');
  panel.querySelector('.close')!.textContent = L('close');
  updateBadge();
}

/** Sets up the button and panel; returns how many tickets changed since the last look (after the first list). */
export async function initMyTickets(): Promise<number> {
  held = load();
  button = document.getElementById('my-tickets-button') as HTMLButtonElement;
  panel = document.getElementById('my-tickets') as HTMLElement;
  list = panel.querySelector('ol')!;
  status = panel.querySelector('.panel-status')!;
  badge = button.querySelector('.badge')!;
  button.prepend(icon('list'));
  button.hidden = held.length === 0;
  button.addEventListener('click', () => void (panel.hidden ? open() : closePanel()));
  panel.querySelector('.close')!.addEventListener('click', closePanel);
  panel.addEventListener('keydown', (ev) => {
    if ((ev as KeyboardEvent).key === 'Escape') closePanel();
  });
  if (!held.length) return 0;
  await refresh();
  // The first look ever (seen is empty) is not news: the user just filed them.
  let changed = false;
  for (const h of held) {
    const v = views.find((x) => x.id === h.id);
    if (v && h.seen === '') {
      h.seen = v.updatedAt;
      changed = true;
    }
  }
  if (changed) save();
  updateBadge();
  return unseen();
}
