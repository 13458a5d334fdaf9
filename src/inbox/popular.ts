/**
 * The popular questions on the chat's welcome screen. Editors choose them first: every FAQ entry
 * tagged 热门 (in the editor console, like any tag) is offered with its question. The rest come from
 * use: the entries answered most often in the period, each with the wording users asked it in most
 * (masked questions, and entries voted 👎 more often than 👍, are left out).
 */
import { z } from 'zod';
import type { ConversationRecord } from '../conversation';
import type { KnowledgeBase } from '../kb';

export const POPULAR_TAG = '热门';
export const POPULAR_MAX = 6;
/** Too short says nothing ("材料"), too long does not fit a button. */
const TEXT_MIN = 4;
const TEXT_MAX = 30;

export const PopularQuestion = z.strictObject({ text: z.string(), entryId: z.string() });
export type PopularQuestion = z.infer<typeof PopularQuestion>;
/** The answer of GET /api/v1/chat/popular. */
export const PopularQuestions = z.strictObject({ questions: z.array(PopularQuestion) });
export type PopularQuestions = z.infer<typeof PopularQuestions>;

export function popularQuestions(kb: KnowledgeBase, records: readonly ConversationRecord[], max = POPULAR_MAX): PopularQuestion[] {
  const out: PopularQuestion[] = [];
  const taken = new Set<string>();
  for (const e of kb.entries) {
    if (out.length >= max) return out;
    if (e.kind === 'faq' && e.tags.includes(POPULAR_TAG)) {
      out.push({ text: e.question, entryId: e.id });
      taken.add(e.id);
    }
  }
  const known = new Set(kb.entries.map((e) => e.id));
  const byEntry = new Map<string, { count: number; wordings: Map<string, number> }>();
  const entryOfTurn = new Map<string, string>();
  const votes = new Map<string, number>();
  for (const r of records) {
    if (r.kind === 'answer' && r.entryId && known.has(r.entryId) && !taken.has(r.entryId)) {
      if (r.turnId) entryOfTurn.set(r.turnId, r.entryId);
      const q = r.question?.trim();
      let slot = byEntry.get(r.entryId);
      if (!slot) byEntry.set(r.entryId, (slot = { count: 0, wordings: new Map() }));
      slot.count++;
      if (q && q.length >= TEXT_MIN && q.length <= TEXT_MAX && !q.includes('*')) slot.wordings.set(q, (slot.wordings.get(q) ?? 0) + 1);
    } else if (r.kind === 'feedback' && r.feedback && r.turnId) {
      const entry = entryOfTurn.get(r.turnId);
      if (entry) votes.set(entry, (votes.get(entry) ?? 0) + (r.feedback.helpful ? 1 : -1));
    }
  }
  const ranked = [...byEntry]
    .filter(([id, s]) => s.wordings.size > 0 && (votes.get(id) ?? 0) >= 0)
    .sort((a, b) => b[1].count - a[1].count || a[0].localeCompare(b[0]));
  for (const [entryId, s] of ranked) {
    if (out.length >= max) break;
    const [text] = [...s.wordings].sort((a, b) => b[1] - a[1] || a[0].length - b[0].length)[0]!;
    out.push({ text, entryId });
  }
  return out;
}
