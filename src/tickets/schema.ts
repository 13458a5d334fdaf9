/**
 * The ticket contract, version qihu.ticket/v1: what a channel submits (TicketInput), what is stored
 * and sent to the routing backend (Ticket), what the backend posts back (StatusUpdate) and the
 * mutable state kept beside each ticket (TicketState). Every type is inferred from these schemas.
 *
 * Validation messages are Chinese (they reach enterprises and operators); every issue also carries
 * a stable ASCII code, see toTicketIssues and messages.ts.
 */
import { z } from 'zod';
import { Category, Level } from '../kb/schema';
import { TICKET_STATUSES, TRANSITION_ERROR_CODES, TRIAGE_REASON_CODES, type TransitionErrorCode } from './codes';
import { message, fieldLabel, type MessageCode } from './messages';
import { normalizeUscc, validateUscc } from '../identifiers';
import { NORMALIZED_PHONE_RE, normalizePhone, parsePhone } from './phone';

export { Category, Level };
export { TICKET_STATUSES, TRANSITION_ERROR_CODES, TRIAGE_REASON_CODES, type TransitionErrorCode };

export const TICKET_SCHEMA_VERSION = 'qihu.ticket/v1';

export const SUMMARY_MAX = 200;
export const DETAIL_MAX = 4000;
/** Only the end of a conversation travels with the ticket; earlier turns stay in the session log. */
export const TURNS_KEPT = 20;
/** A channel may send a longer transcript; prepareTicket keeps the last TURNS_KEPT turns. */
export const TURNS_ACCEPTED = 200;
export const TURN_TEXT_MAX = 2000;
export const CANDIDATES_MAX = 10;

// ---------------------------------------------------------------- field schemas

/** Adds a custom issue whose code is one of ours; the Chinese text comes from messages.ts. */
function addCoded(ctx: z.core.ParsePayload<unknown>, code: MessageCode): void {
  ctx.issues.push({ code: 'custom', message: message(code), params: { code }, input: ctx.value });
}

const Text = (max: number) => z.string().trim().min(1).max(max);

export const Channel = z.enum(['web', 'api', 'hotline']);
export type Channel = z.infer<typeof Channel>;

/** Stored form of a credit code: 18 characters, both check characters valid. */
export const CreditCode = z
  .string()
  .regex(/^[0-9A-HJ-NP-RTUWXY]{2}\d{6}[0-9A-HJ-NP-RTUWXY]{10}$/)
  .check((ctx) => {
    const r = validateUscc(ctx.value);
    if (!r.ok) addCoded(ctx, r.code);
  });

/** Submitted form: spaces removed and upper-cased first, then validated like CreditCode. */
export const CreditCodeInput = z
  .string()
  .overwrite(normalizeUscc)
  .check((ctx) => {
    if (ctx.value.length === 0) return addCoded(ctx, 'required');
    const r = validateUscc(ctx.value);
    if (!r.ok) addCoded(ctx, r.code);
  });

/** Stored form of a phone number: normalised (see phone.ts). */
export const Phone = z.string().regex(NORMALIZED_PHONE_RE);

/** Submitted form: "+86 138-0013-8000", "(0591)87654321转8001" … normalised, then validated. */
export const PhoneInput = z
  .string()
  .overwrite(normalizePhone)
  .check((ctx) => {
    if (ctx.value.trim().length === 0) return addCoded(ctx, 'required');
    const r = parsePhone(ctx.value);
    if (!r.ok) addCoded(ctx, r.code);
  });

export const IsoDateTime = z.iso.datetime({ offset: true });

export const TICKET_ID_RE = /^QH-\d{8}-\d{6}$/;
export const TicketId = z.string().regex(TICKET_ID_RE);

/**
 * Who files the demand. An enterprise identifies itself by name (and, where the department must find
 * its records, the credit code); a person (个人, 个体户 without a code) or a founder whose enterprise is
 * not registered yet (筹备中) is reached through the contact alone.
 */
export const APPLICANT_KINDS = ['enterprise', 'individual', 'founder'] as const;
export const ApplicantKind = z.enum(APPLICANT_KINDS);
export type ApplicantKind = z.infer<typeof ApplicantKind>;

export const Enterprise = z.strictObject({
  name: Text(100),
  /** Absent when the demand does not need it (a report about a street light) or there is none yet. */
  creditCode: CreditCode.optional(),
  /** A district from knowledge-base/districts.json (市本级 for city-level enterprises). */
  district: Text(50),
  /** Town or street (乡镇/街道) inside the district, when known. */
  town: Text(50).optional(),
});
export type Enterprise = z.infer<typeof Enterprise>;

export const EnterpriseInput = z.strictObject({
  name: Text(100),
  creditCode: CreditCodeInput.optional(),
  district: Text(50),
  town: Text(50).optional(),
});

/**
 * The applicant's kind, and for an applicant without an enterprise the district the demand belongs
 * to. Tickets before this field have none: they are an enterprise's.
 */
export const Applicant = z.strictObject({
  kind: ApplicantKind,
  /** Where a person or founder is (or where the reported place is): a district from districts.json. */
  district: Text(50).optional(),
  town: Text(50).optional(),
});
export type Applicant = z.infer<typeof Applicant>;

export const Contact = z.strictObject({ name: Text(50), phone: Phone });
export type Contact = z.infer<typeof Contact>;
export const ContactInput = z.strictObject({ name: Text(50), phone: PhoneInput });

export const TurnRole = z.enum(['user', 'bot', 'operator']);
export const Turn = z.strictObject({
  role: TurnRole,
  text: Text(TURN_TEXT_MAX),
  at: IsoDateTime.optional(),
});
export type Turn = z.infer<typeof Turn>;

/** A knowledge-base entry the assistant offered before the demand became a ticket. */
export const Candidate = z.strictObject({
  entryId: z.string().min(1).max(80),
  title: Text(200),
  score: z.number().finite(),
});
export type Candidate = z.infer<typeof Candidate>;

/** Where a reported problem is: an address or a landmark ("幸福路与人民路交叉口东侧"). */
export const LOCATION_MAX = 200;

export const Demand = z.strictObject({
  summary: Text(SUMMARY_MAX),
  detail: z.string().trim().max(DETAIL_MAX).default(''),
  /** For a demand about a place (a street light, a road, noise, pollution …). */
  location: Text(LOCATION_MAX).optional(),
  turns: z.array(Turn).max(TURNS_KEPT).default([]),
  candidates: z.array(Candidate).max(CANDIDATES_MAX).default([]),
});
export type Demand = z.infer<typeof Demand>;

export const DemandInput = z.strictObject({
  summary: Text(SUMMARY_MAX),
  detail: z.string().trim().max(DETAIL_MAX).default(''),
  location: Text(LOCATION_MAX).optional(),
  turns: z.array(Turn).max(TURNS_ACCEPTED).default([]),
  candidates: z.array(Candidate).max(CANDIDATES_MAX).default([]),
});

export const IdempotencyKey = z
  .string()
  .min(8)
  .max(128)
  .regex(/^[A-Za-z0-9._:-]+$/);

// ---------------------------------------------------------------- input

/**
 * An enterprise's ticket names the enterprise; any ticket names a district, the enterprise's or the
 * applicant's. Checked on input and on the stored ticket alike.
 */
function checkApplicant(ctx: z.core.ParsePayload<{ applicant?: Applicant | undefined; enterprise?: unknown }>): void {
  const { applicant, enterprise } = ctx.value;
  const kind = applicant?.kind ?? 'enterprise';
  const push = (path: string[]) =>
    ctx.issues.push({ code: 'custom', message: message('required', { field: fieldLabel(path.join('.')) }), params: { code: 'required' }, path, input: ctx.value });
  if (kind === 'enterprise' && enterprise === undefined) push(['enterprise']);
  else if (enterprise === undefined && !applicant?.district) push(['applicant', 'district']);
}

export const TicketInput = z
  .strictObject({
    channel: Channel,
    /** Optional: absent means an enterprise (tickets before applicants had kinds). */
    applicant: Applicant.optional(),
    /** Required for an enterprise; a founder or a 个体户 may name theirs. */
    enterprise: EnterpriseInput.optional(),
    contact: ContactInput,
    demand: DemandInput,
    /** Same key twice means the same ticket: a retried submission does not create a second one. */
    idempotencyKey: IdempotencyKey.optional(),
    sessionId: z.string().min(1).max(128).optional(),
  })
  .check(checkApplicant);
/** What the channel sends (before normalisation). */
export type TicketInputData = z.input<typeof TicketInput>;
/** After parsing: phone and credit code normalised, defaults filled. */
export type TicketInput = z.infer<typeof TicketInput>;

// ---------------------------------------------------------------- triage and SLA

export const Complexity = z.enum(['general', 'complex']);
export type Complexity = z.infer<typeof Complexity>;
export const Urgency = z.enum(['normal', 'urgent']);
export type Urgency = z.infer<typeof Urgency>;


export const TriageAspect = z.enum(['category', 'department', 'level', 'complexity', 'urgency']);
export type TriageAspect = z.infer<typeof TriageAspect>;

export const TriageReasonCode = z.enum(TRIAGE_REASON_CODES);
export type TriageReasonCode = z.infer<typeof TriageReasonCode>;

export const TriageReason = z.strictObject({
  aspect: TriageAspect,
  code: TriageReasonCode,
  /** What made the choice: the keyword, the rule id, the KB entry and its department … */
  detail: z.string().max(500),
});
export type TriageReason = z.infer<typeof TriageReason>;

/** What the learned triage model said about the demand, kept on the ticket so a reassignment can correct it. */
export const TriageModelOpinion = z.strictObject({
  version: z.string().max(40),
  category: Text(50),
  confidence: z.number().min(0).max(1),
  department: Text(100).optional(),
  /** The words that weighed most for the category. */
  evidence: z.array(z.string().max(40)).max(10),
});
export type TriageModelOpinion = z.infer<typeof TriageModelOpinion>;

export const Triage = z.strictObject({
  category: Category,
  department: Text(100),
  level: Level,
  complexity: Complexity,
  urgency: Urgency,
  reasons: z.array(TriageReason),
  /** True when no rule decided and the model was not sure: the department is the fallback's, for a person to judge (待研判). */
  review: z.boolean().optional(),
  model: TriageModelOpinion.optional(),
});
export type Triage = z.infer<typeof Triage>;

export const SlaWorkingDays = z.union([z.literal(3), z.literal(7)]);
export const Sla = z.strictObject({
  workingDays: SlaWorkingDays,
  dueAt: IsoDateTime,
});
export type Sla = z.infer<typeof Sla>;

/** Where a ticket being written would go and by when, were it filed now (preview.ts). */
export const RoutingPreview = z.strictObject({
  triage: Triage,
  sla: Sla,
  /** The district as the ticket would record it, when what was typed is one. */
  district: z.string().optional(),
});
export type RoutingPreview = z.infer<typeof RoutingPreview>;

// ---------------------------------------------------------------- ticket

export const Ticket = z
  .strictObject({
  schema: z.literal(TICKET_SCHEMA_VERSION),
  id: TicketId,
  createdAt: IsoDateTime,
  channel: Channel,
  /** Always written by prepareTicket; absent on tickets stored before applicants had kinds (enterprises). */
  applicant: Applicant.optional(),
  enterprise: Enterprise.optional(),
  contact: Contact,
  demand: Demand,
  triage: Triage,
  sla: Sla,
  idempotencyKey: IdempotencyKey,
  sessionId: z.string().min(1).max(128).optional(),
  })
  .check(checkApplicant);
export type Ticket = z.infer<typeof Ticket>;

// ---------------------------------------------------------------- status

export const TicketStatus = z.enum(TICKET_STATUSES);
export type TicketStatus = z.infer<typeof TicketStatus>;

/** Statuses the routing backend may post; queued/delivered are ours. */
export const BackendStatus = TicketStatus.extract(['received', 'assigned', 'in_progress', 'resolved', 'rejected', 'closed']);
export type BackendStatus = z.infer<typeof BackendStatus>;

const StatusUpdateShape = {
  status: BackendStatus,
  at: IsoDateTime,
  department: Text(100).optional(),
  answer: Text(8000).optional(),
  reason: Text(2000).optional(),
  note: Text(2000).optional(),
};

export const StatusUpdate = z.strictObject(StatusUpdateShape).check((ctx) => {
  const u = ctx.value;
  const need = (field: 'department' | 'answer' | 'reason', code: MessageCode) => {
    if (u[field] === undefined)
      ctx.issues.push({ code: 'custom', message: message(code), params: { code }, path: [field], input: u });
  };
  if (u.status === 'assigned') need('department', 'department_required');
  if (u.status === 'resolved') need('answer', 'answer_required');
  if (u.status === 'rejected') need('reason', 'reason_required');
});
export type StatusUpdate = z.infer<typeof StatusUpdate>;

export const HistoryEntry = z.strictObject({
  status: TicketStatus,
  at: IsoDateTime,
  department: Text(100).optional(),
  answer: Text(8000).optional(),
  reason: Text(2000).optional(),
  note: Text(2000).optional(),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

export const Delivery = z.strictObject({
  attempts: z.number().int().min(0),
  /** An error code or short text from the transport; never the payload (it holds personal data). */
  lastError: z.string().max(500).optional(),
  deliveredAt: IsoDateTime.optional(),
});
export type Delivery = z.infer<typeof Delivery>;

export const SatisfactionRating = z.strictObject({
  score: z.number().int().min(1).max(5),
  comment: z.string().trim().max(1000).optional(),
  at: IsoDateTime,
});
export type SatisfactionRating = z.infer<typeof SatisfactionRating>;

export const TicketState = z.strictObject({
  status: TicketStatus,
  history: z.array(HistoryEntry).min(1),
  delivery: Delivery,
  rating: SatisfactionRating.optional(),
});
export type TicketState = z.infer<typeof TicketState>;

// ---------------------------------------------------------------- transitions


export type TransitionResult =
  | { ok: true; state: TicketState; changed: boolean }
  | { ok: false; code: TransitionErrorCode };

/**
 * Which status may follow which. The backend may skip steps (a quick answer goes straight from
 * received to resolved), and its reports prove delivery, so they are accepted from queued too.
 * assigned → assigned is 转办 to another department; in_progress → assigned is a department handing
 * the demand back for re-dispatch. resolved/rejected are answers: only closed may follow.
 */
const NEXT: Record<TicketStatus, readonly TicketStatus[]> = {
  queued: ['delivered', 'received', 'assigned', 'in_progress', 'resolved', 'rejected'],
  delivered: ['received', 'assigned', 'in_progress', 'resolved', 'rejected'],
  received: ['assigned', 'in_progress', 'resolved', 'rejected'],
  assigned: ['assigned', 'in_progress', 'resolved', 'rejected'],
  in_progress: ['assigned', 'resolved', 'rejected'],
  resolved: ['closed'],
  rejected: ['closed'],
  closed: [],
};

export function canTransition(from: TicketStatus, to: TicketStatus): boolean {
  return NEXT[from].includes(to);
}

function sameEntry(a: HistoryEntry, b: HistoryEntry): boolean {
  return (
    a.status === b.status &&
    Date.parse(a.at) === Date.parse(b.at) &&
    a.department === b.department &&
    a.answer === b.answer &&
    a.reason === b.reason &&
    a.note === b.note
  );
}

function toEntry(u: StatusUpdate): HistoryEntry {
  const e: HistoryEntry = { status: u.status, at: u.at };
  if (u.department !== undefined) e.department = u.department;
  if (u.answer !== undefined) e.answer = u.answer;
  if (u.reason !== undefined) e.reason = u.reason;
  if (u.note !== undefined) e.note = u.note;
  return e;
}

/** The state of a freshly stored ticket. */
export function initialTicketState(createdAt: string): TicketState {
  return { status: 'queued', history: [{ status: 'queued', at: createdAt }], delivery: { attempts: 0 } };
}

/**
 * Apply a status update from the routing backend. Pure: returns a new state. A repeat of an update
 * already in the history (webhooks are retried) succeeds with changed=false.
 * The update is assumed to have passed StatusUpdate (required fields per status).
 */
export function applyStatusUpdate(state: TicketState, update: StatusUpdate): TransitionResult {
  const entry = toEntry(update);
  if (state.history.some((h) => sameEntry(h, entry))) return { ok: true, state, changed: false };
  if (state.status === 'closed') return { ok: false, code: 'ticket_closed' };
  if (!canTransition(state.status, update.status)) return { ok: false, code: 'invalid_transition' };
  const delivery =
    state.delivery.deliveredAt === undefined ? { ...state.delivery, deliveredAt: update.at } : state.delivery;
  return {
    ok: true,
    changed: true,
    state: { ...state, status: update.status, history: [...state.history, entry], delivery },
  };
}

/** The dispatcher's record of a successful delivery (queued → delivered). Repeats are no-ops. */
export function markDelivered(state: TicketState, at: string): TransitionResult {
  if (state.status !== 'queued') return { ok: true, state, changed: false };
  return {
    ok: true,
    changed: true,
    state: {
      ...state,
      status: 'delivered',
      history: [...state.history, { status: 'delivered', at }],
      delivery: { ...state.delivery, attempts: state.delivery.attempts + 1, deliveredAt: at },
    },
  };
}

/** The dispatcher's record of a failed attempt; status stays queued. */
export function recordDeliveryFailure(state: TicketState, error: string): TicketState {
  return { ...state, delivery: { ...state.delivery, attempts: state.delivery.attempts + 1, lastError: error.slice(0, 500) } };
}

/** The enterprise rates the handling once an answer exists; the same rating twice is idempotent. */
export function applyRating(state: TicketState, rating: SatisfactionRating): TransitionResult {
  if (!['resolved', 'rejected', 'closed'].includes(state.status)) return { ok: false, code: 'not_rateable' };
  if (state.rating) {
    const same =
      state.rating.score === rating.score &&
      state.rating.comment === rating.comment &&
      Date.parse(state.rating.at) === Date.parse(rating.at);
    return same ? { ok: true, state, changed: false } : { ok: false, code: 'already_rated' };
  }
  return { ok: true, changed: true, state: { ...state, rating } };
}

// ---------------------------------------------------------------- issues

/** A validation problem in a form both people and programs can use. */
export const TicketIssue = z.strictObject({
  /** Dotted path, e.g. "enterprise.creditCode", "demand.turns.3.text". */
  path: z.string(),
  code: z.string(),
  message: z.string(),
});
export type TicketIssue = z.infer<typeof TicketIssue>;
