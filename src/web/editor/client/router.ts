/**
 * Hash routing: #/entries?q&kind&department&offset · #/entry/<id> · #/new/<kind> · #/synonyms ·
 * #/routing · #/import · #/change-sets · #/change-set/<id> · #/audit · #/model. main.ts registers the views.
 */
import { state } from './api';
import { clear, flash } from './dom';

export interface Route {
  view: string;
  arg: string;
  params: URLSearchParams;
}

export type View = (main: HTMLElement, r: Route) => void;

let views: Record<string, View> = {};
let fallback: View = () => undefined;

/** The views by name; `fallback` for any other hash. */
export function registerViews(all: Record<string, View>, otherwise: View): void {
  views = all;
  fallback = otherwise;
}

function parseHash(): Route {
  const h = window.location.hash.replace(/^#\/?/, '');
  const q = h.indexOf('?');
  const path = q >= 0 ? h.slice(0, q) : h;
  const params = new URLSearchParams(q >= 0 ? h.slice(q + 1) : '');
  const parts = path.split('/').map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return p;
    }
  });
  return { view: parts[0] || 'entries', arg: parts.slice(1).join('/'), params };
}

let keepFlash = false;
export function route(): void {
  const r = parseHash();
  if (!keepFlash) flash('');
  keepFlash = false;
  for (const a of document.querySelectorAll('#nav a[data-view]')) {
    const v = a.getAttribute('data-view');
    const on = v === r.view || (v === 'entries' && (r.view === 'entry' || r.view === 'new')) || (v === 'change-sets' && r.view === 'change-set');
    if (on) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  const main = clear(state.main!);
  (Object.prototype.hasOwnProperty.call(views, r.view) ? views[r.view]! : fallback)(main, r);
}

/** Shows another view; keep: the message just flashed stays (e.g. "已创建" after a create). */
export function go(hash: string, keep?: boolean): void {
  keepFlash = Boolean(keep);
  if (window.location.hash === hash) route();
  else window.location.hash = hash;
}
