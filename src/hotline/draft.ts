/**
 * The ticket a call turns into (建单): channel hotline, the demand from the transcript, the
 * suggestions tried with their scores, and a triage preview; the operator completes the
 * enterprise and the contact, then files it.
 */
import { z } from 'zod';
import {
  Candidate,
  Triage,
  Turn,
  CANDIDATES_MAX,
  DETAIL_MAX,
  SUMMARY_MAX,
  TURNS_KEPT,
  TURN_TEXT_MAX,
  triage,
  type KbDepartmentHint,
  type RoutingTable,
} from '../tickets';
import { recentCallerText, type Call } from './calls';

const SPEAKER_LABEL = { caller: '来电人', operator: '话务员' } as const;

/** The ticket prefilled from a call: the enterprise and contact are left empty for the operator. */
export const TicketDraft = z.strictObject({
  channel: z.literal('hotline'),
  enterprise: z.strictObject({ name: z.string(), creditCode: z.string(), district: z.string(), town: z.string().optional() }),
  contact: z.strictObject({ name: z.string(), phone: z.string() }),
  demand: z.strictObject({
    summary: z.string(),
    detail: z.string(),
    turns: z.array(Turn.extend({ role: z.enum(['user', 'operator']) })),
    candidates: z.array(Candidate),
  }),
  sessionId: z.string(),
});
export type TicketDraft = z.infer<typeof TicketDraft>;

export const DraftView = z.strictObject({
  draft: TicketDraft,
  /** Fields the operator still has to fill in. */
  missing: z.array(z.string()),
  /** Where the ticket would go, with the reasons (may change once the district is known). */
  triage: Triage.optional(),
});
export type DraftView = z.infer<typeof DraftView>;

function clip(text: string, max: number): string {
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}

/** Departments of the suggestions tried, best first: a hint for triage. */
export function kbDepartmentsOf(call: Call): KbDepartmentHint[] {
  return call.tried
    .filter((t) => t.department)
    .sort((a, b) => b.score - a.score)
    .map((t) => ({ entryId: t.entryId, department: t.department! }));
}

/**
 * The demand's summary drawn from the caller's words, cut to 120 characters. `prepare` runs before
 * the cut: for a record, pass maskPersonalData, so that a number the cut falls in is masked whole.
 */
export function callSummary(call: Call, prepare: (text: string) => string = (text) => text): string {
  const callerText = call.utterances
    .filter((u) => u.speaker === 'caller' && u.text.trim())
    .map((u) => u.text.trim())
    .join(' ');
  return clip(prepare(callerText || recentCallerText(call)) || '来电咨询', Math.min(SUMMARY_MAX, 120));
}

export function draftFromCall(call: Call, routing?: RoutingTable): DraftView {
  const finals = call.utterances.filter((u) => u.text.trim());
  const summary = callSummary(call);
  const detail = clip(finals.map((u) => `${SPEAKER_LABEL[u.speaker]}：${u.text.trim()}`).join('\n'), DETAIL_MAX);
  const turns = finals.slice(-TURNS_KEPT).map((u) => ({
    role: u.speaker === 'caller' ? ('user' as const) : ('operator' as const),
    text: clip(u.text.trim(), TURN_TEXT_MAX),
    at: u.at,
  }));
  const candidates = [...call.tried]
    .sort((a, b) => b.score - a.score)
    .slice(0, CANDIDATES_MAX)
    .map((t) => ({ entryId: t.entryId, title: clip(t.title, 200), score: t.score }));
  const draft: TicketDraft = {
    channel: 'hotline',
    enterprise: { name: '', creditCode: '', district: '' },
    contact: { name: '', phone: '' },
    demand: { summary, detail, turns, candidates },
    sessionId: call.id,
  };
  const view: DraftView = {
    draft,
    missing: ['enterprise.name', 'enterprise.creditCode', 'enterprise.district', 'contact.name', 'contact.phone'],
  };
  if (routing) view.triage = triage({ summary, detail, turns }, routing, { kbDepartments: kbDepartmentsOf(call) });
  return view;
}
