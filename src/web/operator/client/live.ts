/**
 * 在线转人工: the conversations waiting for a person (their chat so far, the engine's best guesses,
 * the enterprise's details typed so far, how long they have waited), taken with 接入; then the chat
 * with the user (their messages arrive over server-sent events), 结束, 转回智能助手 and 转工单 (the
 * user is asked for the ticket's remaining details in the chat, the demand pre-filled here).
 */
import { api } from './api';
import { $, clear, el } from './dom';

/** GET /api/v1/hotline/live's items (LiveView of src/conversation/live/schema.ts), as the page reads them. */
interface LiveMessage {
  role: 'user' | 'operator';
  text: string;
  at: string;
  operator?: string;
}
interface LiveView {
  sessionId: string;
  status: 'waiting' | 'active';
  enqueuedAt: string;
  operator?: { name: string; display: string };
  demand?: string;
  guesses: { title: string }[];
  details: { name?: string; creditCode?: string; district?: string; contactName?: string; phone?: string };
  transcript: { role: 'user' | 'bot'; text: string }[];
  messages: LiveMessage[];
  position?: number;
}

const LIVE = '/live';
let conversations: LiveView[] = [];
/** The conversation open in the chat pane (one this operator took). */
let open: LiveView | undefined;

const liveStatus = (text: string) => {
  $('live-status').textContent = text;
};

function waited(since: string): string {
  const s = Math.max(0, Math.round((Date.now() - Date.parse(since)) / 1000));
  return s < 60 ? `${s}秒` : `${Math.floor(s / 60)}分${s % 60}秒`;
}

function details(c: LiveView): HTMLElement {
  const d = c.details;
  const parts = [d.name, d.creditCode, d.district, d.contactName, d.phone].filter((v): v is string => Boolean(v));
  return el('p', 'live-details', parts.length ? '已填信息：' + parts.join('，') : '尚未填写企业信息');
}

function renderItem(c: LiveView): HTMLLIElement {
  const li = el('li', 'live-item ' + c.status);
  li.dataset.session = c.sessionId;
  const head = c.status === 'waiting' ? `排队第${c.position ?? '?'}位 · 已等待${waited(c.enqueuedAt)}` : `${c.operator?.display ?? ''} 接待中`;
  li.append(el('p', 'live-head', head));
  if (c.demand) li.append(el('p', 'live-demand', '诉求：' + c.demand));
  if (c.guesses.length) li.append(el('p', 'live-guesses', '智能助手的猜测：' + c.guesses.map((g) => g.title).join('；')));
  li.append(details(c));
  const transcript = el('ol', 'live-transcript');
  for (const t of [...c.transcript.slice(-6), ...c.messages.filter((m) => m.role === 'user').slice(-3).map((m) => ({ role: 'user', text: m.text }))])
    transcript.append(el('li', t.role, (t.role === 'user' ? '用户：' : '助手：') + t.text));
  li.append(transcript);
  if (c.status === 'waiting') {
    const take = el('button', 'take', '接入');
    take.type = 'button';
    take.addEventListener('click', () => takeOne(c.sessionId));
    li.append(take);
  }
  return li;
}

function renderQueue(): void {
  const list = $('live-queue');
  clear(list);
  for (const c of conversations) list.append(renderItem(c));
  $('live-empty').hidden = conversations.length > 0;
}

function appendMessage(m: Pick<LiveMessage, 'role' | 'text'> & { operator?: string | undefined }): void {
  const who = m.role === 'user' ? '用户' : '我';
  const list = $('live-messages');
  list.append(el('li', 'live-msg ' + m.role, `${who}：${m.text}`));
  list.scrollTop = list.scrollHeight;
}

function openChat(c: LiveView): void {
  open = c;
  $('live-chat').hidden = false;
  $('live-chat-title').textContent = '正在接待：' + (c.demand ?? c.sessionId.slice(0, 8));
  const list = $('live-messages');
  clear(list);
  for (const t of c.transcript) list.append(el('li', 'live-msg earlier ' + t.role, (t.role === 'user' ? '用户：' : '助手：') + t.text));
  for (const m of c.messages) appendMessage(m);
  $<HTMLInputElement>('live-summary').value = (c.demand ?? c.messages.find((m) => m.role === 'user')?.text ?? '').slice(0, 200);
  $<HTMLTextAreaElement>('live-text').focus();
}

function closeChat(): void {
  open = undefined;
  $('live-chat').hidden = true;
}

function takeOne(sessionId: string): void {
  api<{ conversation: LiveView; detail?: string }>('POST', `${LIVE}/${encodeURIComponent(sessionId)}/take`, {})
    .then((r) => {
      if (r.ok && r.data) {
        liveStatus('');
        openChat(r.data.conversation);
      } else liveStatus(r.status === 409 ? '已被其他话务员接入' : '这个对话已结束');
    })
    .catch(() => liveStatus('接入失败，请重试'));
}

function send(): void {
  const box = $<HTMLTextAreaElement>('live-text');
  const text = box.value.trim();
  if (!open || !text) return;
  const id = open.sessionId;
  box.value = '';
  appendMessage({ role: 'operator', text });
  api('POST', `${LIVE}/${encodeURIComponent(id)}/messages`, { text })
    .then((r) => {
      if (!r.ok) liveStatus('消息没有发出：对话已结束或不由您接待');
    })
    .catch(() => liveStatus('消息没有发出，请重试'));
}

function end(how: 'ended' | 'handed_back' | 'ticket'): void {
  if (!open) return;
  const summary = $<HTMLInputElement>('live-summary').value.trim();
  api('POST', `${LIVE}/${encodeURIComponent(open.sessionId)}/end`, how === 'ticket' && summary ? { how, summary } : { how })
    .then((r) => {
      liveStatus(r.ok ? { ended: '已结束对话', handed_back: '已转回智能助手', ticket: '已转为工单登记，用户在对话中补充联系方式' }[how] : '操作没有成功，请刷新后重试');
      if (r.ok) closeChat();
    })
    .catch(() => liveStatus('操作没有成功，请重试'));
}

function listen(): void {
  const events = new EventSource('/api/v1/hotline' + LIVE + '/events');
  events.addEventListener('queue', (ev: MessageEvent<string>) => {
    conversations = (JSON.parse(ev.data) as { conversations: LiveView[] }).conversations;
    renderQueue();
  });
  events.addEventListener('message', (ev: MessageEvent<string>) => {
    const { sessionId, message } = JSON.parse(ev.data) as { sessionId: string; message: LiveMessage };
    if (open && open.sessionId === sessionId) appendMessage(message);
    const c = conversations.find((x) => x.sessionId === sessionId);
    if (c) {
      c.messages.push(message);
      renderQueue();
    }
  });
}

export function startLive(): void {
  $('live-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    send();
  });
  $('live-text').addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing) {
      ev.preventDefault();
      send();
    }
  });
  $('live-end').addEventListener('click', () => end('ended'));
  $('live-back').addEventListener('click', () => end('handed_back'));
  $('live-ticket').addEventListener('click', () => end('ticket'));
  listen();
  // The waited times move on.
  window.setInterval(() => conversations.some((c) => c.status === 'waiting') && renderQueue(), 5000);
}
