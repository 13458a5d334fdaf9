/** The console's DOM helpers: elements with text (textContent only: Trusted Types allow nothing else) and the status line. */
import { byId } from '../../shared/dom';

export { byId as $ };

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string | null, text?: string | number | null): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

export function clear(node: Node): void {
  while (node.firstChild) node.removeChild(node.firstChild);
}

export function status(text?: string): void {
  byId('status').textContent = text || '';
}

/** Calls fn once typing has paused for ms; a new call in between starts the wait again. */
export function debounce(fn: () => void, ms: number): { schedule(): void; cancel(): void } {
  let timer = 0;
  return {
    schedule() {
      window.clearTimeout(timer);
      timer = window.setTimeout(fn, ms);
    },
    cancel() {
      window.clearTimeout(timer);
    },
  };
}
