/**
 * What the caller says and what to read out: as the operator types, suggestions update (150 ms
 * debounce; a response older than the latest request is dropped). Enter records the words in the
 * call's transcript (flush). Each card: the entry, 匹配度 高/中/低, the field asked, the text to
 * read out, 复制 and 用了这条.
 */
import { api, quietFailure, type ApiResult } from './api';
import { callPath, currentCall, isCurrent, onNewCall } from './call';
import { $, clear, debounce, el, status } from './dom';
import { CLARIFY_TEXT, DECISION_TEXT, matchText, TEXT } from './messages';
import type { SuggestResult } from './types';

const DEBOUNCE_MS = 150;
let seq = 0;
let shownSeq = 0;
let pending: AbortController | null = null;
let lastPosted = '';
const typing = debounce(requestSuggestions, DEBOUNCE_MS);

const box = (): HTMLTextAreaElement => $<HTMLTextAreaElement>('caller-text');

function renderDecision(result: SuggestResult | null): void {
  const node = $('decision');
  node.className = 'decision';
  let text = '';
  const known = result && result.handoffReason ? DECISION_TEXT[result.handoffReason] : undefined;
  if (known) text = known;
  else if (result && result.decision === 'clarify') text = CLARIFY_TEXT;
  if (result && result.suggestTicket) node.className = 'decision ticket-hint';
  node.textContent = text;
}

function copyText(text: string, button: HTMLButtonElement): void {
  function done(ok: boolean): void {
    button.textContent = ok ? TEXT.copied : TEXT.copyFailed;
    window.setTimeout(() => {
      button.textContent = TEXT.copy;
    }, 1500);
  }
  if (navigator.clipboard && typeof navigator.clipboard.writeText === 'function') {
    navigator.clipboard.writeText(text).then(
      () => done(true),
      () => done(fallbackCopy(text)),
    );
  } else done(fallbackCopy(text));
}

function fallbackCopy(text: string): boolean {
  const area = el('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  let ok: boolean;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  document.body.removeChild(area);
  return ok;
}

export function renderSuggestions(result: SuggestResult | null): void {
  const list = $('suggestions');
  clear(list);
  const items = (result && result.suggestions) || [];
  $('empty').hidden = items.length > 0;
  $('empty').textContent = result && items.length === 0 && box().value.trim() ? TEXT.noMatch : TEXT.emptyPrompt;
  renderDecision(result);
  items.forEach((s, i) => {
    const li = el('li', 'card');
    li.setAttribute('data-entry-id', s.entryId);
    const head = el('div', 'head');
    head.appendChild(el('span', 'title', i + 1 + '. ' + s.title));
    const meta = el('span', 'meta');
    if (s.department) meta.appendChild(el('span', 'department', s.department));
    const match = el('span', 'match ' + s.match, matchText(s.match, s.retrieval === 'embedding'));
    match.setAttribute('data-match', s.match);
    meta.appendChild(match);
    head.appendChild(meta);
    li.appendChild(head);
    li.appendChild(el('span', 'field-label' + (s.found ? '' : ' missing'), TEXT.asked(s.fieldLabel, s.found)));
    li.appendChild(el('div', 'readout', s.readOut));
    const buttons = el('div', 'buttons');
    const copy = el('button', 'secondary copy', TEXT.copy);
    copy.type = 'button';
    copy.addEventListener('click', () => copyText(s.readOut, copy));
    const use = el('button', 'use', TEXT.use);
    use.type = 'button';
    use.addEventListener('click', () => markUsed(s.entryId, li, s.title));
    buttons.appendChild(copy);
    buttons.appendChild(use);
    li.appendChild(buttons);
    list.appendChild(li);
  });
}

function requestSuggestions(): void {
  const text = box().value;
  const mine = ++seq;
  if (pending) pending.abort();
  pending = typeof AbortController === 'function' ? new AbortController() : null;
  if (!text.trim()) {
    shownSeq = mine;
    renderSuggestions(null);
    return;
  }
  api<SuggestResult>('POST', '/suggest', { text, callId: currentCall() }, pending ? pending.signal : undefined)
    .then((r) => {
      // A slower, older response must not replace a newer one.
      if (mine < shownSeq || mine !== seq) return;
      shownSeq = mine;
      if (r.ok) renderSuggestions(r.data);
      else status(TEXT.failed('获取建议', r.status));
    })
    .catch((err: unknown) => {
      if (!quietFailure(err)) status(TEXT.offline);
    });
}

function addTranscriptLine(speaker: 'caller', text: string): void {
  const li = el('li', speaker, (speaker === 'caller' ? TEXT.caller : TEXT.operator) + text);
  $('transcript').appendChild(li);
  li.scrollIntoView({ block: 'nearest' });
}

/** Records the box's text as the caller's words (once). The answer holds the suggestions for them. */
export function flush(): Promise<ApiResult<SuggestResult> | null> {
  const text = box().value.trim();
  if (!text || text === lastPosted) return Promise.resolve(null);
  lastPosted = text;
  const call = currentCall();
  return api<SuggestResult>('POST', callPath('/utterances'), {
    text,
    speaker: 'caller',
  }).then((r) => {
    if (!isCurrent(call)) return null;
    if (r.ok) addTranscriptLine('caller', text);
    else status(TEXT.failed('记录通话内容', r.status));
    return r;
  });
}

function markUsed(entryId: string | null, card: HTMLElement | null, title: string): void {
  flush()
    .then(() => api('POST', callPath('/used'), { entryId }))
    .then((r) => {
      if (!r.ok) return status(TEXT.failed('记录', r.status));
      if (card) card.classList.add('used');
      status(entryId ? TEXT.usedOne(title) : TEXT.usedNone);
    })
    .catch((err: unknown) => {
      if (!quietFailure(err)) status(TEXT.offline);
    });
}

/** Wires the box: typing suggests, Enter records; 都不合适 records that none fitted. */
export function startSuggestions(): void {
  box().addEventListener('input', typing.schedule);
  box().addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
    event.preventDefault();
    typing.cancel();
    void flush().then((r) => {
      if (!r || !r.ok) return;
      seq++;
      shownSeq = seq;
      box().value = '';
      renderSuggestions(r.data);
    });
  });
  $('none-used').addEventListener('click', () => markUsed(null, null, ''));
  onNewCall(() => {
    typing.cancel();
    if (pending) pending.abort();
    seq++;
    shownSeq = seq;
    lastPosted = '';
    clear($('transcript'));
    box().value = '';
    renderSuggestions(null);
  });
}
