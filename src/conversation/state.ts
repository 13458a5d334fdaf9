/**
 * What the conversation remembers between turns, and how it is kept: one item per session under
 * `qihu/conversation/<sessionId>` in a botbuilder Storage (the same Redis-backed storage serves
 * Botkit; MemoryStorage in tests and the embedded default). What is read is parsed: a corrupted
 * item or one written by an older version starts a fresh conversation instead of failing.
 *
 * Across instances the last write wins (items are written with eTag "*"); within one process
 * turns of a session are serialised (see keyed-queue.ts), so a session never loses its own turn.
 */
import type { Storage } from 'botbuilder';
import { z } from 'zod';
import { Field, HandoffReason, Script } from '../engine';
import { AskableFact, Knowledge } from '../policies';
import { ApplicantKind, IdempotencyKey, TicketId, TURNS_KEPT } from '../tickets/schema';
import { USER_TEXT_MAX } from './types';

/** botbuilder's Storage: read(keys), write(changes), delete(keys). */
export type StateStorage = Storage;

export const STATE_VERSION = 1;
export const STATE_KEY_PREFIX = 'qihu/conversation/';
export const stateKey = (sessionId: string): string => STATE_KEY_PREFIX + sessionId;

/**
 * Ticket fields the hand-off intake may ask for, in the order the summary shows them. Which are
 * asked, and in which order, depends on the demand and the applicant (plan.ts).
 */
export const IntakeSlot = z.enum(['name', 'creditCode', 'district', 'contactName', 'phone', 'summary', 'location']);
export type IntakeSlot = z.infer<typeof IntakeSlot>;

export const IntakeValues = z.object({
  name: z.string().max(100).optional(),
  creditCode: z.string().max(18).optional(),
  district: z.string().max(50).optional(),
  town: z.string().max(50).optional(),
  contactName: z.string().max(50).optional(),
  phone: z.string().max(30).optional(),
  summary: z.string().max(200).optional(),
  detail: z.string().max(4000).optional(),
  /** Where a reported problem is (an address or a landmark). */
  location: z.string().max(200).optional(),
});
export type IntakeValues = z.infer<typeof IntakeValues>;

/**
 * The contact details of the last ticket filed in this session (the chat page keeps one session id
 * per browser): offered for the next ticket, masked, instead of asking every field again.
 */
export const SavedContact = z.object({
  applicant: ApplicantKind,
  name: z.string().max(100).optional(),
  creditCode: z.string().max(18).optional(),
  district: z.string().max(50).optional(),
  town: z.string().max(50).optional(),
  contactName: z.string().max(50),
  phone: z.string().max(30),
});
export type SavedContact = z.infer<typeof SavedContact>;

/** An entry the engine offered (clarify options, hand-off candidates for triage). */
export const OfferedEntry = z.object({
  entryId: z.string().max(80),
  title: z.string().max(200),
  department: z.string().max(100).optional(),
  score: z.number(),
});
export type OfferedEntry = z.infer<typeof OfferedEntry>;

/** A slot, the summary to confirm, "which slot to change", or "reuse the last contact details?". */
export const IntakeStep = z.union([IntakeSlot, z.enum(['confirm', 'which', 'reuse'])]);
export type IntakeStep = z.infer<typeof IntakeStep>;

export const Intake = z.object({
  /** Why the case goes to a person (recorded with the ticket record). */
  reason: HandoffReason,
  /**
   * The ticket's idempotency key, drawn when the intake starts: a retried 确认提交 files one ticket,
   * and a new intake never reuses an old key even if the state was lost in between.
   */
  key: IdempotencyKey,
  /** The slot being asked, the summary to confirm, or "which slot to change". */
  step: IntakeStep,
  values: IntakeValues.default({}),
  candidates: z.array(OfferedEntry).max(10).default([]),
  /** Who files: unknown until said (a company name means an enterprise). */
  applicant: ApplicantKind.optional(),
  /** Optional slots the user could not give ("没有代码", "不知道具体地址"): not asked again. */
  skipped: z.array(IntakeSlot).max(7).default([]),
  /** The last contact details were offered in this intake (taken or not): not offered again. */
  reuseOffered: z.boolean().default(false),
  /** They were taken: the summary shows them masked, as the offer did. */
  reused: z.boolean().default(false),
  /** What the demand needs, judged once per summary text (plan.ts). */
  assessed: z.object({ summary: z.string().max(200), located: z.boolean(), report: z.boolean().default(false), application: z.boolean() }).optional(),
});
export type Intake = z.infer<typeof Intake>;

/**
 * The policy dialog ("我们能享受哪些政策"): the credit code asked for, the enterprise found in the
 * registry to confirm, or a question about one fact (policy-dialog.ts); what is known so far.
 */
export const PolicyDialog = z.object({
  step: z.enum(['code', 'confirm', 'question']),
  /** The fact being asked (step question). */
  fact: AskableFact.optional(),
  knowledge: Knowledge.default({}),
  /** Facts asked (answered or skipped): never asked again, and no more than MAX_QUESTIONS. */
  asked: z.array(AskableFact).max(10).default([]),
  /** The enterprise found by its code, waiting to be confirmed (step confirm), or confirmed. */
  enterprise: z.object({ name: z.string().max(200), creditCode: z.string().max(18) }).optional(),
});
export type PolicyDialog = z.infer<typeof PolicyDialog>;

export const StoredTurn = z.object({
  role: z.enum(['user', 'bot']),
  /** Masked: these turns travel with the ticket; contact data has its own fields there. */
  text: z.string().min(1).max(USER_TEXT_MAX),
  at: z.iso.datetime({ offset: true }),
});
export type StoredTurn = z.infer<typeof StoredTurn>;

export const ConversationState = z.object({
  version: z.literal(STATE_VERSION),
  /** The user's script: replies follow it even for script-neutral follow-ups ("那要多久"). */
  script: Script.default('simplified'),
  /** The entry and field of the last answer, for follow-ups. */
  context: z.object({ entryId: z.string().max(80).optional(), field: Field.optional() }).default({}),
  /** Options offered by the last clarify, with the field and question asked. */
  clarify: z
    .object({ options: z.array(OfferedEntry).min(1).max(10), field: Field.nullable(), question: z.string().max(2000) })
    .optional(),
  /** The last question given to the engine: the demand when the user then asks for a person. */
  lastQuestion: z
    .object({ text: z.string().max(2000), answered: z.boolean(), candidates: z.array(OfferedEntry).max(5) })
    .optional(),
  intake: Intake.optional(),
  /** An open policy dialog. */
  policy: PolicyDialog.optional(),
  /** Values typed before an intake started (a phone number in the first message …). */
  known: IntakeValues.default({}),
  /** The contact details of the last ticket filed here, offered for the next one. */
  contact: SavedContact.optional(),
  /** A resolved ticket waiting for its 1-5 rating. */
  satisfaction: z.object({ ticketId: TicketId }).optional(),
  /**
   * The session is with a person (live/*.ts): waiting in the queue, or an operator (display name)
   * answers. A mark the live desk no longer knows is released on the next turn (states/live-agent.ts).
   */
  liveAgent: z
    .object({
      since: z.iso.datetime({ offset: true }),
      status: z.enum(['waiting', 'active']).default('waiting'),
      operator: z.string().max(64).optional(),
    })
    .optional(),
  turns: z.array(StoredTurn).max(TURNS_KEPT).default([]),
  /** Turn ids of recent answers, so 👍/👎 can only refer to this session's answers. */
  answerTurns: z.array(z.string().max(80)).max(50).default([]),
  /** Tickets filed in this session, newest last ("我的工单到哪一步了"). */
  tickets: z.array(TicketId).max(10).default([]),
  /** Hand-offs started in this session (part of the idempotency key, for people reading it). */
  intakeCount: z.number().int().min(0).default(0),
  updatedAt: z.iso.datetime({ offset: true }).optional(),
});
export type ConversationState = z.infer<typeof ConversationState>;

/**
 * The dialog's states by name (docs/conversation.md § States). Each is a function of the fields
 * above, never stored beside them, so it cannot disagree with them and every stored session loads
 * as it is:
 *
 *   live_agent       liveAgent set: waiting for a person, or with one
 *   intake           an intake asking for one of its slots (intake.step = summary … phone), or
 *                    whether to reuse the last contact details (intake.step = reuse)
 *   confirming       the intake's summary, waiting for 确认提交 / 修改 / 取消 (intake.step = confirm)
 *   amending         "which field to change?" (intake.step = which)
 *   policy_dialog    the policy dialog: a credit code, a name to confirm or one fact asked for
 *   clarifying       clarify options offered
 *   awaiting_rating  a resolved ticket's 1-5 rating asked for
 *   answering        none of these: questions go to the engine (context holds the last entry)
 *
 * A pending rating may wait under an open intake (the status of a ticket asked for mid-intake):
 * the intake comes first, and the rating is asked for again once it ends.
 */
export const DialogStateName = z.enum(['answering', 'clarifying', 'intake', 'confirming', 'amending', 'awaiting_rating', 'live_agent', 'policy_dialog']);
export type DialogStateName = z.infer<typeof DialogStateName>;

export function stateOf(state: ConversationState): DialogStateName {
  if (state.liveAgent) return 'live_agent';
  // The reuse offer is the intake asking for its contact slots at once.
  if (state.intake) return state.intake.step === 'confirm' ? 'confirming' : state.intake.step === 'which' ? 'amending' : 'intake';
  if (state.policy) return 'policy_dialog';
  if (state.clarify) return 'clarifying';
  if (state.satisfaction) return 'awaiting_rating';
  return 'answering';
}

export function freshState(): ConversationState {
  return ConversationState.parse({ version: STATE_VERSION });
}

export interface LoadedState {
  state: ConversationState;
  /** True when an item existed but could not be used (corrupted, or an older version). */
  reset: boolean;
}

/** Storage errors propagate: the caller decides what to tell the user. */
export async function readState(storage: StateStorage, sessionId: string): Promise<LoadedState> {
  const key = stateKey(sessionId);
  const items = await storage.read([key]);
  const item: unknown = items[key];
  if (item === undefined || item === null) return { state: freshState(), reset: false };
  const parsed = ConversationState.safeParse(item);
  return parsed.success ? { state: parsed.data, reset: false } : { state: freshState(), reset: true };
}

/**
 * The state as the turn left it. Not parsed again: it was parsed when read and changed only by typed
 * code, and what is read back is parsed anyway (a bad item starts a fresh conversation).
 */
export async function writeState(storage: StateStorage, sessionId: string, state: ConversationState): Promise<void> {
  // eTag "*": last write wins across instances (documented in docs/conversation.md).
  await storage.write({ [stateKey(sessionId)]: { ...state, eTag: '*' } });
}
