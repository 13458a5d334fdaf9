/*
 * 相似往期案例: the three past cases most like what the caller said so far (the call's recorded
 * words and what is being typed, 300 ms after the last key), and, in the ticket form, most like the
 * ticket's summary and detail. Each case is drawn by src/web/shared/similar-cases.ts, as on a
 * ticket's page in the 督办 view. Everything reaches the page through textContent. See docs/cases.md.
 */
import { byId } from '../../shared/dom';
import { CASES_TEXT, caseCard as card, type SimilarCases } from '../../shared/similar-cases';

export type Post = <T>(path: string, body: unknown, signal?: AbortSignal) => Promise<{ ok: boolean; status: number; data: T | null }>;

export interface CasesPanel {
  /** Asks again after the debounce. */
  schedule(): void;
  /** Asks again now. */
  refresh(): void;
  clear(): void;
}

const DEBOUNCE_MS = 300;
const IDLE_HINT = '来电人说的话会在这里对照往期相似案例及其答复。';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string | null, text?: string | null): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

/** A panel in `into` for the text `textOf` gives; `watch`ed fields ask again as they change. */
export function mountSimilarCases(opts: { into: HTMLElement; textOf: () => string; post: Post; watch?: HTMLElement[]; idleHint?: string }): CasesPanel {
  const list = el('ol', 'cases');
  const hint = el('p', 'hint', opts.idleHint ?? IDLE_HINT);
  opts.into.appendChild(hint);
  opts.into.appendChild(list);
  let timer = 0;
  let seq = 0;
  let pending: AbortController | null = null;
  let lastText = '';

  function show(result: SimilarCases | null, message?: string): void {
    while (list.firstChild) list.removeChild(list.firstChild);
    const cases = (result && result.cases) || [];
    cases.forEach((c, i) => list.appendChild(card(c, i)));
    hint.hidden = cases.length > 0;
    hint.textContent = message || (result && result.total === 0 ? CASES_TEXT.noCases : result ? CASES_TEXT.noneSimilar : opts.idleHint ?? IDLE_HINT);
  }

  function refresh(): void {
    window.clearTimeout(timer);
    const text = opts.textOf().trim();
    if (text === lastText) return;
    lastText = text;
    const mine = ++seq;
    if (pending) pending.abort();
    pending = typeof AbortController === 'function' ? new AbortController() : null;
    if (!text) return show(null);
    opts
      .post<SimilarCases>('/cases/similar', { text: text.slice(0, 4000) }, pending ? pending.signal : undefined)
      .then((r) => {
        // Only the answer to the latest request is shown.
        if (mine !== seq) return;
        if (r.ok) show(r.data);
        else show(null, '获取相似案例失败（' + r.status + '）');
      })
      .catch((err: unknown) => {
        if (mine !== seq || (err instanceof Error && (err.name === 'AbortError' || err.message === 'unauthorized'))) return;
        show(null, '无法连接服务器。');
      });
  }

  function schedule(): void {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, DEBOUNCE_MS);
  }

  function clear(): void {
    window.clearTimeout(timer);
    seq++;
    lastText = '';
    if (pending) pending.abort();
    show(null);
  }

  for (const field of opts.watch || []) field.addEventListener('input', schedule);
  show(null);
  return { schedule, refresh, clear };
}

/** The caller's words so far: the lines recorded in the call's transcript, and what is being typed. */
function callerWords(): string {
  const lines = Array.prototype.map.call(document.querySelectorAll('#transcript li.caller'), (li: Element) =>
    (li.textContent || '').replace(/^来电人：/, ''),
  ) as string[];
  return lines.concat(byId<HTMLTextAreaElement>('caller-text').value).join('\n');
}

/** The panel beside the suggestions, following the call; 新来电 empties it. */
export function mountCallCases(post: Post): CasesPanel {
  const panel = mountSimilarCases({ into: byId('similar-cases'), textOf: callerWords, post, watch: [byId('caller-text')] });
  byId('new-call').addEventListener('click', panel.clear);
  return panel;
}

/** The panel in the ticket form, on its summary and detail; refresh() once the form is filled. */
export function mountTicketCases(post: Post): CasesPanel {
  const summary = byId<HTMLInputElement>('t-summary');
  const detail = byId<HTMLTextAreaElement>('t-detail');
  return mountSimilarCases({
    into: byId('ticket-cases'),
    textOf: () => summary.value + '\n' + detail.value,
    post,
    watch: [summary, detail],
    idleHint: '填写诉求摘要后，这里显示相似的往期案例及其答复。',
  });
}
