/** The console's DOM helpers: nodes built with createElement, text set with textContent only. */
import { byId } from '../../shared/dom';

export { byId };

type AttrValue = string | number | boolean | null | undefined;
type Handlers = Partial<Record<string, (ev: Event) => void>>;
export type Attrs = Record<string, AttrValue | Handlers>;
export type Child = Node | string | number | null | undefined | false | Child[];

/** el('tag', {attr: value, class: 'x', on: {click: fn}}, child, 'text', [children]) */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (typeof v === 'object') {
        if (k === 'on') for (const [ev, fn] of Object.entries(v)) if (fn) node.addEventListener(ev, fn);
      } else if (k === 'class') node.className = String(v);
      else if (k === 'text') node.textContent = String(v);
      else if (k === 'value') (node as unknown as { value: string }).value = String(v);
      else if (k === 'checked') (node as unknown as { checked: boolean }).checked = Boolean(v);
      else if (k === 'disabled') (node as unknown as { disabled: boolean }).disabled = Boolean(v);
      else if (k === 'readOnly') (node as unknown as { readOnly: boolean }).readOnly = Boolean(v);
      else node.setAttribute(k, v === true ? '' : String(v));
    }
  }
  for (const child of children) append(node, child);
  return node;
}

export function append(node: Node, child: Child): void {
  if (child === undefined || child === null || child === false) return;
  if (Array.isArray(child)) {
    for (const c of child) append(node, c);
    return;
  }
  node.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
}

export function clear<T extends Node>(node: T): T {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}


export function fmtTime(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (isNaN(d.getTime())) return String(iso);
  const p = (n: number) => (n < 10 ? '0' : '') + n;
  return d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate()) + ' ' + p(d.getHours()) + ':' + p(d.getMinutes()) + ':' + p(d.getSeconds());
}

/** A field value for a diff cell: strings as they are, anything else as JSON. */
export function show(value: unknown): string {
  if (value === undefined) return '—';
  if (typeof value === 'string') return value;
  return JSON.stringify(value, null, 1);
}

let flashTimer = 0;
/** The message line under the status bar; 'ok' messages go away after 6 s. */
export function flash(text: string, kind?: 'ok' | 'error'): void {
  const f = byId('flash');
  f.textContent = text || '';
  f.className = 'flash ' + (kind || '');
  clearTimeout(flashTimer);
  if (text && kind === 'ok') {
    flashTimer = window.setTimeout(() => {
      f.textContent = '';
      f.className = 'flash';
    }, 6000);
  }
}

/** A header row of th cells. */
export const headRow = (titles: readonly string[], cls?: string): HTMLElement =>
  el('thead', null, el('tr', null, titles.map((t) => el('th', cls ? { class: cls, text: t } : { text: t }))));
