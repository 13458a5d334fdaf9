/**
 * The dialog as a state machine. A turn enters in the session's state (state.ts `stateOf`), its
 * input is classified (input.ts), the table below says which handler runs and where the turn may
 * go, the handler runs once, and the turn leaves in the state its changes describe:
 *
 *   load state ─▶ stateOf ─▶ classify ─▶ TABLE[state][kind] ─▶ handler ─▶ stateOf ─▶ save
 *
 * Handlers are one module per state (states/<state>.ts), plus interrupts.ts for the buttons that do
 * the same everywhere. They do not call each other: what several need (answering a question,
 * starting or re-asking the intake, a ticket's status) lives in the modules below them
 * (respond.ts, answers.ts, intake.ts, status.ts).
 *
 * The table is the dialog's specification: every state has an entry for every input kind (checked
 * by its type and by test/conversation/machine.test.ts), and a turn that ends in a state its entry
 * does not list is logged. docs/conversation.md § States draws it.
 */
import { countHan, normalise, type Script } from '../engine';
import { entryTitle } from '../kb/schema';
import { classify, isInterrupt, type InputKind, type StateInput } from './input';
import { interrupt } from './interrupts';
import { isServiceText } from './smalltalk';
import { stateOf, type DialogStateName } from './state';
import { amending } from './states/amending';
import { answering } from './states/answering';
import { awaitingRating } from './states/awaiting-rating';
import { clarifying } from './states/clarifying';
import { confirming } from './states/confirming';
import { intake } from './states/intake';
import { liveAgent } from './states/live-agent';
import { policyDialog } from './states/policy-dialog';
import { t, type DialogDeps, type Turn } from './turn';
import type { UserInput } from './types';

export interface Transition {
  /** The states the turn may end in. */
  readonly to: readonly DialogStateName[];
  /** What happens, in a few words (docs/conversation.md shows the same). */
  readonly does: string;
  /** The module that handles it: the state's own, or interrupts.ts. */
  readonly by: 'state' | 'interrupts';
}
export type Row = { readonly [K in InputKind]: Transition };
export type Table = { readonly [S in DialogStateName]: Row };

export type StateHandler = (deps: DialogDeps, turn: Turn, input: StateInput) => Promise<void>;

export const HANDLERS: { readonly [S in DialogStateName]: StateHandler } = {
  answering,
  clarifying,
  intake,
  confirming,
  amending,
  awaiting_rating: awaitingRating,
  live_agent: liveAgent,
  policy_dialog: policyDialog,
};

/** The module of each state's handler, for people and the docs. */
export const HANDLER_MODULES: { readonly [S in DialogStateName]: string } = {
  answering: 'states/answering.ts',
  clarifying: 'states/clarifying.ts',
  intake: 'states/intake.ts',
  confirming: 'states/confirming.ts',
  amending: 'states/amending.ts',
  awaiting_rating: 'states/awaiting-rating.ts',
  live_agent: 'states/live-agent.ts',
  policy_dialog: 'states/policy-dialog.ts',
};

const go = (to: readonly DialogStateName[], does: string): Transition => ({ to, does, by: 'state' });
const button = (to: readonly DialogStateName[], does: string): Transition => ({ to, does, by: 'interrupts' });

/**
 * A question for the engine: an answer stays, a clarify question offers options, a hand-off opens
 * the intake, or (a low-confidence one, a person on duty) the queue for a person;
 * "我们能享受哪些政策" opens the policy dialog.
 */
const ASKED = ['answering', 'clarifying', 'intake', 'confirming', 'policy_dialog', 'live_agent'] as const;
/**
 * The intake starts at its first missing slot, or at the summary when everything is known already;
 * during staffed hours with an operator on duty, 转人工 joins the queue for a person instead.
 */
const HANDOFF = ['intake', 'confirming', 'live_agent'] as const;
/** A complaint goes to a department: always the intake. */
const COMPLAINT = ['intake', 'confirming'] as const;
/** Leaving the intake (cancelled, filed, or a question answered instead): a rating may still wait. */
const LEFT = ['answering', 'awaiting_rating'] as const;
/** The same for a question while a rating waits: the rating stays asked for. */
const ASKED_RATING = ['awaiting_rating', 'clarifying', 'intake', 'confirming', 'policy_dialog', 'live_agent'] as const;

const answeringRow: Row = {
  choose: button(['answering'], 'answers the entry (a button from an older message)'),
  handoff: go(HANDOFF, 'intake, reason asked_for_person; a person on duty: the queue'),
  feedback: button(['answering'], '👍/👎 recorded on the answer, thanks (👎 offers 转人工)'),
  rate: button(['answering'], 'tickets.rate, thanks'),
  blank: go(['answering'], 'the engine: an empty message, 转人工 offered'),
  ticket_id: go(['answering', 'awaiting_rating'], "the ticket's status; resolved: asks for a 1-5 rating"),
  score: go(ASKED, 'no rating waits: a question like any other'),
  cancel: go(['answering'], 'nothing to cancel'),
  confirm: go(['answering'], '"好的，还有什么可以帮您？"'),
  deny: go(['answering'], 'offers 换个说法 / 转人工'),
  correct: go(ASKED, 'no intake: a question like any other'),
  ask_person: go(HANDOFF, 'intake, reason asked_for_person (the demand: the question just not answered); a person on duty: the queue'),
  complaint: go(COMPLAINT, 'intake, reason complaint'),
  smalltalk: go(['answering'], 'greeting, small talk, who the assistant is: a polite reply with example questions / thanks / goodbye'),
  feedback_text: go(['answering'], 'feedback record on the last answer'),
  status_question: go(['answering', 'awaiting_rating'], "the last ticket's status, or asks for its id"),
  field_question: go(ASKED, 'the previous entry, that field (an item or policy, a turn that cannot stand alone); else the engine'),
  text: go(ASKED, 'the engine, with the previous entry and field as context; "我们能享受哪些政策": the policy dialog'),
};

const clarifyingRow: Row = {
  choose: button(['answering', 'clarifying'], 'answers the option, as asked; an entry no longer known: options kept'),
  handoff: go(HANDOFF, 'options dropped, intake'),
  feedback: button(['clarifying'], '👍/👎 recorded'),
  rate: button(['clarifying'], 'tickets.rate'),
  blank: go(['answering'], 'options dropped, the engine: an empty message'),
  ticket_id: go(['clarifying', 'awaiting_rating'], "the ticket's status; resolved: asks for a rating, options dropped"),
  score: go(ASKED, '"2" picks the second option; otherwise options dropped, a question'),
  cancel: go(['answering', 'clarifying'], 'options dropped, offers 换个说法 / 转人工'),
  confirm: go(['answering', 'clarifying'], '"是的" takes the one option of a yes/no question; otherwise "好的"'),
  deny: go(['answering', 'clarifying'], '"都不是": options dropped, offers 换个说法 / 转人工'),
  correct: go(ASKED, "an option's name picks it; otherwise options dropped, a question"),
  ask_person: go(ASKED, 'options dropped, intake'),
  complaint: go(ASKED, 'options dropped, intake'),
  smalltalk: go(['answering', 'clarifying'], 'options dropped, greeting / thanks / goodbye'),
  feedback_text: go(['answering', 'clarifying'], 'options dropped, feedback record'),
  status_question: go(['answering', 'clarifying', 'awaiting_rating'], "options dropped, the last ticket's status"),
  field_question: go(ASKED, "an option's name picks it; otherwise options dropped, a question"),
  text: go(ASKED, '"第二个" / "最后一个" / a name picks; otherwise options dropped, a question'),
};

const awaitingRatingRow: Row = {
  choose: button(['awaiting_rating'], 'answers the entry; the rating still waits'),
  handoff: go(HANDOFF, 'rating dropped, intake'),
  feedback: button(['awaiting_rating'], '👍/👎 recorded'),
  rate: button(['answering', 'awaiting_rating'], 'tickets.rate; the waiting ticket: done'),
  blank: go(['awaiting_rating'], 'the engine: an empty message'),
  ticket_id: go(['awaiting_rating'], "the ticket's status (a resolved one is the one waiting now)"),
  score: go(['answering', 'awaiting_rating'], 'rates the waiting ticket ("5", "5分", "非常满意")'),
  cancel: go(['awaiting_rating'], 'nothing to cancel'),
  confirm: go(['awaiting_rating'], '"好的"'),
  deny: go(['awaiting_rating'], 'offers 换个说法 / 转人工'),
  correct: go(ASKED_RATING, 'a question; the rating still waits (a clarify or an intake drops it)'),
  ask_person: go(HANDOFF, 'rating dropped, intake'),
  complaint: go(COMPLAINT, 'rating dropped, intake'),
  smalltalk: go(['awaiting_rating'], 'greeting / thanks / goodbye'),
  feedback_text: go(['awaiting_rating'], 'feedback record on the last answer'),
  status_question: go(['awaiting_rating'], "the last ticket's status"),
  field_question: go(ASKED_RATING, 'a follow-up or a question; the rating still waits'),
  text: go(ASKED_RATING, 'a question; the rating still waits (a clarify or an intake drops it)'),
};

/** Inputs that are no answer to the intake's question: handled, then the question is asked again. */
const intakeAsides = (self: 'intake' | 'confirming' | 'amending'): Pick<Row, 'choose' | 'handoff' | 'feedback' | 'rate' | 'blank'> => ({
  choose: button([self], 'answers the entry, then asks again'),
  handoff: go([self], 'asks again'),
  feedback: button([self], '👍/👎 recorded'),
  rate: button([self], 'tickets.rate, then asks again'),
  blank: go([self], 'asks again'),
});

const intakeRow: Row = {
  ...intakeAsides('intake'),
  ticket_id: go(['intake', 'confirming'], "the ticket's status, then asks again; at the 诉求 slot it is the demand"),
  score: go(['intake', 'confirming', ...LEFT], 'the value asked for'),
  cancel: go(LEFT, 'cancelled, values forgotten'),
  confirm: go(['intake', 'confirming', ...LEFT], 'the reuse offer: the last contact details taken; else "请继续填写", asks again'),
  deny: go(['intake', 'confirming', ...LEFT], 'the reuse offer: declined, the next slot; else "请继续填写", asks again'),
  correct: go(['intake', 'confirming', 'amending', ...LEFT], '"电话填错了": that slot (a new value at once); "我填错了": which field?; 重新填写 at the reuse offer'),
  ask_person: go(['intake', ...LEFT], '"请继续填写", asks again'),
  complaint: go(['intake', 'confirming', ...LEFT], 'the value asked for'),
  smalltalk: go(['intake', ...LEFT], '"请继续填写", asks again'),
  feedback_text: go(['intake', ...LEFT], '"请继续填写", asks again'),
  status_question: go(['intake', 'confirming', ...LEFT], 'the value asked for'),
  field_question: go(['intake', 'confirming', ...LEFT], 'asked for a name: a question the engine answers is answered, values kept; else the value'),
  text: go(
    ['intake', 'confirming', ...LEFT],
    'the value: checked, kept, the next missing slot or the summary ("个人" / "还没注册" for the enterprise: no enterprise fields; "没有代码": skipped); asked for a name: a question is answered, values kept',
  ),
};

const confirmingRow: Row = {
  ...intakeAsides('confirming'),
  ticket_id: go(['confirming'], "the ticket's status, then the summary again"),
  score: go(['confirming'], 'a hint, the summary again'),
  cancel: go(LEFT, 'cancelled, values forgotten'),
  confirm: go(['confirming', 'intake', ...LEFT], '确认提交: files the ticket; an issue: back to its slot; a failure: try again'),
  deny: go(['amending'], 'which field?'),
  correct: go(['intake', 'confirming', 'amending'], '"电话填错了": that slot (a new value at once); "修改": which field?'),
  ask_person: go(['confirming'], 'a hint, the summary again'),
  complaint: go(['confirming'], 'a hint, the summary again'),
  smalltalk: go(['confirming'], 'a hint, the summary again'),
  feedback_text: go(['confirming'], 'a hint, the summary again'),
  status_question: go(['confirming'], 'a hint, the summary again'),
  field_question: go(['confirming'], 'a hint, the summary again'),
  text: go(['confirming'], 'a hint, the summary again'),
};

/** In "which field?", a field named in any words is the answer ("电话", "改联系人"). */
const named = go(['intake', 'confirming', 'amending'], 'a field named: that slot (a new value at once); otherwise asked again');
const amendingRow: Row = {
  ...intakeAsides('amending'),
  ticket_id: go(['amending'], "the ticket's status, then asks again"),
  score: named,
  cancel: go(LEFT, 'cancelled, values forgotten'),
  confirm: go(['intake', 'confirming'], 'nothing to change: the next missing slot, or the summary'),
  deny: go(['intake', 'confirming'], 'nothing to change: the next missing slot, or the summary'),
  correct: named,
  ask_person: named,
  complaint: named,
  smalltalk: named,
  feedback_text: named,
  status_question: named,
  field_question: named,
  text: named,
};

/** A mark the live desk does not know is released: dropped, the input handled as in answering. */
const RELEASED = ['answering', 'clarifying', 'intake', 'confirming', 'amending', 'awaiting_rating', 'policy_dialog'] as const;
const WITH_PERSON = ['live_agent', ...RELEASED] as const;
const toPerson = go(WITH_PERSON, 'to the operator; waiting: the place in the queue again (released when the desk does not know it)');
const liveAgentRow: Row = {
  choose: button(['live_agent'], 'answers the entry'),
  handoff: go(WITH_PERSON, 'waiting: the place in the queue again; with a person: nothing'),
  feedback: button(['live_agent'], '👍/👎 recorded'),
  rate: button(['live_agent'], 'tickets.rate'),
  blank: go(WITH_PERSON, 'waiting: the place in the queue again; with a person: nothing'),
  ticket_id: toPerson,
  score: toPerson,
  cancel: go(WITH_PERSON, 'waiting: leaves the queue (取消排队); with a person: to the operator'),
  confirm: toPerson,
  deny: toPerson,
  correct: toPerson,
  ask_person: toPerson,
  complaint: toPerson,
  smalltalk: toPerson,
  feedback_text: toPerson,
  status_question: toPerson,
  field_question: toPerson,
  text: toPerson,
};

/**
 * The policy dialog: a credit code (looked up), 是的/不是 for the name found, or the answer to one
 * question; the result (cards) ends it. A message of its own ends it and is handled as in answering.
 */
const DIALOG_ON = ['policy_dialog', 'answering'] as const;
/** Leaving the dialog for a message of its own: wherever that message leads. */
const DIALOG_LEFT = ['policy_dialog', ...ASKED, 'awaiting_rating'] as const;
const policyDialogRow: Row = {
  choose: button(['policy_dialog', 'answering'], 'answers the entry; the dialog stays open'),
  handoff: go(HANDOFF, 'dialog dropped, intake'),
  feedback: button(['policy_dialog'], '👍/👎 recorded'),
  rate: button(['policy_dialog'], 'tickets.rate'),
  blank: go(['policy_dialog'], 'asks again'),
  ticket_id: go(DIALOG_LEFT, 'not an answer: a question of its own ends the dialog; else asks again'),
  score: go(DIALOG_ON, 'a number: the answer to the fact asked (5 人); the next question or the result'),
  cancel: go(['answering'], 'dialog dropped, "已退出政策匹配"'),
  confirm: go(DIALOG_LEFT, '"是的": the enterprise found by its code is taken; the next question or the result'),
  deny: go(DIALOG_ON, '"不是": questions instead; "没有": no qualification; else skipped'),
  correct: go(DIALOG_LEFT, 'an answer, else asked again or a question of its own'),
  ask_person: go(HANDOFF, 'dialog dropped, intake, reason asked_for_person'),
  complaint: go(HANDOFF, 'dialog dropped, intake, reason complaint'),
  smalltalk: go(DIALOG_LEFT, 'an answer, else asked again or a message of its own'),
  feedback_text: go(DIALOG_LEFT, 'an answer, else asked again or a message of its own'),
  status_question: go(DIALOG_LEFT, 'an answer, else asked again or a message of its own'),
  field_question: go(DIALOG_LEFT, 'an answer, else asked again or a question of its own'),
  text: go(
    DIALOG_LEFT,
    'a credit code: looked up (found: 是…吗?); an answer: the next question (the most deciding, at most 5) or the result; 跳过/不清楚: skipped; else asked again, or ended for a question of its own',
  ),
};

export const TABLE: Table = {
  answering: answeringRow,
  clarifying: clarifyingRow,
  intake: intakeRow,
  confirming: confirmingRow,
  amending: amendingRow,
  awaiting_rating: awaitingRatingRow,
  live_agent: liveAgentRow,
  policy_dialog: policyDialogRow,
};

/** Below this many Han characters a text may be script-neutral ("那要多久"): keep the session's script. */
const SCRIPT_EVIDENCE = 6;

export function sessionScript(text: string, previous: Script): Script {
  const { script } = normalise(text);
  if (script === 'traditional') return 'traditional';
  return countHan(text) >= SCRIPT_EVIDENCE ? 'simplified' : previous;
}

/** What the user did this turn, as the transcript keeps it (buttons are described). */
function describe(deps: DialogDeps, turn: Turn, input: UserInput): string | undefined {
  if ('text' in input) return input.text;
  switch (input.action) {
    case 'choose': {
      const entry = deps.engine().entry(input.entryId);
      return entry ? entryTitle(entry) : input.entryId;
    }
    case 'handoff':
      return t(turn, 'choice_handoff');
    case 'rate':
      return t(turn, 'score_label', { score: input.score });
    case 'feedback':
      return undefined;
  }
}

export interface Step {
  from: DialogStateName;
  kind: InputKind;
  to: DialogStateName;
}

/** One turn: the state it is in, the input, one handler, the state it leaves in. */
export async function runTurn(deps: DialogDeps, turn: Turn, raw: UserInput): Promise<Step> {
  const from = stateOf(turn.state);
  const userText = describe(deps, turn, raw);
  if (userText !== undefined) turn.userText = userText;
  if ('text' in raw) turn.state.script = sessionScript(raw.text, turn.state.script);
  const input = classify(deps.intents, raw, (text) => isServiceText(deps, text));
  const transition = TABLE[from][input.kind];
  if (isInterrupt(input)) await interrupt(deps, turn, input);
  else await HANDLERS[from](deps, turn, input);
  const to = stateOf(turn.state);
  if (!transition.to.includes(to)) deps.log.warn('conversation transition outside the table', { from, kind: input.kind, to });
  return { from, kind: input.kind, to };
}
