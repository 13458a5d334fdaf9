/*
 * 企呼我应 · 企业服务助手: the public chat page's script (bundled by src/web/bundles.ts into
 * /chat/chat.js).
 *
 * Talks to the Botkit web adapter over a websocket on this page's own origin:
 *   socket: ws(s)://<this host>/ws (src/conversation/channels/wire.ts)
 *   out: {type: 'hello'|'welcome_back', user, channel: 'websocket'}              first connect of a page load
 *   out: {type: 'resume', user, channel: 'websocket'}                             each reconnect after it
 *        {type: 'message', user, channel: 'websocket', text}                      typed text
 *        {type: 'message', user, channel: 'websocket', text: label, qihu: input}  a button (Choice.input)
 *        {type: 'ack', user, channel: 'websocket', upTo: seq}                     a person's message shown (live-seq.ts)
 *   in:  {type: 'message', text, qihu: OutMessage}                               (src/conversation/types.ts)
 *        {type: 'message', text, qihu: OutMessage, seq}                          a person's, in the live hand-off
 * and falls back to POST /api/v1/chat {sessionId, text | input} → {messages} while the socket is down.
 * A reconnect says only `resume` (no turn): replies go back on the socket each message came on, and
 * what a person wrote in the live hand-off and the page has not acknowledged comes after the resume
 * (again, if a socket that died unnoticed swallowed it: the page shows each seq once).
 *
 * Security: everything from the server, the user or storage is rendered with textContent or as
 * attribute values set through the DOM (render.ts); nothing is ever parsed as HTML (the CSP also
 * enforces Trusted Types in Chromium).
 */
import type { UserInput } from '../../../../conversation/types';
import { byId, onReady } from '../../../shared/dom';
import { cleanEntry, cleanMessage, cleanOutgoing, TEXT_MAX, type HistoryEntry, type Outgoing } from './messages';
import { L, pageScript, setPageScript } from './labels';
import { ackFrame, firstShowing, KEY_LIVE_SEQ, liveSeqOf } from './live-seq';
import { applyUpdate, initMyTickets, relabel, remember, watchMessage } from './my-tickets';
import { showPopular } from './popular';
import { renderEntry, type RenderContext } from './render';
import { KEY_HISTORY, KEY_OUTBOX, KEY_SESSION, loadSessionId, newSessionId, readJson, store } from './store';

const HISTORY_MAX = 200;
const TYPING_TIMEOUT_MS = 20000;
const WS_PATH = '/ws';
/** The server queues at most 8 messages per socket: a long outbox goes in bursts. */
const BURST = 5;
const BURST_PAUSE_MS = 1500;
/** The conversation on screen is forgotten after a week without use (it may hold a phone number). */
const HISTORY_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** A returning visitor within this time is not greeted again (the history is on screen). */
const GREET_AGAIN_MS = 30 * 60 * 1000;
const BACKOFF_MS = [500, 1000, 2000, 4000, 8000, 15000, 30000];
/** Failed (or at once dropped) connects in a row after which queued messages go over HTTP. */
const HTTP_FALLBACK_AFTER = 2;
/** A connection that stays open this long counts as working again. */
const STABLE_MS = 5000;

type ConnState = 'connecting' | 'online' | 'reconnecting' | 'offline';

// ── state ──────────────────────────────────────────────────────────────────────────
const storedArray = (key: string): unknown[] => {
  const v = readJson(key, null);
  return Array.isArray(v) ? v : [];
};
let sessionId = loadSessionId();
let history: HistoryEntry[] = storedArray(KEY_HISTORY)
  .map(cleanEntry)
  .filter((e): e is HistoryEntry => Boolean(e));
/** Messages not yet delivered; kept across reloads. */
let outbox: Outgoing[] = storedArray(KEY_OUTBOX)
  .map(cleanOutgoing)
  .filter((o): o is Outgoing => Boolean(o));
{
  const last = history[history.length - 1];
  if (last && Date.now() - last.at > HISTORY_TTL_MS) {
    history = [];
    outbox = [];
    store.remove(KEY_HISTORY);
    store.remove(KEY_OUTBOX);
  }
}
let seq = Date.now();
const nextId = () => 'h' + (seq++).toString(36);

let socket: WebSocket | null = null;
let connectedOnce = false;
/** The connection's state, worded again when the page's script changes. */
let connState: ConnState = 'connecting';
/** Connections in a row that failed or did not last (a proxy that drops websockets at once). */
let failures = 0;
let stableTimer = 0;
let reconnectTimer = 0;
let httpBusy = false;
let burstTimer = 0;
/** After welcome_back: skip the plain greeting of the reply if the visitor was here just now. */
let skipGreeting = false;
let typingTimer = 0;
/** Sent on the socket and not answered yet: a drop now may lose the reply. */
let awaitingReply = false;

function saveHistory(): void {
  if (history.length > HISTORY_MAX) history = history.slice(-HISTORY_MAX);
  if (!store.set(KEY_HISTORY, JSON.stringify(history))) {
    // Quota exceeded: keep the most recent part.
    history = history.slice(-50);
    store.set(KEY_HISTORY, JSON.stringify(history));
  }
}
const saveOutbox = () => store.set(KEY_OUTBOX, JSON.stringify(outbox));

// ── DOM ────────────────────────────────────────────────────────────────────────────
let log: HTMLElement, conversation: HTMLElement, input: HTMLTextAreaElement, form: HTMLFormElement, conn: HTMLElement, offline: HTMLElement, typing: HTMLElement;

const coarsePointer = () => Boolean(window.matchMedia && window.matchMedia('(pointer: coarse)').matches);

/** After a button disables itself, keep focus somewhere sensible (not the keyboard on phones). */
function refocus(): void {
  if (coarsePointer()) conversation.focus({ preventScroll: true });
  else input.focus({ preventScroll: true });
}

function nearBottom(): boolean {
  return conversation.scrollHeight - conversation.scrollTop - conversation.clientHeight < 120;
}
function scrollToBottom(): void {
  conversation.scrollTop = conversation.scrollHeight;
}

const ctx: RenderContext = { save: saveHistory, deliver: (item, opts) => deliver(item, opts), refocus };

function append(entry: HistoryEntry, { save = true } = {}): void {
  const stick = entry.role === 'user' || nearBottom();
  history.push(entry);
  if (save) saveHistory();
  const li = renderEntry(entry, ctx);
  log.append(li);
  if (!stick) return;
  // A long answer is read from its start: show its top, not its end.
  if (entry.role === 'bot' && li.offsetHeight > conversation.clientHeight * 0.75) {
    conversation.scrollTop = Math.max(0, li.offsetTop - 8);
  } else {
    scrollToBottom();
  }
}

/** The rendered message of an entry. Updates are made in place: a replaced node would be read out again. */
const nodeOf = (entry: HistoryEntry) => log.querySelector(`[data-id="${entry.id}"]`);

/** The user moved on: earlier choice buttons no longer apply. */
function closeChoices(): void {
  let changed = false;
  for (const entry of history) {
    if (entry.role === 'bot' && entry.msg.choices && entry.msg.choices.length && !entry.ui.closed) {
      entry.ui.closed = true;
      changed = true;
      const li = nodeOf(entry);
      if (li) for (const b of li.querySelectorAll<HTMLButtonElement>('.choices .choice')) b.disabled = true;
    }
  }
  if (changed) saveHistory();
}

function showTyping(on: boolean): void {
  clearTimeout(typingTimer);
  typing.hidden = !on;
  if (on) {
    typingTimer = window.setTimeout(() => showTyping(false), TYPING_TIMEOUT_MS);
    if (nearBottom()) scrollToBottom();
  }
}

/** The page's own labels follow the script of the user's latest message (labels.ts). */
function followScript(script: 'simplified' | 'traditional'): void {
  if (script === pageScript()) return;
  setPageScript(script);
  byId('new-chat').textContent = L('newChat');
  byId('handoff').textContent = L('handoff');
  byId('send').textContent = L('send');
  byId('note').textContent = L('note');
  input.placeholder = L(isPhone() ? 'placeholderShort' : 'placeholder');
  setConn(connState);
  relabel();
}

function receive(raw: unknown): void {
  const msg = cleanMessage(raw);
  if (!msg || (!msg.text && !msg.card && !(msg.choices && msg.choices.length))) return;
  followScript(msg.script ?? 'simplified');
  if (msg.ticketId && msg.ticketToken) {
    // Kept under 我的工单 (not in the history), and watched from now on.
    remember(msg.ticketId, msg.ticketToken);
    delete msg.ticketToken;
    const watch = watchMessage(sessionId);
    if (watch && socket && socketOpen()) socket.send(watch);
  }
  if (skipGreeting) {
    skipGreeting = false;
    if (msg.type === 'text' && !(msg.choices && msg.choices.length)) return;
  }
  showTyping(false);
  awaitingReply = false;
  append({ id: nextId(), role: 'bot', text: msg.text, at: Date.now(), msg, ui: {} });
}

/** A phone-wide screen: the placeholder's example does not fit its input box. */
const isPhone = (): boolean => Boolean(window.matchMedia && window.matchMedia('(max-width: 520px)').matches);

// ── connection state ──────────────────────────────────────────────────────────────
function setConn(state: ConnState): void {
  const labels = { connecting: 'connConnecting', online: 'connOnline', reconnecting: 'connReconnecting', offline: 'connOffline' } as const;
  connState = state;
  conn.dataset.state = state;
  conn.textContent = L(labels[state]);
  const queued = outbox.length;
  if (state === 'online') {
    offline.hidden = true;
    offline.textContent = '';
  } else if (state === 'reconnecting' || state === 'offline') {
    offline.hidden = false;
    offline.textContent =
      L(state === 'offline' ? 'offlineLead' : 'reconnectingLead') + (queued ? L('queuedToSend', { n: queued }) : L('historyKept'));
  }
}

const socketOpen = () => socket !== null && socket.readyState === WebSocket.OPEN;

function wsUrl(): string {
  return (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + WS_PATH;
}

function connect(): void {
  clearTimeout(reconnectTimer);
  reconnectTimer = 0;
  if (socket && (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING)) return;
  setConn(connectedOnce ? 'reconnecting' : 'connecting');
  let ws: WebSocket;
  try {
    ws = new WebSocket(wsUrl());
  } catch {
    scheduleReconnect();
    return;
  }
  socket = ws;
  ws.addEventListener('open', () => {
    if (socket !== ws) return;
    // The greeting (and, if a hand-off form is half filled, where it stopped): once per page load.
    if (!connectedOnce) {
      const last = history[history.length - 1];
      skipGreeting = Boolean(last && Date.now() - last.at < GREET_AGAIN_MS);
      ws.send(JSON.stringify({ type: history.length ? 'welcome_back' : 'hello', user: sessionId, channel: 'websocket' }));
    } else {
      // A reconnect: no greeting, but the socket speaks for this session again (a person's words sent meanwhile follow).
      ws.send(JSON.stringify({ type: 'resume', user: sessionId, channel: 'websocket' }));
    }
    // Every (re)connect: status changes of this browser's tickets come on this socket.
    const watch = watchMessage(sessionId);
    if (watch) ws.send(watch);
    connectedOnce = true;
    clearTimeout(stableTimer);
    stableTimer = window.setTimeout(() => {
      failures = 0;
    }, STABLE_MS);
    setConn('online');
    flush();
  });
  ws.addEventListener('message', (ev: MessageEvent) => {
    if (socket !== ws) return;
    let data: { type?: unknown; text?: unknown; qihu?: unknown; seq?: unknown } | null;
    try {
      data = JSON.parse(String(ev.data)) as typeof data;
    } catch {
      return;
    }
    if (data && data.type === 'ticket_update') {
      const v = applyUpdate((data as { ticket?: unknown }).ticket);
      if (v) append({ id: nextId(), role: 'note', text: L('update', { id: v.id, status: v.statusName }), at: Date.now(), ui: {} });
      return;
    }
    if (!data || data.type !== 'message') return;
    const seq = liveSeqOf(data);
    if (seq !== undefined && !firstShowing(sessionId, seq)) {
      ws.send(ackFrame(sessionId, seq));
      return;
    }
    receive(data.qihu && typeof data.qihu === 'object' ? data.qihu : { type: 'text', text: data.text });
    if (seq !== undefined) ws.send(ackFrame(sessionId, seq));
  });
  ws.addEventListener('close', () => {
    if (socket !== ws) return;
    socket = null;
    clearTimeout(stableTimer);
    if (awaitingReply) {
      awaitingReply = false;
      showTyping(false);
      append({ id: nextId(), role: 'note', text: L('replyMaybeLost'), at: Date.now(), ui: {} });
    }
    scheduleReconnect();
  });
}

function scheduleReconnect(): void {
  failures += 1;
  const base = BACKOFF_MS[Math.min(failures - 1, BACKOFF_MS.length - 1)]!;
  const delay = Math.round(base * (0.8 + Math.random() * 0.4));
  setConn(navigator.onLine === false ? 'offline' : 'reconnecting');
  clearTimeout(reconnectTimer);
  reconnectTimer = window.setTimeout(connect, delay);
  flush();
}

function reconnectNow(): void {
  if (!socketOpen() && reconnectTimer) connect();
}

// ── sending ───────────────────────────────────────────────────────────────────────
/**
 * One user input: shown as a bubble (unless silent, as for 👍/👎), queued, and sent as soon as
 * possible. text is what the user typed or the button's label; qihu is the button's UserInput.
 */
function deliver(item: { text: string; qihu?: UserInput }, { silent = false } = {}): void {
  const hid = nextId();
  byId('popular').hidden = true;
  if (!silent) {
    closeChoices();
    append({ id: hid, role: 'user', text: item.text, at: Date.now(), pending: true, ui: {} });
  }
  outbox.push({ hid, text: item.text, ...(item.qihu ? { qihu: item.qihu } : {}) });
  saveOutbox();
  flush();
  if (!socketOpen()) setConn(conn.dataset.state === 'offline' ? 'offline' : 'reconnecting');
}

function markSent(hid: string): void {
  const entry = history.find((e) => e.id === hid);
  if (entry && entry.pending) {
    delete entry.pending;
    saveHistory();
    const li = nodeOf(entry);
    if (li) {
      li.classList.remove('pending');
      const meta = li.querySelector('.meta');
      if (meta) meta.remove();
    }
  }
}

function flush(): void {
  if (!outbox.length || httpBusy) return;
  if (socket && socketOpen()) {
    if (burstTimer) return;
    for (let n = 0; n < BURST && outbox.length; n++) {
      const item = outbox.shift()!;
      const payload: { type: 'message'; user: string; channel: 'websocket'; text: string; qihu?: UserInput } = {
        type: 'message',
        user: sessionId,
        channel: 'websocket',
        text: item.text,
      };
      if (item.qihu) payload.qihu = item.qihu;
      socket.send(JSON.stringify(payload));
      awaitingReply = true;
      markSent(item.hid);
    }
    saveOutbox();
    showTyping(true);
    if (outbox.length) {
      burstTimer = window.setTimeout(() => {
        burstTimer = 0;
        flush();
      }, BURST_PAUSE_MS);
    }
    return;
  }
  if (failures >= HTTP_FALLBACK_AFTER) void flushHttp();
}

async function flushHttp(): Promise<void> {
  httpBusy = true;
  try {
    while (outbox.length && !socketOpen()) {
      const item = outbox[0]!;
      showTyping(true);
      const res = await fetch('/api/v1/chat', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        credentials: 'same-origin',
        body: JSON.stringify(item.qihu ? { sessionId, input: item.qihu } : { sessionId, text: item.text.slice(0, TEXT_MAX) }),
      });
      if (res.status === 400 || res.status === 413) {
        // Never accepted, however often it is sent: drop it and say so.
        outbox.shift();
        saveOutbox();
        markSent(item.hid);
        append({ id: nextId(), role: 'note', text: L('sendFailed'), at: Date.now(), ui: {} });
        continue;
      }
      if (!res.ok) break;
      const body = (await res.json()) as { messages?: unknown } | null;
      outbox.shift();
      saveOutbox();
      markSent(item.hid);
      const messages = body && Array.isArray(body.messages) ? (body.messages as unknown[]) : [];
      for (const m of messages) receive(m);
    }
  } catch {
    /* offline: stays queued */
  } finally {
    httpBusy = false;
    showTyping(false);
  }
  if (outbox.length && socketOpen()) flush();
}

// ── input ─────────────────────────────────────────────────────────────────────────
function autosize(): void {
  input.style.height = 'auto';
  input.style.height = Math.min(input.scrollHeight + 2, 160) + 'px';
}

function submit(): void {
  const text = input.value.trim();
  if (!text) {
    input.focus();
    return;
  }
  deliver({ text: text.slice(0, TEXT_MAX) });
  input.value = '';
  autosize();
  input.focus();
}

function startNewChat(): void {
  if (!window.confirm(L('newChatConfirm'))) return;
  history = [];
  outbox = [];
  store.remove(KEY_HISTORY);
  store.remove(KEY_OUTBOX);
  store.remove(KEY_LIVE_SEQ);
  sessionId = newSessionId();
  store.set(KEY_SESSION, sessionId);
  log.replaceChildren();
  void showPopular(byId('popular'), (text) => deliver({ text }));
  connectedOnce = false;
  failures = 0;
  const old = socket;
  socket = null;
  if (old) old.close();
  connect();
  input.focus();
}

function start(): void {
  log = byId('log');
  conversation = byId('conversation');
  input = byId<HTMLTextAreaElement>('input');
  form = byId<HTMLFormElement>('form');
  conn = byId('conn');
  offline = byId('offline');
  typing = byId('typing');
  const lastBot = [...history].reverse().find((e) => e.role === 'bot');
  if (lastBot && lastBot.role === 'bot') followScript(lastBot.msg.script ?? 'simplified');

  // History first, without announcing it again (aria-live reads additions only).
  const frag = document.createDocumentFragment();
  for (const entry of history) frag.append(renderEntry(entry, ctx));
  log.append(frag);
  scrollToBottom();

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    submit();
  });
  input.addEventListener('keydown', (ev) => {
    // IME-safe: Enter that confirms a Chinese candidate (composition) must not send.
    if (ev.key !== 'Enter' || ev.shiftKey || ev.isComposing || ev.keyCode === 229) return;
    ev.preventDefault();
    submit();
  });
  input.addEventListener('input', autosize);
  // A phone keyboard opening (or any resize) keeps the latest message in view.
  let wasNearBottom = true;
  conversation.addEventListener(
    'scroll',
    () => {
      wasNearBottom = nearBottom();
    },
    { passive: true },
  );
  window.addEventListener('resize', () => {
    if (wasNearBottom) scrollToBottom();
  });
  // The example in the placeholder does not fit a phone's input box.
  if (isPhone()) input.placeholder = L('placeholderShort');
  byId('handoff').addEventListener('click', () => {
    deliver({ text: L('handoff'), qihu: { action: 'handoff' } });
    input.focus({ preventScroll: true });
  });
  byId('new-chat').addEventListener('click', startNewChat);

  window.addEventListener('online', reconnectNow);
  window.addEventListener('offline', () => {
    if (!socketOpen()) setConn('offline');
  });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') reconnectNow();
  });

  // 我的工单: changes since the last visit are said once, above the composer's line of sight.
  void initMyTickets().then((n) => {
    if (n) append({ id: nextId(), role: 'note', text: L('unseen', { n }), at: Date.now(), ui: {} }, { save: false });
  });
  if (!history.length) void showPopular(byId('popular'), (text) => deliver({ text }));

  if ('WebSocket' in window) connect();
  else {
    failures = HTTP_FALLBACK_AFTER;
    setConn('reconnecting');
  }
  if (!coarsePointer()) input.focus({ preventScroll: true });
}

onReady(start);
