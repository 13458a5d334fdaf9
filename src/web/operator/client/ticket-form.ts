/**
 * 建单: the ticket form, prefilled from the call (summary, detail; the turns and the suggestions
 * tried are sent along unseen), completed by the operator, problems shown next to the fields, the
 * ticket's number, department and deadline on success. 新来电 empties every field.
 */
import { api, quietFailure } from './api';
import { callPath, currentCall, isCurrent, onNewCall } from './call';
import { $, clear, el, status } from './dom';
import { formatDeadline, formatTime } from './format';
import { TEXT } from './messages';
import { refreshPreview, showPreview } from './preview';
import { flush } from './suggestions';
import type { DraftView, Issue, TicketAnswer } from './types';

export const FIELDS = ['demand.summary', 'demand.detail', 'enterprise.name', 'enterprise.creditCode', 'enterprise.district', 'contact.name', 'contact.phone'];

let draft: DraftView['draft'] | null = null;
const filed: ((ticketId: string) => void)[] = [];

const opened: (() => void)[] = [];

/** Told each time the form opens filled from the call (the similar-cases panel looks again). */
export function onTicketOpened(listener: () => void): void {
  opened.push(listener);
}

/** Told of every ticket filed from the console (the ticket list refreshes). */
export function onTicketFiled(listener: (ticketId: string) => void): void {
  filed.push(listener);
}

export function input(path: string): HTMLInputElement {
  return document.querySelector<HTMLInputElement>('[name="' + path + '"]')!;
}

function errorSlot(path: string): HTMLElement {
  return document.querySelector<HTMLElement>('.err[data-for="' + path + '"]')!;
}

function clearErrors(): void {
  for (const path of FIELDS) {
    input(path).removeAttribute('aria-invalid');
    errorSlot(path).textContent = '';
  }
  $('ticket-error').textContent = '';
}

function showIssues(issues: Issue[]): void {
  const general: string[] = [];
  let first: HTMLInputElement | null = null;
  for (const issue of issues) {
    const path = String(issue.path || '');
    let known = FIELDS.indexOf(path) >= 0 ? path : null;
    // "enterprise" or "contact" missing as a whole: name their first field.
    if (!known && (path === 'enterprise' || path === 'contact')) known = path + '.name';
    if (known) {
      const slot = errorSlot(known);
      if (!slot.textContent) slot.textContent = issue.message;
      input(known).setAttribute('aria-invalid', 'true');
      if (!first) first = input(known);
    } else general.push((path ? path + '：' : '') + issue.message);
  }
  $('ticket-error').textContent = general.length ? general.join('；') : TEXT.fixFields;
  if (first) first.focus();
}

function openTicket(): void {
  const call = currentCall();
  flush()
    .then(() => api<DraftView>('POST', callPath('/ticket-draft'), {}))
    .then((r) => {
      if (!isCurrent(call)) return;
      if (!r.ok || !r.data) return status(TEXT.failed('生成工单草稿', r.status));
      draft = r.data.draft;
      clearErrors();
      $('ticket-result').textContent = '';
      input('demand.summary').value = draft.demand.summary;
      input('demand.detail').value = draft.demand.detail;
      // The caller's number, if typed at the top, is the contact's.
      const phone = $<HTMLInputElement>('caller-phone').value.trim();
      if (phone && !input('contact.phone').value.trim()) input('contact.phone').value = phone;
      const list = $('district-list');
      clear(list);
      for (const name of r.data.districts || []) {
        const option = el('option');
        option.value = name;
        list.appendChild(option);
      }
      showPreview(r.data.triage);
      refreshPreview();
      $('ticket-panel').hidden = false;
      $<HTMLButtonElement>('send-ticket').disabled = false;
      $('ticket-panel').scrollIntoView({ block: 'start' });
      input('enterprise.name').focus();
      for (const listener of opened) listener();
    })
    .catch((err: unknown) => {
      if (!quietFailure(err)) status(TEXT.offline);
    });
}

function sendTicket(event: Event): void {
  event.preventDefault();
  if (!draft) return;
  clearErrors();
  const call = currentCall();
  const body = {
    enterprise: {
      name: input('enterprise.name').value,
      creditCode: input('enterprise.creditCode').value,
      district: input('enterprise.district').value,
    },
    contact: {
      name: input('contact.name').value,
      phone: input('contact.phone').value,
    },
    demand: {
      summary: input('demand.summary').value,
      detail: input('demand.detail').value,
      turns: draft.demand.turns,
      candidates: draft.demand.candidates,
    },
  };
  const send = $<HTMLButtonElement>('send-ticket');
  send.disabled = true;
  api<TicketAnswer>('POST', callPath('/ticket'), body)
    .then((r) => {
      if (!isCurrent(call)) return;
      send.disabled = false;
      if (r.status === 400 && r.data && r.data.issues) return showIssues(r.data.issues);
      if (!r.ok || !r.data) {
        $('ticket-error').textContent = (r.data && r.data.message) || TEXT.failed('提交', r.status);
        return;
      }
      const deadline = r.data.ticket ? formatDeadline(r.data.ticket.sla) : formatTime(r.data.dueAt);
      $('ticket-result').textContent = TEXT.filed(r.data.id, r.data.department, deadline);
      $('ticket-result').setAttribute('data-ticket-id', r.data.id);
      send.disabled = true;
      for (const listener of filed) listener(r.data.id);
    })
    .catch((err: unknown) => {
      send.disabled = false;
      if (!quietFailure(err)) $('ticket-error').textContent = TEXT.offline;
    });
}

/** Empties the form: nothing of one caller stays for the next. */
function resetForm(): void {
  draft = null;
  for (const path of FIELDS) input(path).value = '';
  clearErrors();
  clear($('district-list'));
  $('ticket-result').textContent = '';
  $('ticket-result').removeAttribute('data-ticket-id');
  $<HTMLButtonElement>('send-ticket').disabled = false;
  $('ticket-panel').hidden = true;
}

export function startTicketForm(): void {
  $('open-ticket').addEventListener('click', openTicket);
  $('ticket-form').addEventListener('submit', sendTicket);
  $('close-ticket').addEventListener('click', () => {
    $('ticket-panel').hidden = true;
  });
  onNewCall(resetForm);
}
