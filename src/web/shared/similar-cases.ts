/*
 * A past case as the consoles show it (the operator's 相似往期案例 panel and a ticket's page in the
 * 督办 view): its title, the similarity as 高/中/低, the department that answered (when the reply
 * names one), and the reply's gist, which opens to the whole reply. Text only (textContent).
 * See docs/cases.md.
 */
import type { SimilarCases, SimilarCaseView } from '../../cases/levels';

/** A past case as the server answers it (src/cases/levels.ts). */
export type SimilarCase = SimilarCaseView;
/** What both similar-case routes answer: the cases, most similar first, and how many the knowledge base holds. */
export type { SimilarCases };

export const LEVEL_TEXT: Record<SimilarCase['level'], string> = { high: '高', medium: '中', low: '低' };

export const CASES_TEXT = {
  noCases: '知识库中还没有往期案例。',
  noneSimilar: '没有找到相似的往期案例。',
} as const;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string | null, text?: string | null): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

/** The i-th case (from 0) as a list item. */
export function caseCard(c: SimilarCase, i: number): HTMLLIElement {
  const li = el('li', 'case');
  li.setAttribute('data-case-id', c.id);
  const head = el('div', 'head');
  head.appendChild(el('span', 'title', i + 1 + '. ' + c.title));
  const level = el('span', 'level level-' + c.level, '相似度 ' + LEVEL_TEXT[c.level]);
  level.title = '相似度 ' + c.similarity.toFixed(2);
  head.appendChild(level);
  li.appendChild(head);
  const when = c.repliedOn ? ' · ' + c.repliedOn + ' 答复' : '';
  li.appendChild(el('div', 'meta', '答复部门：' + (c.department || '答复中未注明') + when + (c.synthetic ? ' · 示例案例' : '')));
  const details = el('details', 'reply');
  details.appendChild(el('summary', 'gist', c.gist));
  details.appendChild(el('div', 'full', c.reply));
  li.appendChild(details);
  return li;
}

/** Fills `list` with the answer's cards; the hint says why there are none. */
export function showCases(list: HTMLElement, hint: HTMLElement, result: SimilarCases): void {
  list.replaceChildren(...result.cases.map(caseCard));
  hint.hidden = result.cases.length > 0;
  hint.textContent = result.total === 0 ? CASES_TEXT.noCases : CASES_TEXT.noneSimilar;
}
