/* The unanswered-questions inbox (GET /api/v1/admin/kb/inbox); every text goes in via textContent. */
import type { HandoffReason } from '../../../engine/types';
import type { EntryKind } from '../../../kb/schema';
import type { InboxAlternateAnswer, InboxAnswer } from '../../../inbox/api';
import * as C from '../../shared/console';
import { byId, messageOf } from '../../shared/dom';

const el = C.el;

/** The inbox's answers: the zod-inferred types the server answers with (src/inbox/api.ts). */
type InboxGroupView = InboxAnswer['groups'][number];

const REASONS: Partial<Record<string, string>> = {
  asked_for_person: '要求人工',
  complaint: '投诉',
  specific_case: '个案',
  out_of_scope: '超出范围',
  low_confidence: '把握不足',
  empty: '空问题',
  invalid_input: '无效输入',
  prompt_injection: '提示注入',
} satisfies Record<HandoffReason, string>;
const KINDS: Partial<Record<string, string>> = { item: '事项', policy: '政策', faq: '常见问题' } satisfies Record<EntryKind, string>;

const days = (): string => byId<HTMLSelectElement>('days').value;

function reasonChips(r: InboxGroupView['reasons']): HTMLElement[] {
  const out: HTMLElement[] = [];
  for (const [k, n] of Object.entries(r.handoff)) out.push(el('span', 'chip handoff', '转人工·' + (REASONS[k] || k) + ' ' + n));
  if (r.unhelpful) out.push(el('span', 'chip unhelpful', '👎 ' + r.unhelpful));
  if (r.lowConfidence) out.push(el('span', 'chip low', '低置信度 ' + r.lowConfidence));
  return out;
}

async function act<T>(path: string, body: unknown, done: (r: T) => string): Promise<void> {
  C.status('处理中…');
  try {
    const r = await C.api<T>('POST', path + '?days=' + encodeURIComponent(days()), body);
    await load();
    C.status(done(r));
  } catch (err) {
    C.status(messageOf(err), true);
  }
}


function alternateButton(g: InboxGroupView, li: HTMLElement, entryId: string, label: string): HTMLButtonElement {
  const b = el('button', 'alt', label);
  b.type = 'button';
  b.addEventListener('click', () => {
    const q = li.querySelector<HTMLInputElement>('.edit-question')!.value;
    void act<InboxAlternateAnswer>('/api/v1/admin/kb/inbox/groups/' + g.id + '/alternate', { entryId, question: q }, (r) =>
      r.changed
        ? '已将“' + r.question + '”加入 ' + r.entryId + ' 的' + (r.field === 'alternates' ? '相似问法' : '别名') + '（草稿版本 ' + r.version + '，发布后生效）'
        : r.entryId + ' 已有此问法，问题组已处理',
    );
  });
  return b;
}

function faqForm(g: InboxGroupView): HTMLFormElement {
  const form = el('form', 'faq-form');
  form.hidden = true;
  const q = el('input');
  q.name = 'question';
  q.value = g.question;
  q.maxLength = 200;
  const a = el('textarea');
  a.name = 'answer';
  a.rows = 4;
  a.placeholder = '回答（必填）';
  const d = el('input');
  d.name = 'department';
  d.placeholder = '部门（可选）';
  const save = el('button', 'primary', '保存为草稿');
  save.type = 'submit';
  const l1 = el('label', null, '问题');
  l1.appendChild(q);
  const l2 = el('label', null, '回答');
  l2.appendChild(a);
  const l3 = el('label', null, '部门');
  l3.appendChild(d);
  for (const n of [l1, l2, l3, save]) form.appendChild(n);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const body: { question: string; answer: string; department?: string } = { question: q.value.trim(), answer: a.value.trim() };
    if (d.value.trim()) body.department = d.value.trim();
    void act<{ entry: { id: string } }>('/api/v1/admin/kb/inbox/groups/' + g.id + '/faq', body, (r) => '已新建常见问题 ' + r.entry.id + '（草稿，发布后生效）');
  });
  return form;
}

function groupItem(g: InboxGroupView): HTMLLIElement {
  const li = el('li', 'group');
  li.dataset.id = g.id;
  const head = el('div', 'group-head');
  head.appendChild(el('span', 'count', String(g.count)));
  head.appendChild(el('span', 'question', g.question));
  for (const c of reasonChips(g.reasons)) head.appendChild(c);
  li.appendChild(head);

  const meta = el('p', 'meta', g.distinct + ' 种问法 · 最近 ' + new Date(g.lastAt).toLocaleString('zh-CN'));
  li.appendChild(meta);
  const ex = el('ul', 'examples');
  for (const e of g.examples) ex.appendChild(el('li', 'example', e.question + (e.count > 1 ? '（' + e.count + ' 次）' : '')));
  li.appendChild(ex);

  const edit = el('label', 'edit', '要添加的问法');
  const input = el('input', 'edit-question');
  input.value = g.question;
  input.maxLength = 200;
  edit.appendChild(input);
  li.appendChild(edit);

  const actions = el('div', 'actions');
  const seen = new Set<string>();
  const offered: { entryId: string; kind?: EntryKind; title?: string }[] = [...g.answeredEntries, ...g.candidates];
  for (const c of offered) {
    if (seen.has(c.entryId)) continue;
    seen.add(c.entryId);
    const what = c.kind === 'faq' ? '相似问法' : '别名';
    const kind = c.kind ? '（' + (KINDS[c.kind] || c.kind) + '）' : '';
    actions.appendChild(alternateButton(g, li, c.entryId, '加为「' + (c.title || c.entryId) + '」的' + what + kind));
  }
  const other = el('input', 'entry-id');
  other.placeholder = '其他条目编号';
  const otherBtn = el('button', 'alt', '加到该条目');
  otherBtn.type = 'button';
  otherBtn.addEventListener('click', () => {
    if (!other.value.trim()) return C.status('请填写条目编号', true);
    alternateButton(g, li, other.value.trim(), '').click();
  });
  actions.appendChild(other);
  actions.appendChild(otherBtn);
  const form = faqForm(g);
  const faq = el('button', 'new-faq', '新建常见问题');
  faq.type = 'button';
  faq.addEventListener('click', () => {
    form.hidden = !form.hidden;
    if (!form.hidden) form.querySelector('textarea')!.focus();
  });
  const dismiss = el('button', 'dismiss', '忽略');
  dismiss.type = 'button';
  dismiss.addEventListener('click', () => {
    void act('/api/v1/admin/kb/inbox/groups/' + g.id + '/dismiss', undefined, () => '已忽略（再次出现时会重新列出）');
  });
  actions.appendChild(faq);
  actions.appendChild(dismiss);
  li.appendChild(actions);
  li.appendChild(form);
  return li;
}

async function load(): Promise<void> {
  const list = byId('groups');
  try {
    const data = await C.api<InboxAnswer>('GET', '/api/v1/admin/kb/inbox?days=' + encodeURIComponent(days()));
    list.replaceChildren();
    for (const g of data.groups) list.appendChild(groupItem(g));
    byId('summary').textContent = '共 ' + data.total + ' 组 · 低置信度阈值 ' + data.lowConfidence;
    if (!data.groups.length) list.appendChild(el('li', 'empty', '没有待答问题'));
    document.body.dataset.loaded = 'true';
  } catch (err) {
    C.status(messageOf(err), true);
  }
}

async function start(): Promise<void> {
  const user = await C.me();
  if (!user) return;
  C.showUser(user);
  byId('reload').addEventListener('click', () => {
    C.status('');
    void load();
  });
  byId('days').addEventListener('change', () => void load());
  await load();
}

start().catch((err: unknown) => C.status(messageOf(err), true));
