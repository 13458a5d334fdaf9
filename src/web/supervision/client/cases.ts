/*
 * A ticket's similar past cases (GET /api/v1/supervision/tickets/:id/similar-cases) under its
 * timeline, each drawn as the operator console draws it (src/web/shared/similar-cases.ts): the
 * department that answered, 高/中/低, and the reply's gist opening to the whole reply. Text only.
 */
import * as C from '../../shared/console';
import { byId, messageOf } from '../../shared/dom';
import { showCases, type SimilarCases } from '../../shared/similar-cases';
import { TEXT } from './labels';

/** The ticket whose cases are wanted now: an answer for another one (opened before) is dropped. */
let wanted = '';

export async function loadCases(id: string): Promise<void> {
  wanted = id;
  const panel = byId('ticket-cases');
  const list = byId('cases');
  const hint = byId('cases-hint');
  panel.dataset.loaded = 'false';
  list.replaceChildren();
  hint.hidden = false;
  hint.textContent = TEXT.loading;
  try {
    const result = await C.api<SimilarCases>('GET', '/api/v1/supervision/tickets/' + encodeURIComponent(id) + '/similar-cases');
    if (wanted !== id) return;
    showCases(list, hint, result);
  } catch (err) {
    if (wanted !== id) return;
    hint.textContent = TEXT.casesFailed(messageOf(err));
  }
  panel.dataset.loaded = 'true';
}

export function forgetCases(): void {
  wanted = '';
}
