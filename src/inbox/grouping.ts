/**
 * The editors' inbox, pure: which recorded questions the knowledge base did not serve well, and
 * those questions grouped by similarity.
 *
 * A question enters the inbox when
 *   - it was handed off (a `handoff` record with a question, except for the reasons in
 *     IGNORED_HANDOFF_REASONS: empty or invalid input and prompt injections are not knowledge gaps),
 *   - its answer got 👎 (a `feedback` record with helpful = false, joined to its answer record
 *     by turnId: the feedback itself carries no question when it came from the button),
 *   - or it was answered with a low margin: confidence below LOW_CONFIDENCE (an `answer` record).
 *     The engine answers from DECISION.answer (0.6) up; its confidence is calibrated, so an answer
 *     under 0.7 is wrong about one time in three and worth an editor's look.
 *
 * Grouping is greedy: distinct normalised questions, most frequent first, each joins the first
 * group whose representative is at least `threshold` similar (similarity.ts), else starts one.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { ConversationRecord } from '../conversation';
import { HandoffReason } from '../engine';
import { shapeOf, similarity, type QuestionShape } from './similarity';

/** An answer below this confidence counts as "answered with low confidence" (a low margin). */
export const LOW_CONFIDENCE = 0.7;
/** Two questions at least this similar share a group. */
export const DEFAULT_GROUP_THRESHOLD = 0.55;
export const IGNORED_HANDOFF_REASONS: readonly HandoffReason[] = ['empty', 'invalid_input', 'prompt_injection'];
/** Examples kept per group. */
export const EXAMPLES_PER_GROUP = 5;

export type InboxReason = { kind: 'handoff'; reason: HandoffReason } | { kind: 'unhelpful' } | { kind: 'low_confidence'; confidence: number };

export interface InboxItem {
  question: string;
  at: string;
  reason: InboxReason;
  /** The entry that was answered (👎 and low confidence). */
  entryId?: string;
}

export interface Dismissal {
  norm: string;
  /** Items at or before this instant are hidden; a later one brings the question back. */
  at: string;
}

const Count = z.number().int().min(0);

export const ReasonCounts = z.strictObject({
  handoff: z.partialRecord(HandoffReason, Count),
  unhelpful: Count,
  lowConfidence: Count,
});
export type ReasonCounts = z.infer<typeof ReasonCounts>;

export const InboxGroup = z.strictObject({
  /** Stable while the representative stays the same: sha256 of its normalised text, 16 hex. */
  id: z.string(),
  /** The group's most frequent question (as asked, masked). */
  question: z.string(),
  count: Count,
  /** Distinct questions of the group, most frequent first, at most EXAMPLES_PER_GROUP. */
  examples: z.array(z.strictObject({ question: z.string(), count: Count, lastAt: z.iso.datetime({ offset: true }) })),
  /** How many distinct questions the group holds. */
  distinct: Count,
  /** Normalised texts of every member (what dismissing the group dismisses). */
  norms: z.array(z.string()),
  reasons: ReasonCounts,
  /** Entries the 👎 and low-confidence answers pointed to, with counts. */
  answeredEntries: z.array(z.strictObject({ entryId: z.string(), count: Count })),
  firstAt: z.iso.datetime({ offset: true }),
  lastAt: z.iso.datetime({ offset: true }),
});
export type InboxGroup = z.infer<typeof InboxGroup>;

export interface GroupOptions {
  threshold?: number;
  lowConfidence?: number;
  dismissed?: readonly Dismissal[];
}

/** The inbox items among the records (oldest first in, same order out). */
export function inboxItems(records: readonly ConversationRecord[], opts: { lowConfidence?: number } = {}): InboxItem[] {
  const low = opts.lowConfidence ?? LOW_CONFIDENCE;
  const answers = new Map<string, ConversationRecord>();
  for (const r of records) if (r.kind === 'answer' && r.turnId) answers.set(r.turnId, r);
  const out: InboxItem[] = [];
  const unhelpfulTurns = new Set<string>();
  for (const r of records) {
    if (r.kind === 'handoff') {
      if (!r.question || !r.reason || IGNORED_HANDOFF_REASONS.includes(r.reason)) continue;
      out.push({ question: r.question, at: r.at, reason: { kind: 'handoff', reason: r.reason } });
    } else if (r.kind === 'answer') {
      if (!r.question || r.confidence === undefined || r.confidence >= low) continue;
      out.push({ question: r.question, at: r.at, reason: { kind: 'low_confidence', confidence: r.confidence }, ...(r.entryId ? { entryId: r.entryId } : {}) });
    } else if (r.kind === 'feedback' && r.feedback && !r.feedback.helpful && r.turnId) {
      // One 👎 per answer turn (a user who clicks twice is one vote).
      if (unhelpfulTurns.has(r.turnId)) continue;
      const answer = answers.get(r.turnId);
      if (!answer?.question) continue;
      unhelpfulTurns.add(r.turnId);
      out.push({ question: answer.question, at: r.at, reason: { kind: 'unhelpful' }, ...(answer.entryId ? { entryId: answer.entryId } : {}) });
    }
  }
  return out;
}

export const groupIdOf = (norm: string): string => createHash('sha256').update(norm, 'utf8').digest('hex').slice(0, 16);

interface Distinct {
  shape: QuestionShape;
  items: InboxItem[];
  /** The most recent wording asked (masked). */
  question: string;
  lastAt: string;
}

/** Groups of similar inbox items, largest first (then most recent). Dismissed items are left out. */
export function groupInbox(items: readonly InboxItem[], opts: GroupOptions = {}): InboxGroup[] {
  const threshold = opts.threshold ?? DEFAULT_GROUP_THRESHOLD;
  const dismissed = new Map<string, number>();
  for (const d of opts.dismissed ?? []) dismissed.set(d.norm, Math.max(dismissed.get(d.norm) ?? 0, Date.parse(d.at)));

  const byNorm = new Map<string, Distinct>();
  // Tokenising is the costly part: once per distinct wording.
  const shapes = new Map<string, QuestionShape>();
  for (const item of items) {
    let shape = shapes.get(item.question);
    if (!shape) shapes.set(item.question, (shape = shapeOf(item.question)));
    if (!shape.norm) continue;
    const until = dismissed.get(shape.norm);
    if (until !== undefined && Date.parse(item.at) <= until) continue;
    let d = byNorm.get(shape.norm);
    if (!d) byNorm.set(shape.norm, (d = { shape, items: [], question: item.question, lastAt: item.at }));
    d.items.push(item);
    if (item.at >= d.lastAt) {
      d.lastAt = item.at;
      d.question = item.question;
    }
  }
  const distinct = [...byNorm.values()].sort((a, b) => b.items.length - a.items.length || b.lastAt.localeCompare(a.lastAt) || a.shape.norm.localeCompare(b.shape.norm));

  const clusters: { rep: Distinct; members: Distinct[] }[] = [];
  for (const d of distinct) {
    const home = clusters.find((c) => similarity(c.rep.shape, d.shape) >= threshold);
    if (home) home.members.push(d);
    else clusters.push({ rep: d, members: [d] });
  }

  return clusters
    .map(({ rep, members }) => {
      const all = members.flatMap((m) => m.items);
      const reasons: ReasonCounts = { handoff: {}, unhelpful: 0, lowConfidence: 0 };
      const entries = new Map<string, number>();
      for (const i of all) {
        if (i.reason.kind === 'handoff') reasons.handoff[i.reason.reason] = (reasons.handoff[i.reason.reason] ?? 0) + 1;
        else if (i.reason.kind === 'unhelpful') reasons.unhelpful++;
        else reasons.lowConfidence++;
        if (i.entryId) entries.set(i.entryId, (entries.get(i.entryId) ?? 0) + 1);
      }
      const ats = all.map((i) => i.at).sort();
      return {
        id: groupIdOf(rep.shape.norm),
        question: rep.question,
        count: all.length,
        examples: members.slice(0, EXAMPLES_PER_GROUP).map((m) => ({ question: m.question, count: m.items.length, lastAt: m.lastAt })),
        distinct: members.length,
        norms: members.map((m) => m.shape.norm),
        reasons,
        answeredEntries: [...entries].map(([entryId, count]) => ({ entryId, count })).sort((a, b) => b.count - a.count),
        firstAt: ats[0]!,
        lastAt: ats[ats.length - 1]!,
      };
    })
    .sort((a, b) => b.count - a.count || b.lastAt.localeCompare(a.lastAt));
}
