/**
 * The caller's earlier tickets: when the operator types the caller's number (at the top, or as the
 * ticket's contact phone), that number's tickets are listed, newest first, the phone masked. The
 * number goes in a POST body, never in a URL.
 */
import { api } from './api';
import { isCurrent, currentCall, onNewCall } from './call';
import { $, clear, debounce } from './dom';
import { TEXT } from './messages';
import { ticketItem } from './ticket-item';
import type { TicketSearchAnswer } from './types';

const DEBOUNCE_MS = 400;
const SHOWN = 5;
let seq = 0;
let typed = '';
const typing = debounce(lookUp, DEBOUNCE_MS);

/** Enough digits to be a phone number (the server checks it properly). */
const phoneLike = (text: string): boolean => text.replace(/\D/g, '').length >= 7;

function show(answer: TicketSearchAnswer | null): void {
  const list = $('caller-history');
  clear(list);
  $('caller-history-title').textContent = answer ? TEXT.history(answer.tickets.length) : '';
  $('caller-history-box').hidden = !answer;
  for (const t of answer ? answer.tickets : []) list.appendChild(ticketItem(t));
}

function lookUp(): void {
  const mine = ++seq;
  const call = currentCall();
  if (!phoneLike(typed)) return show(null);
  api<TicketSearchAnswer>('POST', '/tickets/search', {
    phone: typed,
    limit: SHOWN,
  })
    .then((r) => {
      if (mine !== seq || !isCurrent(call)) return;
      show(r.ok && r.data ? r.data : null);
    })
    // A help, not a step: without it (offline) the call goes on.
    .catch(() => undefined);
}

function watch(field: HTMLInputElement): void {
  field.addEventListener('input', () => {
    typed = field.value.trim();
    typing.schedule();
  });
}

export function startCallerHistory(): void {
  watch($<HTMLInputElement>('caller-phone'));
  watch($<HTMLInputElement>('t-phone'));
  onNewCall(() => {
    typing.cancel();
    seq++;
    typed = '';
    $<HTMLInputElement>('caller-phone').value = '';
    show(null);
  });
}
