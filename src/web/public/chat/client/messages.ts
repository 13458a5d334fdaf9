/**
 * What the chat page shows and keeps: messages from the server and entries of the history, each
 * checked for shape when it comes in (server, storage) and never trusted beyond that. The server's
 * vocabulary is OutMessage (src/conversation/types.ts); what is kept is a bounded copy of it.
 */
import type { AnswerCard, OutMessage, UserInput } from '../../../../conversation/types';

/** USER_TEXT_MAX of src/conversation/types.ts (not imported: that module would bring zod into the page). */
export const TEXT_MAX = 2000;
const MESSAGE_TYPES: readonly string[] = ['answer', 'clarify', 'handoff', 'text', 'ticket'] satisfies OutMessage['type'][];

export interface ChatChoice {
  label: string;
  input: UserInput;
}

export interface ChatCard extends Pick<AnswerCard, 'title' | 'fieldLabel' | 'body' | 'facts' | 'source' | 'materials'> {
  department: string | undefined;
  /** The asked field (a Field of src/engine/types.ts). */
  field: string | undefined;
  onlineUrl: string | undefined;
}

export interface ChatMessage {
  type: OutMessage['type'];
  text: string;
  turnId: string | undefined;
  ticketId: string | undefined;
  /** A filed ticket's access token (kept under 我的工单, not in the history). */
  ticketToken?: string;
  script?: 'traditional';
  card?: ChatCard;
  choices?: ChatChoice[];
  /** A person's message (live hand-off): their display name. */
  agent?: string;
}

/** What the visitor did with a message, kept with it. */
export interface EntryUi {
  feedback?: boolean;
  checked?: number[];
  picked?: number;
  closed?: boolean;
}

interface EntryBase {
  id: string;
  text: string;
  at: number;
  pending?: true;
  ui: EntryUi;
}
export type BotEntry = EntryBase & { role: 'bot'; msg: ChatMessage };
export type HistoryEntry = (EntryBase & { role: 'user' }) | (EntryBase & { role: 'note' }) | BotEntry;

/** A message waiting to be delivered: the history entry it belongs to, the text, the button's input. */
export interface Outgoing {
  hid: string;
  text: string;
  qihu?: UserInput;
}

type Loose = Record<string, unknown>;
const obj = (v: unknown): Loose | undefined => (v && typeof v === 'object' ? (v as Loose) : undefined);
const str = (v: unknown, max = 20000): string | undefined => (typeof v === 'string' ? v.slice(0, max) : undefined);

/** A button's input as the server sent it: a small plain object, copied. */
export function cleanInput(v: unknown): UserInput | undefined {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  try {
    const json = JSON.stringify(v);
    return json.length <= 2000 ? (JSON.parse(json) as UserInput) : undefined;
  } catch {
    return undefined;
  }
}

function cleanCard(raw: unknown): ChatCard | undefined {
  const c = obj(raw);
  if (!c) return undefined;
  const title = str(c.title, 500);
  if (!title) return undefined;
  const card: ChatCard = {
    title,
    department: str(c.department, 200),
    field: str(c.field, 40),
    fieldLabel: str(c.fieldLabel, 100) || '',
    body: str(c.body) || '',
    facts: [],
    onlineUrl: str(c.onlineUrl, 2000),
    source: str(c.source, 500) || '',
  };
  if (Array.isArray(c.materials)) {
    card.materials = (c.materials as unknown[])
      .slice(0, 100)
      .map(obj)
      .filter((m): m is Loose => Boolean(m) && typeof m!.name === 'string')
      .map((m) => ({ name: str(m.name, 500)!, detail: str(m.detail, 1000) }));
  }
  if (Array.isArray(c.facts)) {
    card.facts = (c.facts as unknown[])
      .slice(0, 30)
      .map(obj)
      .filter((f): f is Loose => Boolean(f) && typeof f!.label === 'string' && typeof f!.value === 'string')
      .map((f) => ({ label: str(f.label, 100)!, value: str(f.value, 5000)! }));
  }
  return card;
}

export function cleanMessage(raw: unknown): ChatMessage | undefined {
  const m = obj(raw);
  if (!m) return undefined;
  const msg: ChatMessage = {
    type: typeof m.type === 'string' && MESSAGE_TYPES.includes(m.type) ? (m.type as ChatMessage['type']) : 'text',
    text: str(m.text) || '',
    turnId: str(m.turnId, 100),
    ticketId: str(m.ticketId, 60),
  };
  if (m.script === 'traditional') msg.script = 'traditional';
  const token = str(m.ticketToken, 64);
  if (token && /^[A-Za-z0-9_-]{8,64}$/.test(token)) msg.ticketToken = token;
  const card = cleanCard(m.card);
  if (card) msg.card = card;
  const agent = str(m.agent, 64);
  if (agent) msg.agent = agent;
  if (Array.isArray(m.choices)) {
    msg.choices = (m.choices as unknown[])
      .slice(0, 30)
      .map(obj)
      .map((c) => c && { label: str(c.label, 200), input: cleanInput(c.input) })
      .filter((c): c is ChatChoice => Boolean(c && c.label && c.input));
  }
  return msg;
}

export function cleanEntry(raw: unknown): HistoryEntry | undefined {
  const e = obj(raw);
  if (!e || typeof e.id !== 'string' || !/^h[0-9a-z]{1,20}$/.test(e.id)) return undefined;
  if (e.role !== 'user' && e.role !== 'bot' && e.role !== 'note') return undefined;
  const base = { id: e.id, text: str(e.text) || '', at: typeof e.at === 'number' && Number.isFinite(e.at) ? e.at : 0, ui: {} as EntryUi };
  let entry: HistoryEntry;
  if (e.role === 'bot') {
    const msg = cleanMessage(e.msg);
    if (!msg) return undefined;
    entry = { ...base, role: 'bot', msg };
  } else entry = e.role === 'user' ? { ...base, role: 'user' } : { ...base, role: 'note' };
  if (e.pending === true) entry.pending = true;
  const ui = obj(e.ui) ?? {};
  if (typeof ui.feedback === 'boolean') entry.ui.feedback = ui.feedback;
  if (Array.isArray(ui.checked)) entry.ui.checked = (ui.checked as unknown[]).filter((n): n is number => Number.isInteger(n)).slice(0, 100);
  if (typeof ui.picked === 'number' && Number.isInteger(ui.picked)) entry.ui.picked = ui.picked;
  if (ui.closed === true) entry.ui.closed = true;
  return entry;
}

/** A stored outbox item, or undefined. */
export function cleanOutgoing(raw: unknown): Outgoing | undefined {
  const o = obj(raw);
  if (!o || typeof o.hid !== 'string' || typeof o.text !== 'string') return undefined;
  const qihu = cleanInput(o.qihu);
  return { hid: o.hid, text: o.text.slice(0, TEXT_MAX), ...(qihu ? { qihu } : {}) };
}
