/**
 * How similar a past case is, in the words the operator reads (高/中/低, the console's wording), and
 * the one case the chat may cite when a citizen's matter goes to a person.
 *
 * The cut-offs are measured, not chosen: `npm run eval:cases` derives them on the non-held-out part
 * of the replies file (docs/cases.md § Levels). A query's first case "is about the same matter" when
 * its reply is as close to the query's own reply as only 1 % of random pairs of replies are; 高 is
 * the lowest similarity at and above which at least 80 % of first cases are, 中 the lowest at and
 * above which half are, for short queries (a title) and whole messages alike. The evaluation checks both on the
 * held-out part and says when the constants here no longer match what it derives.
 */
import { z } from 'zod';
import type { PastCase } from '../kb';
import type { CaseIndex } from './case-index';
import { replyGist } from './gist';

export const SimilarityLevel = z.enum(['high', 'medium', 'low']);
export type SimilarityLevel = z.infer<typeof SimilarityLevel>;

export const LEVEL_CUTOFFS = { high: 0.35, medium: 0.15 } as const;

export function levelOf(similarity: number): SimilarityLevel {
  if (similarity >= LEVEL_CUTOFFS.high) return 'high';
  if (similarity >= LEVEL_CUTOFFS.medium) return 'medium';
  return 'low';
}

/** A past case as the operator console shows it. */
export const SimilarCaseView = z.strictObject({
  id: z.string(),
  title: z.string(),
  /** The department the reply names; absent when it names none. */
  department: z.string().optional(),
  /** The reply without its formulas, cut to a few lines (gist.ts). */
  gist: z.string(),
  reply: z.string(),
  similarity: z.number().min(0).max(1),
  level: SimilarityLevel,
  askedOn: z.iso.date().optional(),
  repliedOn: z.iso.date().optional(),
  /** A hand-written sample case, not a real one. */
  synthetic: z.boolean().optional(),
});
export type SimilarCaseView = z.infer<typeof SimilarCaseView>;

/** The answer of both similar-case routes (the operator's and a 督办 ticket's): the cases, most similar first. */
export const SimilarCases = z.strictObject({
  cases: z.array(SimilarCaseView),
  /** Past cases in the published knowledge base. */
  total: z.number().int(),
});
export type SimilarCases = z.infer<typeof SimilarCases>;

function viewOf(c: PastCase, similarity: number): SimilarCaseView {
  return {
    id: c.id,
    title: c.title,
    ...(c.department ? { department: c.department } : {}),
    gist: replyGist(c.reply),
    reply: c.reply,
    similarity: Math.round(similarity * 1000) / 1000,
    level: levelOf(similarity),
    ...(c.askedOn ? { askedOn: c.askedOn } : {}),
    ...(c.repliedOn ? { repliedOn: c.repliedOn } : {}),
    ...(c.synthetic ? { synthetic: true } : {}),
  };
}

/** The `limit` most similar past cases, best first, as the console shows them. */
export function similarCases(index: CaseIndex, text: string, limit = 3): SimilarCaseView[] {
  return index.similar(text, limit).map((s) => viewOf(s.case, s.similarity));
}

/** What the chat may say about a settled case: who answered and the gist of how. */
export interface SettledCase {
  caseId: string;
  department: string;
  gist: string;
  similarity: number;
}

/**
 * The first case, when it is similar enough to be the same matter (高) and its reply names the
 * department: "类似问题曾由××答复：…" is only worth saying with both.
 */
export function settledCaseFor(index: CaseIndex, text: string, gistChars = 80): SettledCase | undefined {
  const [first] = index.similar(text, 1);
  if (!first || first.similarity < LEVEL_CUTOFFS.high || !first.case.department) return undefined;
  return { caseId: first.case.id, department: first.case.department, gist: replyGist(first.case.reply, gistChars), similarity: first.similarity };
}
