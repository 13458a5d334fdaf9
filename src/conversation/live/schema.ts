/**
 * The live hand-off's vocabulary: a conversation waiting for, or with, a person (operator), the
 * messages exchanged, and the events the instances tell each other. Parsed wherever they cross a
 * boundary (Redis, pub/sub, HTTP).
 */
import { USER_TEXT_MAX } from '../types';
import { z } from 'zod';
import { OfferedEntry, StoredTurn } from '../state';
import { OutMessage, SessionId } from '../types';

export const LiveStatus = z.enum(['waiting', 'active']);
export type LiveStatus = z.infer<typeof LiveStatus>;

export const LiveOperator = z.object({ name: z.string().min(1).max(100), display: z.string().min(1).max(64) });
export type LiveOperator = z.infer<typeof LiveOperator>;

export const LiveMessage = z.object({
  role: z.enum(['user', 'operator']),
  text: z.string().min(1).max(USER_TEXT_MAX),
  at: z.iso.datetime({ offset: true }),
  /** The operator's display name, on their messages. */
  operator: z.string().max(64).optional(),
});
export type LiveMessage = z.infer<typeof LiveMessage>;

/** What the operator sees of the enterprise so far: masked, as the summary shows it. */
export const LiveDetails = z.object({
  name: z.string().max(100).optional(),
  creditCode: z.string().max(30).optional(),
  district: z.string().max(50).optional(),
  contactName: z.string().max(50).optional(),
  phone: z.string().max(30).optional(),
});
export type LiveDetails = z.infer<typeof LiveDetails>;

export const LiveConversation = z.object({
  sessionId: SessionId,
  status: LiveStatus,
  enqueuedAt: z.iso.datetime({ offset: true }),
  takenAt: z.iso.datetime({ offset: true }).optional(),
  operator: LiveOperator.optional(),
  /** Why it came to a person: asked_for_person, low_confidence. */
  reason: z.string().max(40),
  /** The question the assistant could not answer, if there was one. */
  demand: z.string().max(USER_TEXT_MAX).optional(),
  /** The engine's best guesses for it. */
  guesses: z.array(OfferedEntry).max(5).default([]),
  details: LiveDetails.default({}),
  /** The chat before the hand-off (masked). */
  transcript: z.array(StoredTurn).max(40).default([]),
});
export type LiveConversation = z.infer<typeof LiveConversation>;

/**
 * A message for the user's chat page with its place in the session's sequence: the page
 * acknowledges up to a seq, and shows a redelivered one (seq not above the last it showed) once.
 */
export const HeldMessage = z.object({ seq: z.number().int().positive(), message: OutMessage });
export type HeldMessage = z.infer<typeof HeldMessage>;

/** A conversation as the operator console lists it: with its messages and, while waiting, its place. */
export const LiveView = LiveConversation.extend({
  // Always filled in a view: without their defaults, so that the document calls them required.
  guesses: LiveConversation.shape.guesses.unwrap(),
  details: LiveConversation.shape.details.unwrap(),
  transcript: LiveConversation.shape.transcript.unwrap(),
  messages: z.array(LiveMessage),
  position: z.number().int().min(1).optional(),
});
export type LiveView = z.infer<typeof LiveView>;

/** What one instance tells the others (and itself). */
export const LiveEvent = z.discriminatedUnion('kind', [
  /**
   * Messages are held for the user (LiveStore.hold): whichever instance holds their chat page's socket
   * sends them. `again`: the unacknowledged ones too (a socket of the user closed: what it swallowed).
   */
  z.object({ kind: z.literal('deliver'), sessionId: SessionId, again: z.boolean().optional() }),
  /** A message from the user, for the operator consoles. */
  z.object({ kind: z.literal('message'), sessionId: SessionId, message: LiveMessage }),
  /** The queue or an assignment changed: consoles list again. */
  z.object({ kind: z.literal('queue') }),
]);
export type LiveEvent = z.infer<typeof LiveEvent>;
