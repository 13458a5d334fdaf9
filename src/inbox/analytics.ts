/**
 * Analytics over conversation records and tickets, pure (the router fetches, this counts).
 *
 * Definitions (docs/inbox-analytics.md):
 *   conversations  distinct (hashed) sessions with at least one record in the period
 *   decisions      answer + clarify + handoff records (one per question the assistant decided on,
 *                  plus hand-offs asked for with the button)
 *   answer rate    answers / decisions; hand-off rate and clarify rate likewise
 *   👍 / 👎        feedback records (one vote per answer turn: the last one counts)
 *   semantic       answers and clarify questions the optional semantic layer made (via embedding),
 *                  and the votes on those answers: how an embeddings model is doing on real users
 *   tickets        ticket records of the period, described by the ticket service (category level 1,
 *                  department, SLA traffic light; `closed` once answered or closed)
 * Buckets are Beijing-time hours or days (UTC+8, no daylight saving).
 */
import { z } from 'zod';
import type { ConversationRecord } from '../conversation';
import type { TrafficLight } from '../tickets';

export type Bucket = 'day' | 'hour';
export const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;
export const MAX_BUCKETS = 800;

export type SlaColour = TrafficLight | 'closed';

export interface TicketFacts {
  ticketId: string;
  category: string;
  department: string;
  sla: SlaColour;
}

export const SeriesPoint = z.strictObject({
  /** Start of the bucket, ISO with +08:00. */
  start: z.string(),
  conversations: z.number().int(),
  answers: z.number().int(),
  clarifies: z.number().int(),
  handoffs: z.number().int(),
  tickets: z.number().int(),
  helpful: z.number().int(),
  unhelpful: z.number().int(),
});
export type SeriesPoint = z.infer<typeof SeriesPoint>;

const Count = z.number().int();
const Tally = z.strictObject({ key: z.string(), count: Count });

export const Analytics = z.strictObject({
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
  bucket: z.enum(['day', 'hour']),
  totals: z.strictObject({
    conversations: Count,
    decisions: Count,
    answers: Count,
    clarifies: Count,
    handoffs: Count,
    tickets: Count,
    helpful: Count,
    unhelpful: Count,
    answerRate: z.number(),
    handoffRate: z.number(),
    clarifyRate: z.number(),
  }),
  /** What the optional semantic layer decided (docs/semantic.md); zeros without it. */
  semantic: z.strictObject({ answers: Count, clarifies: Count, helpful: Count, unhelpful: Count }),
  series: z.array(SeriesPoint),
  topEntries: z.array(z.strictObject({ entryId: z.string(), title: z.string().optional(), count: Count, helpful: Count, unhelpful: Count })),
  tickets: z.strictObject({
    byCategory: z.array(Tally),
    byDepartment: z.array(Tally),
    bySla: z.strictObject({ green: Count, yellow: Count, red: Count, closed: Count }),
  }),
});
export type Analytics = z.infer<typeof Analytics>;

const size = (b: Bucket) => (b === 'hour' ? 3_600_000 : 86_400_000);

/** The start (ms) of the Beijing-time bucket holding t. */
export function bucketStart(t: number, bucket: Bucket): number {
  const s = size(bucket);
  return Math.floor((t + BEIJING_OFFSET_MS) / s) * s - BEIJING_OFFSET_MS;
}

/** An instant as ISO 8601 in Beijing time: 2026-11-25T08:00:00+08:00. */
export function beijingIso(t: number): string {
  return new Date(t + BEIJING_OFFSET_MS).toISOString().slice(0, 19) + '+08:00';
}

export function bucketCount(from: Date, to: Date, bucket: Bucket): number {
  if (to.getTime() <= from.getTime()) return 0;
  return Math.round((bucketStart(to.getTime() - 1, bucket) - bucketStart(from.getTime(), bucket)) / size(bucket)) + 1;
}

const rate = (n: number, d: number) => (d === 0 ? 0 : Math.round((n / d) * 1000) / 1000);

function countBy(values: readonly string[], limit = 20): { key: string; count: number }[] {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return [...m]
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key))
    .slice(0, limit);
}

export interface AnalyticsInput {
  records: readonly ConversationRecord[];
  tickets: readonly TicketFacts[];
  from: Date;
  to: Date;
  bucket: Bucket;
  /** Entry titles for the top-entries list. */
  titleOf?: (entryId: string) => string | undefined;
  topEntries?: number;
}

export function computeAnalytics(input: AnalyticsInput): Analytics {
  const { from, to, bucket } = input;
  const f = from.getTime();
  const t = to.getTime();
  const inRange = input.records.filter((r) => {
    const at = Date.parse(r.at);
    return at >= f && at < t;
  });

  const first = bucketStart(f, bucket);
  const n = Math.min(bucketCount(from, to, bucket), MAX_BUCKETS);
  const series: SeriesPoint[] = Array.from({ length: n }, (_, i) => ({
    start: beijingIso(first + i * size(bucket)),
    conversations: 0,
    answers: 0,
    clarifies: 0,
    handoffs: 0,
    tickets: 0,
    helpful: 0,
    unhelpful: 0,
  }));
  const sessionsPerBucket = series.map(() => new Set<string>());
  const indexOf = (at: string) => {
    const i = Math.round((bucketStart(Date.parse(at), bucket) - first) / size(bucket));
    return i >= 0 && i < n ? i : -1;
  };

  // The last vote per answer turn counts (a user may change their mind).
  const votes = new Map<string, { helpful: boolean; at: string }>();
  const sessions = new Set<string>();
  const answersByTurn = new Map<string, string>();
  const entryCounts = new Map<string, { count: number; helpful: number; unhelpful: number }>();
  let answers = 0;
  let clarifies = 0;
  let handoffs = 0;
  let tickets = 0;
  const semantic = { answers: 0, clarifies: 0, helpful: 0, unhelpful: 0 };
  const semanticTurns = new Set<string>();
  for (const r of inRange) {
    sessions.add(r.sessionId);
    const i = indexOf(r.at);
    const point = i >= 0 ? series[i] : undefined;
    if (point) sessionsPerBucket[i]!.add(r.sessionId);
    switch (r.kind) {
      case 'answer':
        answers++;
        if (point) point.answers++;
        if (r.via === 'embedding') {
          semantic.answers++;
          if (r.turnId) semanticTurns.add(r.turnId);
        }
        if (r.entryId) {
          const e = entryCounts.get(r.entryId) ?? { count: 0, helpful: 0, unhelpful: 0 };
          e.count++;
          entryCounts.set(r.entryId, e);
          if (r.turnId) answersByTurn.set(r.turnId, r.entryId);
        }
        break;
      case 'clarify':
        clarifies++;
        if (point) point.clarifies++;
        if (r.via === 'embedding') semantic.clarifies++;
        break;
      case 'handoff':
        handoffs++;
        if (point) point.handoffs++;
        break;
      case 'ticket':
        tickets++;
        if (point) point.tickets++;
        break;
      case 'feedback':
        if (r.feedback) votes.set(r.turnId ?? `${r.id}`, { helpful: r.feedback.helpful, at: r.at });
        break;
    }
  }
  let helpful = 0;
  let unhelpful = 0;
  for (const [turnId, v] of votes) {
    if (v.helpful) helpful++;
    else unhelpful++;
    if (semanticTurns.has(turnId)) semantic[v.helpful ? 'helpful' : 'unhelpful']++;
    const i = indexOf(v.at);
    if (i >= 0) series[i]![v.helpful ? 'helpful' : 'unhelpful']++;
    const entryId = answersByTurn.get(turnId);
    const e = entryId ? entryCounts.get(entryId) : undefined;
    if (e) e[v.helpful ? 'helpful' : 'unhelpful']++;
  }
  series.forEach((p, i) => (p.conversations = sessionsPerBucket[i]!.size));

  const decisions = answers + clarifies + handoffs;
  const bySla: Record<SlaColour, number> = { green: 0, yellow: 0, red: 0, closed: 0 };
  for (const tk of input.tickets) bySla[tk.sla]++;
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    bucket,
    totals: {
      conversations: sessions.size,
      decisions,
      answers,
      clarifies,
      handoffs,
      tickets,
      helpful,
      unhelpful,
      answerRate: rate(answers, decisions),
      handoffRate: rate(handoffs, decisions),
      clarifyRate: rate(clarifies, decisions),
    },
    semantic,
    series,
    topEntries: [...entryCounts]
      .map(([entryId, c]) => {
        const title = input.titleOf?.(entryId);
        return { entryId, ...(title ? { title } : {}), ...c };
      })
      .sort((a, b) => b.count - a.count || a.entryId.localeCompare(b.entryId))
      .slice(0, input.topEntries ?? 10),
    tickets: {
      byCategory: countBy(input.tickets.map((x) => x.category)),
      byDepartment: countBy(input.tickets.map((x) => x.department)),
      bySla,
    },
  };
}
