/**
 * The web chat's wire format: what the page sends over the websocket (or POSTs to /api/messages),
 * and what it receives. Botkit's web adapter format, with qihu's structured data under `qihu`:
 *
 *   in:  { "type": "message", "user": "<sessionId>", "text": "开药店要什么材料" }
 *        { "type": "message", "user": "<sessionId>", "qihu": { "action": "choose", "entryId": "…" } }
 *        { "type": "hello" | "welcome_back", "user": "<sessionId>" }
 *        { "type": "resume", "user": "<sessionId>" }      (websocket only: a reconnect, no turn)
 *        { "type": "ack", "user": "<sessionId>", "upTo": <seq> }   (websocket only: live messages shown)
 *   out: { "type": "message", "text": "…", "qihu": <OutMessage> }
 *        { "type": "message", "text": "…", "qihu": <OutMessage>, "seq": <n> }   (a person's, live/delivery.ts)
 *
 * Other fields (`channel`, Botkit's `user_profile` …) are accepted and dropped; other types are
 * ignored. See docs/api.md, "Chat".
 */
import { z } from 'zod';
import { OutMessage, SessionId, UserInput } from '../types';

/** Event types qihu acts on; everything else is ignored. */
export const WEB_EVENT_TYPES = ['message', 'hello', 'welcome_back'] as const;
export type WebEventType = (typeof WEB_EVENT_TYPES)[number];

/**
 * A page's socket reconnected within the same page load: no greeting, but the socket speaks for the
 * session again, and what a person said meanwhile in the live hand-off follows (live/delivery.ts).
 */
export const RESUME_TYPE = 'resume';

/** The page has shown the live messages up to seq `upTo`: the store drops them (live/delivery.ts). */
export const ACK_TYPE = 'ack';

export const isWebEventType = (type: string): type is WebEventType => (WEB_EVENT_TYPES as readonly string[]).includes(type);

/** Longer than a turn's 2,000 characters on purpose: the conversation explains "too long" itself. */
export const WIRE_TEXT_MAX = 10_000;

export const WebInbound = z.object({
  type: z.string().min(1).max(40),
  /** The session id: generated and kept by the page. */
  user: SessionId,
  text: z.string().max(WIRE_TEXT_MAX).optional(),
  /** A button's structured input (a UserInput); takes precedence over `text`. */
  qihu: z.unknown().optional(),
  /** Botkit's client sends "websocket"; informative only. */
  channel: z.string().max(40).optional(),
  /** On `ack`: the highest seq of the live messages the page has shown. */
  upTo: z.number().int().positive().optional(),
});
export type WebInbound = z.infer<typeof WebInbound>;

/**
 * The UserInput a message carries: its `qihu` input when there is one, else its text. An invalid
 * `qihu` value is handed on as it is: the conversation validates every input and explains (in
 * Chinese) what it could not use, which is better than dropping the button press silently.
 */
export function inputOf(message: { text?: unknown; qihu?: unknown }): UserInput {
  if (message.qihu !== undefined && message.qihu !== null) {
    const parsed = UserInput.safeParse(message.qihu);
    return parsed.success ? parsed.data : (message.qihu as UserInput);
  }
  return { text: typeof message.text === 'string' ? message.text : '' };
}

export const WireMessage = z.strictObject({
  type: z.literal('message'),
  text: z.string(),
  qihu: OutMessage,
  /** On a person's messages in the live hand-off: the page acknowledges it and shows each seq once. */
  seq: z.number().int().positive().optional(),
});
export type WireMessage = z.infer<typeof WireMessage>;

/** The reply for bot.reply(): Botkit's web adapter spreads channelData into the wire message. */
export const replyOf = (out: OutMessage): { type: 'message'; text: string; channelData: { qihu: OutMessage } } => ({
  type: 'message',
  text: out.text,
  channelData: { qihu: out },
});

/** What the page receives for an OutMessage (also for notices the channel sends by itself). */
export const wireOf = (out: OutMessage, seq?: number): WireMessage => ({ type: 'message', text: out.text, qihu: out, ...(seq ? { seq } : {}) });

/** Channel notices: sent by the channel without a conversation turn. */
export const NOTICES = {
  rate_limited: '您发送得太快了，请稍等片刻再发；刚才这条消息没有处理。',
  busy: '上一条消息还在处理中，请稍候再发。',
} as const;
