/**
 * The chat page's messages as DOM nodes. Everything from the server, the user or storage is set
 * with textContent or as attribute values; nothing is ever parsed as HTML. The only link is a
 * card's onlineUrl, and only with an http(s) scheme.
 */
import type { UserInput } from '../../../../conversation/types';
import { icon } from './icons';
import { L, type LabelKey, type PageScript } from './labels';
import type { BotEntry, ChatMessage, HistoryEntry } from './messages';

/** What the rendered controls do: kept by the page (main.ts). */
export interface RenderContext {
  /** Saves the history (after a control changed an entry's ui). */
  save(): void;
  /** Sends an input (a button's label and UserInput); silent: no bubble for it (👍/👎). */
  deliver(item: { text: string; qihu?: UserInput }, opts?: { silent?: boolean }): void;
  /** Focus back where typing goes on (not the keyboard on phones). */
  refocus(): void;
}

type Props = Record<string, string | number | boolean | null | undefined | ((ev: Event) => void)>;
type Child = Node | string | null | undefined | false;

/** A message's labels follow its own script (a traditional-script answer: 已備, 辦事信息). */
const labelsOf =
  (script: PageScript | undefined) =>
  (key: LabelKey, vars?: Record<string, string | number>): string =>
    L(key, vars, script ?? 'simplified');

const URL_IN_TEXT = /https?:\/\/[^\s<>"'，。；、！？（）()【】]+/g;

/**
 * Text with its http(s) URLs as links: each is checked with safeHttpUrl, opened in a new window
 * with rel="noopener noreferrer", and set as an attribute, never parsed; the rest stays text.
 */
export function linkified(text: string): (Node | string)[] {
  const out: (Node | string)[] = [];
  let at = 0;
  for (const m of text.matchAll(URL_IN_TEXT)) {
    const raw = m[0].replace(/[.,:;!?]+$/, '');
    const url = safeHttpUrl(raw);
    if (!url || m.index === undefined) continue;
    if (m.index > at) out.push(text.slice(at, m.index));
    out.push(el('a', { href: url, target: '_blank', rel: 'noopener noreferrer', class: 'inline-link', text: raw }));
    at = m.index + raw.length;
  }
  if (at < text.length) out.push(text.slice(at));
  return out;
}

/** An element with properties/attributes and text or element children. Text is always textContent. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props?: Props | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (typeof v === 'function') node.addEventListener(k.slice(2), v);
    else if (k === 'class') node.className = String(v);
    else if (k === 'text') node.textContent = String(v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return node;
}

/** An http(s) URL, or undefined: no javascript:, data:, relative or malformed links. */
export function safeHttpUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

export function renderEntry(entry: HistoryEntry, ctx: RenderContext): HTMLLIElement {
  if (entry.role === 'user') {
    return el(
      'li',
      { class: 'msg user' + (entry.pending ? ' pending' : ''), 'data-id': entry.id },
      el('span', { class: 'visually-hidden', text: L('you') }),
      el('div', { class: 'bubble', text: entry.text }),
      entry.pending ? el('span', { class: 'meta', text: L('waiting') }) : null,
    );
  }
  if (entry.role === 'note') {
    return el('li', { class: 'msg note', 'data-id': entry.id }, el('p', { class: 'bubble' }, ...linkified(entry.text)));
  }
  const msg = entry.msg;
  const li = el('li', { class: 'msg bot t-' + msg.type, 'data-id': entry.id, 'data-type': msg.type });
  // A person answers (live hand-off): their name, not the assistant's.
  if (msg.agent) li.append(el('span', { class: 'agent', text: L('agent', { name: msg.agent }) }));
  else li.append(el('span', { class: 'visually-hidden', text: L('bot', undefined, msg.script) }));
  if (msg.type === 'answer' && msg.card) {
    li.append(renderCard(entry, ctx));
  } else {
    const bubble = el('div', { class: 'bubble' }, ...linkified(bubbleText(msg)));
    if (msg.type === 'ticket' && msg.ticketId) bubble.append(renderTicketId(msg.ticketId, msg.script));
    if (msg.type === 'answer' && msg.turnId) bubble.append(renderFeedback(entry, ctx));
    li.append(bubble);
  }
  if (msg.choices && msg.choices.length) li.append(renderChoices(entry, ctx));
  return li;
}

/**
 * A clarify question lists its options as "1. …" lines for typing a number; the buttons show the
 * same list (numbered), so the lines are left out of the bubble.
 */
function bubbleText(msg: ChatMessage): string {
  if (msg.type !== 'clarify' || !msg.choices || !msg.choices.length) return msg.text;
  const lines = msg.text.split('\n');
  const numbered = lines.filter((l) => /^\s*\d+[.、]\s*\S/.test(l));
  if (numbered.length !== msg.choices.length) return msg.text;
  return lines
    .filter((l) => !numbered.includes(l))
    .join('\n')
    .trim();
}

function renderCard(entry: BotEntry, ctx: RenderContext): HTMLElement {
  const card = entry.msg.card!;
  const t = labelsOf(entry.msg.script);
  const id = entry.id;
  const article = el('article', { class: 'card', 'aria-labelledby': id + '-title' });
  article.append(el('h2', { id: id + '-title', text: card.title }));
  if (card.department) article.append(el('p', { class: 'dept', text: card.department }));

  // The asked field first. Asked for materials: the checklist is the answer (the body's numbered
  // lines are the same list), with the body's other lines (intro, notes) above it.
  const asksMaterials = card.field === 'materials' && card.materials && card.materials.length > 0;
  const fieldSection = el('section', { class: 'field' });
  article.append(fieldSection);
  if (asksMaterials) {
    const notes = card.body
      .split('\n')
      .filter((line) => line.trim() && !/^\s*\d+[.、)）]/.test(line))
      .join('\n');
    fieldSection.append(...renderMaterials(entry, ctx, card.fieldLabel || t('materials'), notes));
  } else {
    fieldSection.append(el('h3', { text: card.fieldLabel }), el('p', { class: 'body' }, ...linkified(card.body)));
    // Not what was asked: the checklist folded away, one tap to open.
    if (card.materials && card.materials.length) {
      article.append(el('details', { class: 'materials-more' }, ...renderMaterials(entry, ctx, t('materialsMore'), '', 'summary')));
    }
  }

  if (card.facts.length) {
    const dl = el('dl', { class: 'facts' });
    for (const f of card.facts) dl.append(el('dt', { text: f.label }), el('dd', null, ...linkified(f.value)));
    article.append(el('section', null, el('h3', { text: t('facts') }), dl));
  }

  const url = safeHttpUrl(card.onlineUrl);
  if (url) {
    article.append(
      el('a', { class: 'online', href: url, target: '_blank', rel: 'noopener noreferrer' }, t('online'), icon('external'), el('span', { class: 'visually-hidden', text: t('newWindow') })),
    );
  }
  if (card.source) article.append(el('p', { class: 'source', text: t('source') + card.source }));
  if (entry.msg.turnId) article.append(renderFeedback(entry, ctx));
  return article;
}

/** The materials as a checklist the user can tick (kept only in this browser). */
function renderMaterials(entry: BotEntry, ctx: RenderContext, heading: string, notes: string, headingTag: 'h3' | 'summary' = 'h3'): HTMLElement[] {
  const card = entry.msg.card!;
  const materials = card.materials ?? [];
  const t = labelsOf(entry.msg.script);
  const id = entry.id;
  const checked = new Set(entry.ui.checked || []);
  const count = el('span', { class: 'materials-count' });
  const updateCount = () => {
    count.textContent = `${t('ready')} ${checked.size}/${materials.length}`;
  };
  updateCount();
  const list = el('ul', { class: 'materials', 'aria-label': heading + t('checklistHint') });
  materials.forEach((m, i) => {
    const box = el('input', {
      type: 'checkbox',
      id: `${id}-m${i}`,
      onchange: (ev: Event) => {
        if ((ev.target as HTMLInputElement).checked) checked.add(i);
        else checked.delete(i);
        entry.ui.checked = Array.from(checked).sort((a, b) => a - b);
        updateCount();
        ctx.save();
      },
    });
    box.checked = checked.has(i);
    const text = el('span', null, el('span', { class: 'name', text: m.name }), m.detail ? el('span', { class: 'detail', text: m.detail }) : null);
    list.append(el('li', null, el('label', { for: `${id}-m${i}` }, box, text)));
  });
  const out: HTMLElement[] = [el(headingTag, null, heading, count)];
  if (notes) out.push(el('p', { class: 'body notes', text: notes }));
  out.push(list, renderChecklistTools(entry, t));
  return out;
}

/** The checklist as plain text: the item's title, then one numbered line per material, ticked ones marked. */
export function checklistText(entry: BotEntry): string {
  const card = entry.msg.card!;
  const checked = new Set(entry.ui.checked || []);
  const lines = (card.materials ?? []).map((m, i) => `${checked.has(i) ? '☑' : '☐'} ${i + 1}. ${m.name}${m.detail ? `（${m.detail}）` : ''}`);
  return [card.title, ...lines, card.source ? `${labelsOf(entry.msg.script)('source')}${card.source}` : ''].filter(Boolean).join('\n');
}

/** 复制清单 / 打印清单: the materials to take along, on paper or pasted elsewhere. */
function renderChecklistTools(entry: BotEntry, t: ReturnType<typeof labelsOf>): HTMLElement {
  const status = el('span', { class: 'copy-status', role: 'status' });
  const copy = el(
    'button',
    {
      type: 'button',
      class: 'tool copy-list',
      onclick: () => {
        const text = checklistText(entry);
        hidden.textContent = text;
        void copyText(text, hidden).then((ok) => {
          status.textContent = ok ? t('listCopied') : t('copyFailed');
        });
      },
    },
    icon('copy'),
    t('copyList'),
  );
  // The selection fallback copies from a node holding the text (plain-http origins).
  const hidden = el('pre', { class: 'visually-hidden copy-source', 'aria-hidden': 'true' });
  const print = el(
    'button',
    {
      type: 'button',
      class: 'tool print-list',
      onclick: (ev: Event) => {
        // Only this card is printed (chat.css, @media print).
        const article = (ev.currentTarget as HTMLElement).closest('article');
        if (!article) return;
        article.classList.add('printing');
        document.body.classList.add('printing-card');
        const done = () => {
          article.classList.remove('printing');
          document.body.classList.remove('printing-card');
          window.removeEventListener('afterprint', done);
        };
        window.addEventListener('afterprint', done);
        window.print();
        // Some browsers never fire afterprint: tidy up on the next turn of the loop as well.
        setTimeout(done, 1000);
      },
    },
    icon('print'),
    t('printList'),
  );
  return el('div', { class: 'checklist-tools' }, copy, print, status, hidden);
}

function renderFeedback(entry: BotEntry, ctx: RenderContext): HTMLElement {
  const t = labelsOf(entry.msg.script);
  const turnId = entry.msg.turnId!;
  const given = entry.ui.feedback;
  const status = el('span', { class: 'thanks', role: 'status' });
  const row = el('div', { class: 'feedback', role: 'group', 'aria-label': t('helpfulGroup') }, el('span', { text: t('helpfulQ') }));
  const make = (helpful: boolean, label: string) =>
    el('button', {
      type: 'button',
      class: 'vote',
      'aria-label': label,
      title: label,
      'aria-pressed': given === helpful ? 'true' : 'false',
      disabled: given !== undefined,
      onclick: () => {
        if (entry.ui.feedback !== undefined) return;
        entry.ui.feedback = helpful;
        ctx.save();
        for (const b of row.querySelectorAll('button')) b.disabled = true;
        (helpful ? up : down).setAttribute('aria-pressed', 'true');
        status.textContent = t('thanks');
        ctx.deliver({ text: label, qihu: { action: 'feedback', turnId, helpful } }, { silent: true });
        ctx.refocus();
      },
    });
  const up = make(true, t('helpful'));
  const down = make(false, t('unhelpful'));
  up.append(icon('thumbUp'));
  down.append(icon('thumbDown'));
  if (given !== undefined) status.textContent = t('thanks');
  row.append(up, down, status);
  return row;
}

function renderTicketId(ticketId: string, script: PageScript | undefined): HTMLElement {
  const t = labelsOf(script);
  const code = el('code', { text: ticketId });
  const status = el('span', { class: 'copy-status', role: 'status' });
  const button = el(
    'button',
    {
      type: 'button',
      class: 'copy',
      'aria-label': t('copyTicket') + ticketId,
      onclick: () =>
        void copyText(ticketId, code).then((ok) => {
          status.textContent = ok ? t('copied') : t('copyManually');
        }),
    },
    icon('copy'),
    t('copy'),
  );
  return el('div', { class: 'ticket-id' }, el('span', { class: 'label', text: t('ticketNo') }), code, button, status);
}

export async function copyText(text: string, node: Node): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      // A permission prompt may never be answered: do not wait for it for long.
      const timeout = new Promise((_, fail) => setTimeout(() => fail(new Error('timeout')), 1500));
      await Promise.race([navigator.clipboard.writeText(text), timeout]);
      return true;
    }
  } catch {
    /* fall through to the selection */
  }
  try {
    const range = document.createRange();
    range.selectNodeContents(node);
    const sel = window.getSelection()!;
    sel.removeAllRanges();
    sel.addRange(range);
    return document.execCommand('copy');
  } catch {
    return false;
  }
}

function renderChoices(entry: BotEntry, ctx: RenderContext): HTMLElement {
  const { msg } = entry;
  const choices = msg.choices ?? [];
  const rating = choices.every((c) => 'action' in c.input && c.input.action === 'rate');
  const t = labelsOf(msg.script);
  const label = rating ? t('rating') : msg.type === 'clarify' ? t('pickItem') : t('actions');
  const group = el('div', { class: 'choices' + (rating ? ' rating' : ''), role: 'group', 'aria-label': label });
  const numberedChoices = msg.type === 'clarify' && bubbleText(msg) !== msg.text;
  choices.forEach((choice, i) => {
    group.append(
      el('button', {
        type: 'button',
        class: 'choice',
        text: numberedChoices ? `${i + 1}. ${choice.label}` : choice.label,
        disabled: entry.ui.closed === true,
        'aria-pressed': entry.ui.picked === i ? 'true' : undefined,
        onclick: (ev: Event) => {
          if (entry.ui.closed) return;
          entry.ui.picked = i;
          (ev.currentTarget as HTMLElement).setAttribute('aria-pressed', 'true');
          ctx.deliver({ text: choice.label, qihu: choice.input });
          ctx.refocus();
        },
      }),
    );
  });
  return group;
}
