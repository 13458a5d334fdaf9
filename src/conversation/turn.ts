/**
 * One user turn being handled: the session's state (mutated in place, saved once at the end), the
 * messages going out and the records to append. Handlers only touch this object; the service does
 * the I/O around it, so a failure half-way through saves nothing.
 */
import { convertScript, type Decision, type Engine, type Script } from '../engine';
import type { Entry } from '../kb/schema';
import type { Logger } from '../log';
import type { EnterpriseDirectory, MatchTally } from '../policies';
import type { RefinedDecision } from '../llm/semantic';
import type { Districts } from '../tickets/districts';
import type { TicketService } from '../tickets/service';
import type { Channel } from '../tickets/schema';
import type { IntentMatcher } from './intents';
import type { LiveDesk } from './live/desk';
import { say, type TextCode } from './messages';
import { hashSessionId, type NewRecord } from './records';
import type { ConversationState } from './state';
import type { Choice, OutMessage } from './types';

/** A settled past case very like a matter: who answered it, and the gist of how (similar-case.ts). */
export type SimilarCaseLookup = (text: string) => { department: string; gist: string } | undefined;

export interface DialogDeps {
  engine: () => Engine;
  /** The optional semantic layer (src/llm): a better decision for a question the engine could not place. */
  refine?: (question: string, decision: Decision) => Promise<RefinedDecision>;
  tickets: TicketService;
  districts: Districts;
  intents: IntentMatcher;
  log: Logger;
  /** A settled past case very like the user's matter, for the hand-off (similar-case.ts); none without. */
  similarCase?: SimilarCaseLookup;
  /** The live hand-off to a person (live-handoff.ts); without it every hand-off is the intake. */
  live?: LiveDesk;
  /** The policy dialog ("我们能享受哪些政策"); off without. */
  policies?: PolicyDialogDeps;
}

export interface PolicyDialogDeps {
  /** The published knowledge base's entries (a function: a republished one takes effect next turn). */
  entries: () => readonly Entry[];
  /** The enterprise registry a credit code is looked up in; without it only questions are asked. */
  directory?: EnterpriseDirectory;
  /** Today in China (YYYY-MM-DD): what years established are counted to. */
  today: () => string;
  /** The 免申即享 notices kept for an enterprise (by credit code), told once it confirms who it is. */
  notices?: (creditCode: string) => Promise<readonly PolicyNoticeLine[]>;
  /** Counts a finished dialog's match in the policy analytics, as the match API's are. */
  onMatched?: (tally: MatchTally) => void;
}

/** What the chat tells of a 免申即享 notice. */
export interface PolicyNoticeLine {
  readonly policyTitle: string;
  readonly benefit?: string;
}

export interface Turn {
  readonly sessionId: string;
  readonly channel: Channel;
  readonly at: Date;
  state: ConversationState;
  readonly messages: OutMessage[];
  readonly records: NewRecord[];
  /** What the user said this turn, as it goes into the transcript (actions are described). */
  userText?: string;
}

export function newTurn(sessionId: string, channel: Channel, at: Date, state: ConversationState): Turn {
  return { sessionId, channel, at, state, messages: [], records: [] };
}

export const script = (turn: Turn): Script => turn.state.script;

/** Wording for a code in the session's script. */
export const t = (turn: Turn, code: TextCode, vars?: Record<string, string | number>): string => say(code, turn.state.script, vars);

/** Text from another message map (engine, ticket validation) in the session's script. */
export const inScript = (turn: Turn, text: string): string => convertScript(text, turn.state.script);

export function send(turn: Turn, message: OutMessage): void {
  turn.messages.push(message);
}

export function sendText(turn: Turn, code: TextCode, vars?: Record<string, string | number>, choices?: Choice[]): void {
  send(turn, choices?.length ? { type: 'text', text: t(turn, code, vars), choices } : { type: 'text', text: t(turn, code, vars) });
}

export function record(turn: Turn, r: Omit<NewRecord, 'at' | 'sessionId' | 'channel'>): void {
  turn.records.push({ ...r, at: turn.at.toISOString(), sessionId: hashSessionId(turn.sessionId), channel: turn.channel });
}

export const handoffChoice = (turn: Turn): Choice => ({ label: t(turn, 'choice_handoff'), input: { action: 'handoff' } });
export const cancelChoice = (turn: Turn): Choice => ({ label: t(turn, 'choice_cancel'), input: { text: t(turn, 'choice_cancel') } });
