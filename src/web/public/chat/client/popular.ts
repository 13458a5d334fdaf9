/**
 * 大家都在问: popular questions on the welcome screen (GET /api/v1/chat/popular: the editors' 热门
 * FAQ entries, then the questions answered most often). Shown while the conversation is empty; a
 * tap asks the question.
 */
import { el } from './render';
import { L, pageScript } from './labels';

export async function showPopular(box: HTMLElement, ask: (text: string) => void): Promise<void> {
  let questions: string[] = [];
  try {
    const res = await fetch('/api/v1/chat/popular' + (pageScript() === 'traditional' ? '?script=traditional' : ''), { headers: { Accept: 'application/json' } });
    const body = res.ok ? ((await res.json()) as { questions?: unknown }) : null;
    if (Array.isArray(body?.questions))
      questions = body.questions
        .map((q) => (q && typeof q === 'object' && typeof (q as { text?: unknown }).text === 'string' ? (q as { text: string }).text.slice(0, 60) : ''))
        .filter(Boolean)
        .slice(0, 6);
  } catch {
    return;
  }
  if (!questions.length) return;
  box.replaceChildren(
    el('h2', { id: 'popular-title', text: L('popular') }),
    el(
      'div',
      { class: 'popular-list', role: 'group', 'aria-labelledby': 'popular-title' },
      ...questions.map((q) => el('button', { type: 'button', class: 'popular-q', text: q, onclick: () => ask(q) })),
    ),
  );
  box.hidden = false;
}
