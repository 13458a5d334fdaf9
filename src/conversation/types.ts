/**
 * The conversation's public vocabulary, shared by every channel (Botkit web chat, JSON chat API,
 * WeChat or 12345 integrations). Schemas are the only definitions; types are inferred.
 */
import { z } from 'zod';
import { Field } from '../engine/types';

export const SessionId = z
  .string()
  .min(8)
  .max(100)
  .regex(/^[A-Za-z0-9._:-]+$/, 'sessionId may hold only letters, digits and . _ : -');

/** The longest message a user may type, on every channel (the chat page cuts at the same length). */
export const USER_TEXT_MAX = 2000;

/** What a user sends: text, or a structured action from a button (clarify choice, rating, 👍/👎…). */
export const UserInput = z.union([
  z.strictObject({ text: z.string().max(USER_TEXT_MAX) }),
  z.strictObject({ action: z.literal('choose'), entryId: z.string().max(80) }),
  z.strictObject({ action: z.literal('handoff') }),
  z.strictObject({ action: z.literal('feedback'), turnId: z.string().max(80), helpful: z.boolean() }),
  z.strictObject({ action: z.literal('rate'), ticketId: z.string().max(40), score: z.number().int().min(1).max(5) }),
]);
export type UserInput = z.infer<typeof UserInput>;

export const ChatRequest = z.strictObject({ sessionId: SessionId, text: z.string().max(USER_TEXT_MAX) });
export type ChatRequest = z.infer<typeof ChatRequest>;

export const MessageType = z.enum(['answer', 'clarify', 'handoff', 'text', 'ticket']);

export const Choice = z.object({
  /** Shown on the button. */
  label: z.string(),
  /** What the button sends back: a UserInput. */
  input: UserInput,
});
export type Choice = z.infer<typeof Choice>;

/** An answer card: the entry, the asked field first, then what else the entry holds. */
export const AnswerCard = z.object({
  entryId: z.string(),
  kind: z.enum(['item', 'policy', 'faq']),
  title: z.string(),
  department: z.string().optional(),
  field: Field,
  fieldLabel: z.string(),
  /** The asked field's text (already in the user's script). */
  body: z.string(),
  materials: z.array(z.object({ name: z.string(), detail: z.string().optional() })).optional(),
  facts: z.array(z.object({ label: z.string(), value: z.string() })),
  onlineUrl: z.string().optional(),
  source: z.string(),
});
export type AnswerCard = z.infer<typeof AnswerCard>;

export const OutMessage = z.object({
  type: MessageType,
  text: z.string(),
  /** Identifies this turn for 👍/👎 feedback. */
  turnId: z.string().optional(),
  entryId: z.string().optional(),
  field: Field.optional(),
  choices: z.array(Choice).optional(),
  ticketId: z.string().optional(),
  /** A filed ticket's access token (ticket messages only): the browser keeps it to list the ticket under 我的工单. */
  ticketToken: z.string().optional(),
  card: AnswerCard.optional(),
  /** 'traditional' when the user writes in traditional script: the page words its own labels alike. */
  script: z.enum(['simplified', 'traditional']).optional(),
  /** Written by a person (live hand-off): the operator's display name. */
  agent: z.string().max(64).optional(),
});
export type OutMessage = z.infer<typeof OutMessage>;

export const ChatResponse = z.object({ sessionId: SessionId, messages: z.array(OutMessage) });
export type ChatResponse = z.infer<typeof ChatResponse>;

/** The live hand-off's events that change a session (live-handoff.ts). */
export type LiveTurnEvent =
  | { kind: 'taken'; operator: string }
  | { kind: 'ended'; operator: string }
  | { kind: 'handed_back'; operator: string }
  | { kind: 'ticket'; operator: string; summary?: string }
  | { kind: 'timeout'; waitedMinutes: number }
  /** The user's place in the queue changed (live/places.ts): said only while still waiting. */
  | { kind: 'place'; position: number; estimateMinutes?: number };

/** Where a turn comes from: its channel and, over HTTP, the request id its log lines carry. */
export interface TurnMeta {
  channel?: 'web' | 'api' | 'hotline';
  requestId?: string;
}

/** The conversation as every channel sees it. */
export interface ConversationService {
  /** One user turn in, the bot's messages out. Never throws for user input; state is saved before it resolves. */
  handle(sessionId: string, input: UserInput, meta?: TurnMeta): Promise<OutMessage[]>;
  /** Greeting for a new or returning session (the chat page calls it on connect). */
  welcome(sessionId: string): Promise<OutMessage[]>;
  /** What an operator (or the queue's timeout) did to a session with a person: the user's messages out. */
  liveEvent(sessionId: string, event: LiveTurnEvent): Promise<OutMessage[]>;
}
