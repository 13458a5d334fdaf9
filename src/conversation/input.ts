/**
 * What the user sent, as the state machine sees it: one input kind per turn (the columns of the
 * transition table, machine.ts), with what the handlers need to act on it.
 *
 * Buttons are their action. Text is classified in a fixed order, independent of the state:
 *
 *   blank · ticket_id (QH-… anywhere) · score ("5分", "非常满意") · cancel · confirm · deny · correct
 *   · the first other intent (ask_person, complaint, smalltalk, feedback_text, status_question,
 *   field_question) · text (anything else: a question, a value for the intake, an option's name)
 *
 * The kind decides which row entry applies; a handler may still read `matches` for details (the
 * slot a correction names, "是的" for a yes/no clarify).
 */
import { z } from 'zod';
import { findTicketId, parseScore } from './status';
import { FIELD_INTENTS, type IntentMatch, type IntentMatcher, type IntentName } from './intents';
import type { UserInput } from './types';

export const BUTTON_KINDS = ['choose', 'handoff', 'feedback', 'rate'] as const;
export const TEXT_KINDS = [
  'blank',
  'ticket_id',
  'score',
  'cancel',
  'confirm',
  'deny',
  'correct',
  'ask_person',
  'complaint',
  'smalltalk',
  'feedback_text',
  'status_question',
  'field_question',
  'text',
] as const;
export const InputKind = z.enum([...BUTTON_KINDS, ...TEXT_KINDS]);
export type InputKind = z.infer<typeof InputKind>;
export type TextKind = (typeof TEXT_KINDS)[number];

/** Buttons that do the same in every state (a clarify choice, 👍/👎, a rating): interrupts.ts. */
export const INTERRUPT_KINDS = ['choose', 'feedback', 'rate'] as const satisfies readonly InputKind[];
export type InterruptKind = (typeof INTERRUPT_KINDS)[number];

export interface TextInput {
  kind: TextKind;
  text: string;
  /** Every intent the text matches, in INTENT_NAMES order. */
  matches: readonly IntentMatch[];
  /** A ticket id in the text, canonical. */
  ticketId?: string;
  /** The rating the text gives, when it is one. */
  score?: number;
}

export type ButtonInput =
  | { kind: 'choose'; entryId: string }
  | { kind: 'handoff' }
  | { kind: 'feedback'; turnId: string; helpful: boolean }
  | { kind: 'rate'; ticketId: string; score: number };

export type Input = ButtonInput | TextInput;
export type InterruptInput = Extract<ButtonInput, { kind: InterruptKind }>;
/** What a state's own handler receives: everything but the interrupts. */
export type StateInput = Exclude<Input, InterruptInput>;

export const isInterrupt = (input: Input): input is InterruptInput => (INTERRUPT_KINDS as readonly string[]).includes(input.kind);

export const hasIntent = (matches: readonly IntentMatch[], name: IntentName): boolean => matches.some((m) => m.name === name);

const INTENT_KINDS: Partial<Record<IntentName, TextKind>> = {
  greeting: 'smalltalk',
  chitchat: 'smalltalk',
  about_bot: 'smalltalk',
  thanks: 'smalltalk',
  goodbye: 'smalltalk',
  ask_person: 'ask_person',
  ticket_status: 'status_question',
  complaint: 'complaint',
  feedback: 'feedback_text',
};

/** Intents that come before the others, whichever else the text matches. */
const FIRST_INTENTS = ['cancel', 'confirm', 'deny', 'correct'] as const;

function textKind(text: string, matches: readonly IntentMatch[], ticketId: string | undefined, score: number | undefined): TextKind {
  if (!text.trim()) return 'blank';
  if (ticketId) return 'ticket_id';
  if (score !== undefined) return 'score';
  if (matches.length === 0) return 'text';
  for (const name of FIRST_INTENTS) if (hasIntent(matches, name)) return name;
  for (const m of matches) {
    if (m.name in FIELD_INTENTS) return 'field_question';
    const kind = INTENT_KINDS[m.name];
    if (kind) return kind;
  }
  return 'text';
}

/**
 * `isServiceText` checks a small-talk guess (a `similar` intent) against the knowledge base: when it
 * says the text is about a government service after all, the guess is dropped (smalltalk.ts).
 */
export function classify(intents: IntentMatcher, input: UserInput, isServiceText: (text: string) => boolean = () => false): Input {
  if (!('text' in input)) {
    switch (input.action) {
      case 'choose':
        return { kind: 'choose', entryId: input.entryId };
      case 'handoff':
        return { kind: 'handoff' };
      case 'feedback':
        return { kind: 'feedback', turnId: input.turnId, helpful: input.helpful };
      case 'rate':
        return { kind: 'rate', ticketId: input.ticketId, score: input.score };
    }
  }
  const { text } = input;
  let matches = intents.match(text);
  if (matches.some((m) => m.similar) && isServiceText(text)) matches = matches.filter((m) => !m.similar);
  const ticketId = findTicketId(text);
  const score = ticketId ? undefined : parseScore(text);
  const out: TextInput = { kind: textKind(text, matches, ticketId, score), text, matches };
  if (ticketId) out.ticketId = ticketId;
  if (score !== undefined) out.score = score;
  return out;
}
