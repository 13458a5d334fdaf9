/*
 * 企呼我应 · 12345 operator console. No inline script (the page's CSP forbids it), no third-party
 * code, and every piece of data reaches the page through textContent (Trusted Types would refuse
 * anything else). See docs/operator-console.md.
 *
 * As the operator types the caller's words, suggestions update (150 ms debounce; a response older
 * than the latest request is dropped). Enter records the words in the call's transcript. 用了这条 /
 * 都不合适 record what was used; 建单 fetches a ticket prefilled from the call, the operator
 * completes it, and it is filed.
 */
import type { HandoffReason } from '../../../engine/types';
import type { EntryKind } from '../../../kb/schema';
import type { Me } from '../../shared/auth';
import { byId, onReady } from '../../shared/dom';
import { mountCallCases, mountTicketCases, type CasesPanel, type Post } from './similar-cases';

/** POST /api/v1/hotline/suggest (SuggestResult in src/hotline/suggest.ts). */
interface Suggestion {
  entryId: string;
  kind: EntryKind;
  title: string;
  department?: string;
  fieldLabel: string;
  found: boolean;
  readOut: string;
  score: number;
  retrieval?: 'embedding';
}
interface SuggestResult {
  suggestions: Suggestion[];
  decision: 'answer' | 'clarify' | 'handoff';
  handoffReason?: HandoffReason;
  suggestTicket: boolean;
}

/** POST /api/v1/hotline/calls/:id/ticket-draft (DraftView in src/hotline/draft.ts). */
interface DraftView {
  draft: {
    demand: { summary: string; detail: string; turns: unknown; candidates: unknown };
  };
  districts?: string[];
  triage?: { department: string; category: { level1: string; level2: string } };
}

interface Issue {
  path?: string;
  message: string;
}

/** The ticket service's answer: the ticket, or a problem with issues. */
interface TicketAnswer {
  id: string;
  department: string;
  dueAt: string;
  message?: string;
  issues?: Issue[];
}

interface ApiResult<T> {
  status: number;
  ok: boolean;
  data: T | null;
}

const API = '/api/v1/hotline';
const DEBOUNCE_MS = 150;
let csrfToken = '';
let callId = '';
let seq = 0;
let shownSeq = 0;
let timer = 0;
let pending: AbortController | null = null;
let lastPosted = '';
let draft: DraftView['draft'] | null = null;

const $ = byId;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string | null, text?: string | number | null): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

function clear(node: Node): void {
  while (node.firstChild) node.removeChild(node.firstChild);
}

function newCallId(): string {
  const bytes = new Uint8Array(6);
  window.crypto.getRandomValues(bytes);
  let hex = '';
  for (const b of bytes) hex += ('0' + b.toString(16)).slice(-2);
  return 'op-' + Date.now().toString(36) + '-' + hex;
}

function toLogin(): void {
  window.location.assign('/login?next=' + encodeURIComponent('/operator'));
}

function status(text?: string): void {
  $('status').textContent = text || '';
}

/** JSON request to the hotline API with the session cookie and the CSRF token. */
function api<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const init: RequestInit = { method, credentials: 'same-origin', headers };
  if (signal) init.signal = signal;
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    headers['X-CSRF-Token'] = csrfToken;
    init.body = JSON.stringify(body);
  }
  return fetch(API + path, init).then((res) => {
    if (res.status === 401) {
      toLogin();
      throw new Error('unauthorized');
    }
    return res
      .json()
      .catch(() => null)
      .then((data: T | null) => ({ status: res.status, ok: res.ok, data }));
  });
}

/** POST to the hotline API, for the similar-cases panels (similar-cases.ts). */
const post: Post = (path, body, signal) => api('POST', path, body, signal);
let ticketCases: CasesPanel | null = null;

// ------------------------------------------------------------ suggestions

const DECISION_TEXT: Partial<Record<HandoffReason, string>> = {
  complaint: '来电人在投诉或反映问题：建议建单转办。',
  specific_case: '来电人在查询或催办具体办件：建议建单转办。',
  asked_for_person: '来电人要求人工处理：可直接答复，或建单转办。',
  prompt_injection: '这句话不像政务咨询。',
  out_of_scope: '知识库里可能没有这个问题的答案，请核对建议或建单。',
  low_confidence: '不能确定来电人问的是哪项业务，请核对建议或追问事项名称。',
};

function renderDecision(result: SuggestResult | null): void {
  const node = $('decision');
  node.className = 'decision';
  let text = '';
  const known = result && result.handoffReason ? DECISION_TEXT[result.handoffReason] : undefined;
  if (known) text = known;
  else if (result && result.decision === 'clarify') text = '有几项相近的业务，请向来电人确认是哪一项。';
  if (result && result.suggestTicket) node.className = 'decision ticket-hint';
  node.textContent = text;
}

function copyText(text: string, button: HTMLButtonElement): void {
  function done(ok: boolean): void {
    button.textContent = ok ? '已复制' : '复制失败';
    window.setTimeout(() => {
      button.textContent = '复制';
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

function renderSuggestions(result: SuggestResult | null): void {
  const list = $('suggestions');
  clear(list);
  const items = (result && result.suggestions) || [];
  $('empty').hidden = items.length > 0;
  if (result && items.length === 0 && $<HTMLTextAreaElement>('caller-text').value.trim()) $('empty').textContent = '没有找到相关的知识库条目。';
  else $('empty').textContent = '输入来电人的问题后，这里显示可以照读的答复。';
  renderDecision(result);
  items.forEach((s, i) => {
    const li = el('li', 'card');
    li.setAttribute('data-entry-id', s.entryId);
    const head = el('div', 'head');
    head.appendChild(el('span', 'title', i + 1 + '. ' + s.title));
    head.appendChild(el('span', 'meta', (s.department || '') + (s.department ? ' · ' : '') + (s.retrieval === 'embedding' ? '语义相近 ' : '匹配度 ') + s.score));
    li.appendChild(head);
    li.appendChild(el('span', 'field-label' + (s.found ? '' : ' missing'), '问的是：' + s.fieldLabel + (s.found ? '' : '（条目未写明）')));
    li.appendChild(el('div', 'readout', s.readOut));
    const buttons = el('div', 'buttons');
    const copy = el('button', 'secondary copy', '复制');
    copy.type = 'button';
    copy.addEventListener('click', () => copyText(s.readOut, copy));
    const use = el('button', 'use', '用了这条');
    use.type = 'button';
    use.addEventListener('click', () => markUsed(s.entryId, li, s.title));
    buttons.appendChild(copy);
    buttons.appendChild(use);
    li.appendChild(buttons);
    list.appendChild(li);
  });
}

function requestSuggestions(): void {
  const text = $<HTMLTextAreaElement>('caller-text').value;
  const mine = ++seq;
  if (pending) pending.abort();
  pending = typeof AbortController === 'function' ? new AbortController() : null;
  if (!text.trim()) {
    shownSeq = mine;
    renderSuggestions(null);
    return;
  }
  api<SuggestResult>('POST', '/suggest', { text, callId }, pending ? pending.signal : undefined)
    .then((r) => {
      // A slower, older response must not replace a newer one.
      if (mine < shownSeq || mine !== seq) return;
      shownSeq = mine;
      if (r.ok) renderSuggestions(r.data);
      else status('获取建议失败（' + r.status + '）');
    })
    .catch((err: unknown) => {
      if (err instanceof Error && (err.name === 'AbortError' || err.message === 'unauthorized')) return;
      status('无法连接服务器。');
    });
}

function scheduleSuggestions(): void {
  window.clearTimeout(timer);
  timer = window.setTimeout(requestSuggestions, DEBOUNCE_MS);
}

// ------------------------------------------------------------ transcript

function addTranscriptLine(speaker: 'caller', text: string): void {
  const li = el('li', speaker, (speaker === 'caller' ? '来电人：' : '话务员：') + text);
  $('transcript').appendChild(li);
  li.scrollIntoView({ block: 'nearest' });
}

/** Records the box's text as the caller's words (once). The answer holds the suggestions for them. */
function flush(): Promise<ApiResult<SuggestResult> | null> {
  const box = $<HTMLTextAreaElement>('caller-text');
  const text = box.value.trim();
  if (!text || text === lastPosted) return Promise.resolve(null);
  lastPosted = text;
  return api<SuggestResult>('POST', '/calls/' + encodeURIComponent(callId) + '/utterances', { text, speaker: 'caller' }).then((r) => {
    if (r.ok) addTranscriptLine('caller', text);
    else status('记录通话内容失败（' + r.status + '）');
    return r;
  });
}

function markUsed(entryId: string | null, card: HTMLElement | null, title: string): void {
  flush()
    .then(() => api('POST', '/calls/' + encodeURIComponent(callId) + '/used', { entryId }))
    .then((r) => {
      if (!r.ok) return status('记录失败（' + r.status + '）');
      if (card) card.classList.add('used');
      status(entryId ? '已记录：用了“' + title + '”。' : '已记录：没有合适的建议。');
    })
    .catch(() => {
      status('无法连接服务器。');
    });
}

// ------------------------------------------------------------ ticket

const FIELDS = ['demand.summary', 'demand.detail', 'enterprise.name', 'enterprise.creditCode', 'enterprise.district', 'contact.name', 'contact.phone'];

function input(path: string): HTMLInputElement {
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
  $('ticket-error').textContent = general.length ? general.join('；') : '请按提示修改标出的字段。';
  if (first) first.focus();
}

function openTicket(): void {
  flush()
    .then(() => api<DraftView>('POST', '/calls/' + encodeURIComponent(callId) + '/ticket-draft', {}))
    .then((r) => {
      if (!r.ok || !r.data) return status('生成工单草稿失败（' + r.status + '）');
      draft = r.data.draft;
      clearErrors();
      $('ticket-result').textContent = '';
      input('demand.summary').value = draft.demand.summary;
      input('demand.detail').value = draft.demand.detail;
      const list = $('district-list');
      clear(list);
      for (const name of r.data.districts || []) {
        const option = el('option');
        option.value = name;
        list.appendChild(option);
      }
      const t = r.data.triage;
      $('triage').textContent = t ? '预计分派：' + t.department + '（' + t.category.level1 + ' / ' + t.category.level2 + '）' : '';
      $('ticket-panel').hidden = false;
      $<HTMLButtonElement>('send-ticket').disabled = false;
      $('ticket-panel').scrollIntoView({ block: 'start' });
      input('enterprise.name').focus();
      if (ticketCases) ticketCases.refresh();
    })
    .catch(() => {
      status('无法连接服务器。');
    });
}

function sendTicket(event: Event): void {
  event.preventDefault();
  if (!draft) return;
  clearErrors();
  const body = {
    enterprise: {
      name: input('enterprise.name').value,
      creditCode: input('enterprise.creditCode').value,
      district: input('enterprise.district').value,
    },
    contact: { name: input('contact.name').value, phone: input('contact.phone').value },
    demand: {
      summary: input('demand.summary').value,
      detail: input('demand.detail').value,
      turns: draft.demand.turns,
      candidates: draft.demand.candidates,
    },
  };
  const send = $<HTMLButtonElement>('send-ticket');
  send.disabled = true;
  api<TicketAnswer>('POST', '/calls/' + encodeURIComponent(callId) + '/ticket', body)
    .then((r) => {
      send.disabled = false;
      if (r.status === 400 && r.data && r.data.issues) return showIssues(r.data.issues);
      if (!r.ok || !r.data) {
        $('ticket-error').textContent = (r.data && r.data.message) || '提交失败（' + r.status + '）';
        return;
      }
      $('ticket-result').textContent = '工单已提交：' + r.data.id + '，承办部门：' + r.data.department + '，办理时限至 ' + r.data.dueAt;
      $('ticket-result').setAttribute('data-ticket-id', r.data.id);
      send.disabled = true;
    })
    .catch(() => {
      send.disabled = false;
      $('ticket-error').textContent = '无法连接服务器。';
    });
}

// ------------------------------------------------------------ start

function startCall(): void {
  callId = newCallId();
  lastPosted = '';
  draft = null;
  $('call-label').textContent = '通话 ' + callId;
  clear($('transcript'));
  $<HTMLTextAreaElement>('caller-text').value = '';
  $('ticket-panel').hidden = true;
  renderSuggestions(null);
  status('');
}

function start(): void {
  fetch('/api/v1/auth/me', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
    .then((res) => {
      if (!res.ok) throw new Error('unauthorized');
      return res.json() as Promise<Me>;
    })
    .then((me) => {
      csrfToken = me.csrfToken || '';
      $('who').textContent = (me.user && (me.user.displayName || me.user.username)) || '';
    })
    .catch(() => {
      toLogin();
    });

  startCall();
  mountCallCases(post);
  ticketCases = mountTicketCases(post);
  const box = $<HTMLTextAreaElement>('caller-text');
  box.addEventListener('input', scheduleSuggestions);
  box.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
    event.preventDefault();
    window.clearTimeout(timer);
    void flush().then((r) => {
      if (!r || !r.ok) return;
      seq++;
      shownSeq = seq;
      box.value = '';
      renderSuggestions(r.data);
    });
  });
  $('none-used').addEventListener('click', () => markUsed(null, null, ''));
  $('open-ticket').addEventListener('click', openTicket);
  $('ticket-form').addEventListener('submit', sendTicket);
  $('close-ticket').addEventListener('click', () => {
    $('ticket-panel').hidden = true;
  });
  $('new-call').addEventListener('click', startCall);
}

onReady(start);
