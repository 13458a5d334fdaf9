/**
 * 预计分派 under the ticket form: where the ticket would go, by when and why, asked again after every
 * edit of the form (300 ms after the last keystroke; an older answer never replaces a newer one,
 * and an answer for an earlier call is dropped).
 */
import { api } from './api';
import { callPath, currentCall, isCurrent, onNewCall } from './call';
import { $, debounce } from './dom';
import { formatDeadline } from './format';
import { TEXT } from './messages';
import type { RoutingPreview, TriageView } from './types';

const DEBOUNCE_MS = 300;
let seq = 0;
let pending: AbortController | null = null;
const editing = debounce(refreshPreview, DEBOUNCE_MS);

const value = (name: string): string => document.querySelector<HTMLInputElement>('[name="' + name + '"]')!.value;

/** Shows a preview (or the draft's triage, until the first preview arrives). */
export function showPreview(triage: TriageView | undefined, sla?: RoutingPreview['sla']): void {
  const node = $('triage');
  node.textContent = triage
    ? TEXT.preview(triage.department, triage.category.level1, triage.category.level2) + (sla ? TEXT.previewDue(formatDeadline(sla)) : '')
    : '';
  if (triage) node.setAttribute('data-department', triage.department);
  else node.removeAttribute('data-department');
  showWhy(triage);
}

/** Why it goes there: the category's reason (the rule and its words, or the model and the words that weighed most), and 待研判 when a person decides. */
function showWhy(triage: TriageView | undefined): void {
  const node = $('triage-why');
  const reason = triage?.reasons?.find((r) => r.aspect === 'category');
  node.textContent = triage?.review ? TEXT.previewReview : reason ? TEXT.previewWhy(reason.detail) : '';
  node.classList.toggle('review', triage?.review === true);
}

/** Asks for the preview of the form as it is now. */
export function refreshPreview(): void {
  editing.cancel();
  const mine = ++seq;
  if (pending) pending.abort();
  pending = typeof AbortController === 'function' ? new AbortController() : null;
  const call = currentCall();
  const body = {
    demand: {
      summary: value('demand.summary'),
      detail: value('demand.detail'),
    },
    enterprise: { district: value('enterprise.district') },
  };
  api<RoutingPreview>('POST', callPath('/triage-preview'), body, pending ? pending.signal : undefined)
    .then((r) => {
      if (mine !== seq || !isCurrent(call) || !r.ok || !r.data) return;
      showPreview(r.data.triage, r.data.sla);
    })
    // The preview is a help: without it (offline, aborted) the form still works.
    .catch(() => undefined);
}

export function startPreview(): void {
  $('ticket-form').addEventListener('input', editing.schedule);
  onNewCall(() => {
    editing.cancel();
    if (pending) pending.abort();
    seq++;
    showPreview(undefined);
  });
}
